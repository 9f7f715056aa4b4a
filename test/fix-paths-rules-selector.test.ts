// Recursive access rules match python-ovh's add_recursive_rules (trailing "*" and "/" stripped first), and an AI
// token's string labelSelector is sent as written (OVH's TokenSpec.labelSelector is a plain string).
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { accessRules, InputValidationError } from '../src/index.js';
import { API, mockClient, mockOvh } from './helpers/resource-mocks.js';

const mock = mockOvh();
const PROJECT = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';

describe('recursive access rules, as python-ovh builds them', () => {
  it.each([
    ['/sms/*', ['/sms', '/sms/*']],
    ['/sms/**/', ['/sms', '/sms/*']],
    ['/sms*', ['/sms', '/sms/*']],
    ['/*', ['/*']],
  ])('%s → %j', (path, paths) => {
    expect(accessRules.readOnly(path, { recursive: true })).toEqual(paths.map((p) => ({ method: 'GET', path: p })));
  });
});

describe('AI token labelSelector', () => {
  const body = () => JSON.parse(mock.requests[0]?.body ?? '{}') as Record<string, unknown>;
  const answer = () =>
    HttpResponse.json({
      id: '2f0d4c7e-91b3-4c0e-8a55-6b1d2e3f4a5b',
      createdAt: '2024-05-02T09:00:00Z',
      updatedAt: '2024-05-02T09:00:00Z',
      spec: { name: 'ci', region: 'GRA', role: 'ai_training_read', labelSelector: null },
      status: { value: null, version: 1 },
    });

  it.each(['env!=prod', 'a = b', ' team=vision ', 'tier in (gpu,cpu),!legacy', 'team'])('the string %j is sent as written', async (selector) => {
    mock.on('POST', '/cloud/project/:p/ai/token', answer);
    await mockClient().aiTokens.create(PROJECT, { name: 'ci', role: 'read', labelSelector: selector });
    expect(mock.requests[0]?.url).toBe(`${API}/cloud/project/${PROJECT}/ai/token`);
    expect(body()).toEqual({ name: 'ci', region: 'GRA', role: 'ai_training_read', labelSelector: selector });
  });

  it.each(['', '   '])('the blank string %j is refused with a message that says what to do', async (selector) => {
    const error = await mockClient()
      .aiTokens.create(PROJECT, { name: 'ci', role: 'read', labelSelector: selector })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as InputValidationError).field).toBe('input.labelSelector');
    expect((error as Error).message).toMatch(/must not be empty.*leave labelSelector out \(or null\)/);
    expect(mock.attempted).toEqual([]);
  });
});
