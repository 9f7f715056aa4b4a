// Issue 21's "last real-API misses", each judged by fixtures written from OVH's published descriptions
// (test/fixtures/published/README.md), on msw: what the SDK sends and what it reads back.
import { readFileSync } from 'node:fs';
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { InputValidationError } from '../src/index.js';
import { API, expectSigned, mockClient, mockOvh } from './helpers/resource-mocks.js';

const mock = mockOvh();
const fixture = <T = Record<string, unknown>>(name: string): T[] =>
  JSON.parse(readFileSync(new URL(`./fixtures/published/ovh/${name}.json`, import.meta.url), 'utf8')) as T[];

const PROJECT = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const APP_ID = '7b9f4e21-3c5d-4a8e-9f10-2b3c4d5e6f70';

describe('aiTokens.create: label selectors on the platform labels of AI Deploy apps', () => {
  const [scoped] = fixture('cloud.project.ai.token.Token.app-scoped');

  it.each([
    ['ovh/id as a string', `ovh/id=${APP_ID}`, `ovh/id=${APP_ID}`],
    ['ovh/id and ovh/type as an object', { 'ovh/id': APP_ID, 'ovh/type': 'app' }, `ovh/id=${APP_ID},ovh/type=app`],
    ['a dotted prefix', 'team.example.com/name=vision', 'team.example.com/name=vision'],
  ])('%s is sent as the API takes it', async (_, labelSelector, sent) => {
    mock.on('POST', '/cloud/project/:p/ai/token', () => HttpResponse.json(scoped));
    const token = await mockClient().aiTokens.create(PROJECT, { name: 'one-app-reader', role: 'read', labelSelector });
    expectSigned(mock.requests[0], {
      method: 'POST',
      url: `${API}/cloud/project/${PROJECT}/ai/token`,
      body: { name: 'one-app-reader', region: 'GRA', role: 'ai_training_read', labelSelector: sent },
    });
    expect(token.spec.labelSelector).toBe(`ovh/id=${APP_ID}`);
  });

  it.each([
    ['a prefix without a name', { 'ovh/': 'x' }],
    ['two slashes', { 'ovh/id/x': '1' }],
    ['a prefix with a space', { 'my team/id': '1' }],
    ['a slash in the value', { 'ovh/id': 'a/b' }],
    ['an upper-case prefix', { 'OVH/id': '1' }],
  ])('%s (object form) is refused before sending', async (_, labelSelector) => {
    const error = await mockClient()
      .aiTokens.create(PROJECT, { name: 'x', role: 'read', labelSelector })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as InputValidationError).field).toBe('input.labelSelector');
    expect((error as Error).message).toContain('"ovh/id=<app id>"');
    expect(mock.attempted).toEqual([]);
  });
});

describe('oauth2Clients.update: callbackUrls is nullable and writable (me.json oauth2.client)', () => {
  it('sends { callbackUrls: null } as given', async () => {
    mock.on('PUT', '/me/api/oauth2/client/:id', () => new HttpResponse(null, { status: 200 }));
    await mockClient().oauth2Clients.update('EU.77aa88bb99cc00dd', { callbackUrls: null });
    expectSigned(mock.requests[0], { method: 'PUT', url: `${API}/me/api/oauth2/client/EU.77aa88bb99cc00dd`, body: { callbackUrls: null } });
    expect(mock.requests[0]!.body).toBe('{"callbackUrls":null}');
  });

  it('still refuses a callback URL that is not an absolute URI', async () => {
    const error = await mockClient()
      .oauth2Clients.update('EU.1', { callbackUrls: ['not a url'] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputValidationError);
    expect(mock.attempted).toEqual([]);
  });
});

describe('access rules read back: auth.AccessRule.path is any string', () => {
  const rules = fixture('auth.AccessRule');
  const [credential] = fixture('auth.ApiCredential');

  it('a credential whose rules have paths without a leading "/" reads as sent', async () => {
    mock.on('GET', '/me/api/credential/:id', () => HttpResponse.json({ ...credential, rules }));
    const read = await mockClient().credentials.get(471538902);
    expect(read.rules).toEqual(rules);
  });

  it('the rules a consumer-key request sends stay strict', async () => {
    const error = await mockClient()
      .auth.requestConsumerKey({ accessRules: [{ method: 'GET', path: 'me' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as Error).message).toContain('path must start with "/"');
    expect(mock.attempted).toEqual([]);
  });
});

describe('requestConsumerKey: validationUrl may be null (the older auth.Credential model)', () => {
  it.each(fixture<{ consumerKey: string; state: string }>('auth.Credential'))('reads $state with validationUrl null', async (answer) => {
    mock.on('POST', '/auth/credential', () => HttpResponse.json(answer));
    const pending = await mockClient().auth.requestConsumerKey({ accessRules: [{ method: 'GET', path: '/me' }] });
    expect(pending.validationUrl).toBeNull();
    expect(pending.state).toBe(answer.state);
    expect(pending.consumerKey.reveal()).toBe(answer.consumerKey);
  });
});
