import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { AuthenticationError, InputValidationError, NotFoundError, ResponseValidationError } from '../src/index.js';
import { API, expectSigned, mockClient, mockOvh, ovhError, simCalls, simClient } from './helpers/resource-mocks.js';

const mock = mockOvh();

const app = (id: number, extra: Record<string, unknown> = {}) => ({
  applicationId: id,
  applicationKey: `AK${id}`,
  name: `app-${id}`,
  description: 'd',
  status: 'active',
  ...extra,
});

describe('applications against the simulator', () => {
  it('list() and listDetails(): the seed has one application per status', async () => {
    const { sim, ovh } = simClient();
    const ids = await ovh.applications.list();
    expect(ids).toEqual([...sim.state.applications.keys()]);
    const details = await ovh.applications.listDetails({ concurrency: 2 });
    expect(details.map((a) => a.applicationId)).toEqual(ids);
    expect(new Set(details.map((a) => a.status))).toEqual(new Set(['active', 'blocked', 'inactive', 'trusted']));
    expect(details.missing).toEqual([]);
    for (const application of sim.state.applications.values()) expect(JSON.stringify(details)).not.toContain(application.applicationSecret);
  });

  it('get() returns one application', async () => {
    const { sim, ovh } = simClient();
    const partner = [...sim.state.applications.values()].find((a) => a.name === 'partner-console')!;
    expect(await ovh.applications.get(partner.applicationId)).toEqual({
      applicationId: partner.applicationId,
      applicationKey: partner.applicationKey,
      name: 'partner-console',
      description: 'Reseller integration',
      status: 'trusted',
    });
  });

  it('delete() also revokes every credential of the application', async () => {
    const { sim, ovh } = simClient();
    const billing = [...sim.state.applications.values()].find((a) => a.name === 'billing-export')!;
    const keys = await ovh.credentials.list({ applicationId: billing.applicationId });
    expect(keys.length).toBeGreaterThan(0);
    await ovh.applications.delete(billing.applicationId);
    expect(simCalls(sim).at(-1)).toBe(`DELETE /me/api/application/${billing.applicationId}`);
    expect(await ovh.credentials.list({ applicationId: billing.applicationId })).toEqual([]);
    for (const id of keys) await expect(ovh.credentials.get(id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(ovh.applications.get(billing.applicationId)).rejects.toMatchObject({
      name: 'NotFoundError',
      apiMessage: `The requested object (applicationId = ${billing.applicationId}) does not exist`,
    });
  });

  it('deleting the application of the key in use locks this client out', async () => {
    const { sim, ovh } = simClient();
    const mine = [...sim.state.applications.values()].find((a) => a.applicationKey === sim.defaults.applicationKey)!;
    await ovh.applications.delete(mine.applicationId);
    await expect(ovh.get('/me')).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('listDetails() reports applications deleted mid-way in .missing', async () => {
    const { sim, ovh } = simClient();
    const victim = [...sim.state.applications.keys()][3]!;
    sim.failNext({ status: 404, method: 'GET', path: `/me/api/application/${victim}`, body: { class: 'Client::NotFound', message: 'gone' } });
    const details = await ovh.applications.listDetails();
    expect(details.missing).toEqual([victim]);
    expect(details).toHaveLength(sim.state.applications.size - 1);
  });
});

describe('applications over msw (exact requests)', () => {
  it('list() → GET /me/api/application', async () => {
    mock.on('GET', '/me/api/application', () => HttpResponse.json([10, 11]));
    expect(await mockClient().applications.list()).toEqual([10, 11]);
    expectSigned(mock.requests[0], { method: 'GET', url: `${API}/me/api/application` });
  });

  it('get() → GET /me/api/application/{id}, unknown fields kept; an unknown status passes through, a mistyped one is a ResponseValidationError', async () => {
    mock.on('GET', '/me/api/application/:id', ({ params }) =>
      params.id === '10'
        ? HttpResponse.json(app(10, { createdBy: 'x' }))
        : params.id === '12'
          ? HttpResponse.json(app(12, { status: 'suspended' }))
          : HttpResponse.json(app(11, { status: 3 }), { headers: { 'X-Ovh-QueryID': 'EU.q.11' } }),
    );
    const ovh = mockClient();
    expect(await ovh.applications.get(10)).toEqual(app(10, { createdBy: 'x' }));
    expectSigned(mock.requests[0], { method: 'GET', url: `${API}/me/api/application/10` });
    expect((await ovh.applications.get(12)).status).toBe('suspended');
    const error = await ovh.applications.get(11).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error).toMatchObject({ queryId: 'EU.q.11', issues: [{ field: 'status', message: expect.any(String), received: '3' }] });
    expect((error as Error).message).toContain('status: ');
    expect((error as Error).message).toContain('(got 3)');
  });

  it('delete() → DELETE /me/api/application/{id}', async () => {
    mock.on('DELETE', '/me/api/application/:id', () => new HttpResponse(null, { status: 200 }));
    await expect(mockClient().applications.delete(12)).resolves.toBeUndefined();
    expectSigned(mock.requests[0], { method: 'DELETE', url: `${API}/me/api/application/12` });
  });

  it('listDetails() → list, then one GET per id', async () => {
    mock.on('GET', '/me/api/application', () => HttpResponse.json([1, 2]));
    mock.on('GET', '/me/api/application/:id', ({ params }) => (params.id === '2' ? ovhError(404, 'gone') : HttpResponse.json(app(1))));
    const details = await mockClient().applications.listDetails();
    expect([...details]).toEqual([app(1)]);
    expect(details.missing).toEqual([2]);
    for (const r of mock.requests) expectSigned(r, { method: 'GET', url: r.url });
  });
});

describe('applications input validation (nothing is sent)', () => {
  const ovh = mockClient();
  it.each([
    ['get(0)', () => ovh.applications.get(0)],
    ['get(-5)', () => ovh.applications.get(-5)],
    ['get("1")', () => ovh.applications.get('1' as never)],
    ['delete(3.2)', () => ovh.applications.delete(3.2)],
    ['delete(Infinity)', () => ovh.applications.delete(Number.POSITIVE_INFINITY)],
  ])('%s → InputValidationError', async (_name, call) => {
    const error = await call().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as InputValidationError).field).toBe('applicationId');
    expect(mock.attempted).toEqual([]);
  });

  it('listDetails with a bad concurrency', async () => {
    await expect(ovh.applications.listDetails({ concurrency: -1 })).rejects.toBeInstanceOf(InputValidationError);
    expect(mock.attempted).toEqual([]);
  });
});
