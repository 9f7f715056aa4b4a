// API v2 cursor paging: X-Pagination-Size out, X-Pagination-Cursor-Next in, the cursor sent back as
// X-Pagination-Cursor, until an answer has no -Next header.
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BadRequestError, InputValidationError, OvhClient, ResponseValidationError } from '../src/index.js';

const V2 = 'https://eu.api.ovh.com/v2';
const ITEMS = Array.from({ length: 7 }, (_, i) => ({ id: `p${i + 1}`, name: `policy ${i + 1}` }));
const seen: Array<{ size: string | null; cursor: string | null; signed: boolean }> = [];

// Pages of `size` items; the cursor is the index of the next item, base64-wrapped as an opaque token.
const server = setupServer(
  http.get('https://eu.api.ovh.com/1.0/auth/time', () => HttpResponse.json(Math.floor(Date.now() / 1000))),
  http.get(`${V2}/iam/policy`, ({ request }) => {
    const size = request.headers.get('x-pagination-size');
    const cursor = request.headers.get('x-pagination-cursor');
    seen.push({ size, cursor, signed: request.headers.has('x-ovh-signature') });
    if (cursor !== null && !/^c\d+$/.test(atob(cursor))) return HttpResponse.json({ message: 'invalid cursor' }, { status: 400 });
    const from = cursor === null ? 0 : Number(atob(cursor).slice(1));
    const n = size === null ? 3 : Number(size);
    const page = ITEMS.slice(from, from + n);
    const next = from + n < ITEMS.length ? { 'X-Pagination-Cursor-Next': btoa(`c${from + n}`) } : undefined;
    return HttpResponse.json(page, next ? { headers: next } : {});
  }),
);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  seen.length = 0;
  server.resetHandlers();
});
afterAll(() => server.close());

const client = () =>
  new OvhClient({
    endpoint: 'ovh-eu',
    applicationKey: 'AKpaging01',
    applicationSecret: 'ASpagingSecret01',
    consumerKey: 'CKpagingSecret01',
    configFile: false,
    env: {},
    retry: false,
  });
const Policy = z.object({ id: z.string(), name: z.string() });

describe('ovh.paginate(v2 path)', () => {
  it('iterates every item across pages (3 pages of 3, 3, 1), sending each cursor back, every page signed', async () => {
    const names: string[] = [];
    for await (const p of client().paginate('/v2/iam/policy', { schema: Policy })) names.push(p.name);
    expect(names).toEqual(ITEMS.map((p) => p.name));
    expect(seen).toEqual([
      { size: null, cursor: null, signed: true },
      { size: null, cursor: btoa('c3'), signed: true },
      { size: null, cursor: btoa('c6'), signed: true },
    ]);
  });

  it('pages() yields each page with its next cursor; pageSize goes out as X-Pagination-Size', async () => {
    const pages = [];
    for await (const page of client().paginate('/v2/iam/policy', { schema: Policy, pageSize: 2 }).pages()) pages.push(page);
    expect(pages.map((p) => [p.items.map((i) => i.id), p.nextCursor])).toEqual([
      [['p1', 'p2'], btoa('c2')],
      [['p3', 'p4'], btoa('c4')],
      [['p5', 'p6'], btoa('c6')],
      [['p7'], undefined],
    ]);
    expect(seen.every((s) => s.size === '2')).toBe(true);
  });

  it('all() collects every item; a kept cursor resumes from its page; nothing is sent until used', async () => {
    const list = client().paginate('/v2/iam/policy', { schema: Policy, cursor: btoa('c3') });
    expect(seen).toEqual([]);
    expect((await list.all()).map((p) => p.id)).toEqual(['p4', 'p5', 'p6', 'p7']);
    // Each use starts again from the same place.
    expect((await list.all()).map((p) => p.id)).toEqual(['p4', 'p5', 'p6', 'p7']);
  });

  it("a stale or foreign cursor is the API's 400, as a BadRequestError", async () => {
    await expect(client().paginate('/v2/iam/policy', { cursor: 'bm90LWEtY3Vyc29y' }).all()).rejects.toBeInstanceOf(BadRequestError);
  });

  it("an item that does not match is reported by index and id, the page's good items kept", async () => {
    server.use(
      http.get(`${V2}/iam/policy`, ({ request }) =>
        request.headers.has('x-pagination-cursor')
          ? HttpResponse.json([ITEMS[2], { id: 4, name: 'bad' }])
          : HttpResponse.json([ITEMS[0], ITEMS[1]], { headers: { 'X-Pagination-Cursor-Next': 'next' } }),
      ),
    );
    const list = client().paginate('/v2/iam/policy', { schema: Policy });
    const error = (await list.all().catch((e: unknown) => e)) as ResponseValidationError;
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.invalidItems).toEqual([{ index: 1, id: 4, issues: [expect.objectContaining({ field: 'id', received: '4' })] }]);
    expect(error.validItems).toEqual([ITEMS[2]]);
  });

  it('a cursor the API repeats does not loop for ever', async () => {
    server.use(http.get(`${V2}/iam/policy`, () => HttpResponse.json([ITEMS[0]], { headers: { 'X-Pagination-Cursor-Next': 'same' } })));
    expect((await client().paginate('/v2/iam/policy').all()).length).toBe(2);
  });

  it('refuses v1 paths, a bad page size and an empty cursor before sending anything', () => {
    expect(() => client().paginate('/me/api/credential')).toThrow(InputValidationError);
    expect(() => client().paginate('/v2/iam/policy', { pageSize: 0 })).toThrow(/pageSize/);
    expect(() => client().paginate('/v2/iam/policy', { cursor: '' })).toThrow(/cursor/);
    expect(seen).toEqual([]);
  });
});
