// A paged v2 list can be awaited into an array (like every other list()), and a raw call's path may carry a query
// string, sent and signed as written (the simulator verifies every signature).
import { HttpResponse } from 'msw';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { type IamPolicy, iamUrn, InputValidationError } from '../src/index.js';
import { API, expectSigned, mockClient, mockOvh, simCalls, simClient } from './helpers/resource-mocks.js';

const mock = mockOvh();

describe('await list(): a paged v2 list is PromiseLike of every item', () => {
  it('await ovh.iam.policies.list() gives every policy of every page, fetched only when awaited', async () => {
    const { sim, ovh } = simClient();
    const account = await ovh.iam.accountUrn();
    const identity = iamUrn.serviceAccount('eu', await ovh.iam.nichandle(), 'EU.0123456789abcdef');
    for (const n of [1, 2, 3]) {
      await ovh.iam.policies.create({
        name: `p${n}`,
        identities: [identity],
        resources: [account],
        permissions: { allow: ['account:apiovh:me/get'] },
      });
    }
    const expected = await ovh.iam.policies.list({}, { pageSize: 2 }).all();
    expect(expected.length).toBeGreaterThanOrEqual(3);
    const before = simCalls(sim).length;
    const list = ovh.iam.policies.list({}, { pageSize: 2 });
    expect(simCalls(sim).length).toBe(before); // nothing fetched until awaited
    const policies = await list;
    expectTypeOf(policies).toEqualTypeOf<IamPolicy[]>();
    expect(Array.isArray(policies)).toBe(true);
    expect(policies.map((p) => p.id)).toEqual(expected.map((p) => p.id));
    expect(simCalls(sim).length - before).toBe(Math.ceil(expected.length / 2)); // every page, once
    // each use starts again: iteration and pages() still work on the same object
    const iterated: string[] = [];
    for await (const p of list) iterated.push(p.id);
    expect(iterated).toEqual(expected.map((p) => p.id));
    expect((await list.pages().next()).value?.items.length).toBe(2);
  });

  it('ovh.paginate() awaits to an array too, and a bad filter rejects the await', async () => {
    const { ovh } = simClient();
    const raw = await ovh.paginate('/v2/iam/policy');
    expect(Array.isArray(raw)).toBe(true);
    await expect(ovh.iam.policies.list({ identity: 'not a urn' })).rejects.toBeInstanceOf(InputValidationError);
  });
});

describe('a query string in a raw call path', () => {
  it('ovh.get("/me/api/credential?status=expired") is sent as written, signed, and filters like the query option', async () => {
    const { sim, ovh } = simClient();
    const viaOption = await ovh.get('/me/api/credential', { query: { status: 'expired' } });
    const viaPath = await ovh.get('/me/api/credential?status=expired');
    expect(viaPath).toEqual(viaOption);
    expect(viaPath).toEqual(await ovh.credentials.list({ status: 'expired' }));
    expect((viaPath as number[]).length).toBeGreaterThan(0);
    expect(simCalls(sim).at(-2)).toBe('GET /me/api/credential?status=expired');
  });

  it('the query option is appended with "&" (and the simulator accepts the signature over the whole URL)', async () => {
    const { sim, ovh } = simClient();
    const [id] = (await ovh.get('/me/api/credential?status=validated')) as number[];
    const { applicationId } = await ovh.credentials.get(id as number);
    const both = await ovh.get('/me/api/credential?status=validated', { query: { applicationId } });
    expect(both).toContain(id);
    expect(simCalls(sim).at(-1)).toBe(`GET /me/api/credential?status=validated&applicationId=${applicationId}`);
  });

  it('what fetch encodes (a space, a quote) is signed as sent; a v2 path keeps its query on the v2 base', async () => {
    mock.on('GET', '/me/api/credential', () => HttpResponse.json([]));
    await mockClient().get("/me/api/credential?note=a b'c&x=1", { query: { y: 'é' } });
    expectSigned(mock.requests[0], { method: 'GET', url: `${API}/me/api/credential?note=a%20b%27c&x=1&y=%C3%A9` });
    const { sim, ovh } = simClient();
    await ovh.get('/v2/iam/policy?readOnly=false');
    expect(sim.requests.at(-1)?.url).toBe('https://eu.api.ovh.com/v2/iam/policy?readOnly=false');
  });
});
