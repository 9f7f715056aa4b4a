// API v2 cursor paging: `X-Pagination-Size` asks for a page size, the answer's `X-Pagination-Cursor-Next` (none on
// the last page) is sent back as `X-Pagination-Cursor`. Every v2 list, and `ovh.paginate('/v2/...')`, pages here.
import type { z } from 'zod';
import { InputValidationError } from './errors.js';
import type { CallOptions, Transport } from './transport.js';
import type { QueryValue } from './path.js';
import { CALL_OPTION_KEYS, optionKeys, strictOptions } from './options.js';

/** One page of a v2 list. */
export interface Page<T> {
  /** The page's items. */
  items: T[];
  /** The cursor that fetches the next page, or undefined on the last page. */
  nextCursor: string | undefined;
}

/** Options of a paged v2 list. */
export interface PageOptions extends CallOptions {
  /** Items per page (`X-Pagination-Size`); the API's default when omitted. */
  pageSize?: number;
  /** Start from this cursor (a `nextCursor` kept from an earlier page) instead of the first page. */
  cursor?: string;
}
/** The keys of PageOptions, for the runtime check. */
export const PAGE_OPTION_KEYS = optionKeys<PageOptions>()([...CALL_OPTION_KEYS, 'pageSize', 'cursor']);

/**
 * A paged v2 list: await it (or call `all()`) for every item as an array, iterate it for every item across pages
 * (`for await`), or call `pages()` for the pages themselves. Nothing is fetched until one of them is used; each use
 * (each `await` too) starts from the first page (or `cursor`). Returned from an `async` function it is awaited there,
 * like any thenable: return `{ list }` or the pages' iterator to hand the pager itself on.
 * @example const policies = await ovh.iam.policies.list({ identity });
 * @example for await (const policy of ovh.iam.policies.list({ identity })) console.log(policy.name);
 */
export interface Paginated<T> extends AsyncIterable<T>, PromiseLike<T[]> {
  /** Every page, in order. */
  pages(): AsyncIterableIterator<Page<T>>;
  /** Every item of every page. */
  all(): Promise<T[]>;
}

/** What a list's pages are read with: the schema of one item (none: unchecked) and the validated query. */
export interface PageSource<S extends z.ZodType> {
  items?: S;
  query?: Readonly<Record<string, QueryValue>>;
}

/** Pages through `GET path`, each page checked with `items`; bad options throw at once, `source` runs once per use. */
export function paginate<S extends z.ZodType>(
  transport: Transport,
  path: string,
  source: () => PageSource<S> | Promise<PageSource<S>>,
  options: PageOptions = {},
): Paginated<z.output<S>> {
  strictOptions(options, PAGE_OPTION_KEYS, 'list options');
  const { pageSize, cursor: start, ...call } = options;
  if (pageSize !== undefined && !(Number.isInteger(pageSize) && pageSize > 0)) {
    throw new InputValidationError('pageSize', `pageSize must be a whole number above 0, got ${String(pageSize)}. Nothing was sent.`);
  }
  if (start !== undefined && (typeof start !== 'string' || start === '')) {
    throw new InputValidationError('cursor', 'cursor must be a non-empty string (a nextCursor from an earlier page). Nothing was sent.');
  }
  async function* pages(): AsyncIterableIterator<Page<z.output<S>>> {
    const { items, query } = await source();
    const schema = items?.array();
    let cursor = start;
    const seen = new Set<string>();
    for (;;) {
      let next: string | undefined;
      const onHeaders = (h: Headers) => {
        next = h.get('x-pagination-cursor-next') || undefined;
      };
      const spec = { ...(query ? { query } : {}), schema, onHeaders };
      const headers = {
        ...call.headers,
        ...(pageSize !== undefined ? { 'X-Pagination-Size': String(pageSize) } : {}),
        ...(cursor !== undefined ? { 'X-Pagination-Cursor': cursor } : {}),
      };
      const page = (await transport.request('GET', path, spec, { ...call, headers })) as Array<z.output<S>>;
      yield { items: page, nextCursor: next };
      // A cursor seen before would loop for ever: a broken answer, not a longer list.
      if (next === undefined || seen.has(next)) return;
      seen.add(next);
      cursor = next;
    }
  }
  async function all(): Promise<Array<z.output<S>>> {
    const out: Array<z.output<S>> = [];
    for await (const page of pages()) out.push(...page.items);
    return out;
  }
  return {
    pages,
    all,
    async *[Symbol.asyncIterator]() {
      for await (const page of pages()) yield* page.items;
    },
    // Awaiting the list is `all()`, started only then: like every other list(), it resolves to an array.
    // biome-ignore lint/suspicious/noThenProperty: a thenable on purpose, so `await list()` is the array.
    then: (onfulfilled, onrejected) => all().then(onfulfilled, onrejected),
  };
}
