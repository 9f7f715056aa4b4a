// Raw calls (`ovh.get/post/put/delete`, `paas.get`): any path, and any Standard Schema (zod 3.24+ and 4, valibot...).
// The SDK declares the part of the spec it uses: ky's declaration would make the CommonJS types import an ESM-only package.
import type { z } from 'zod';
import { type ResponseIssue, ResponseValidationError } from './errors.js';
import { checkRawPath, type QueryValue } from './path.js';
import { issueText, responseIssue } from './response-issues.js';
import type { CallOptions, HttpMethod, Transport } from './transport.js';
import { CALL_OPTION_KEYS, optionKeys, strictOptions } from './options.js';

/** A schema that implements Standard Schema v1: what the `schema` option of raw calls takes. */
export interface StandardSchema<Input = unknown, Output = Input> {
  readonly '~standard': {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => StandardResult<Output> | Promise<StandardResult<Output>>;
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
  };
}

/** The result of a Standard Schema validation. */
export type StandardResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | {
      readonly issues: ReadonlyArray<{
        readonly message: string;
        readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
      }>;
    };

/** Options of raw calls (`ovh.get/post/put/delete`, `paas.get`). */
export interface RawCallOptions<S extends StandardSchema | undefined = undefined> extends CallOptions {
  /** Query parameters: booleans as true/false, arrays repeated, undefined dropped; after a query string in the path, joined with "&". */
  query?: Readonly<Record<string, QueryValue>>;
  /** A schema to validate (and type) the response: any Standard Schema (zod 3.24+ or 4, valibot, arktype...), as ky 2 takes. */
  schema?: S;
}

/** The keys of RawCallOptions, for the runtime check. */
export const RAW_CALL_OPTION_KEYS = optionKeys<RawCallOptions<StandardSchema>>()([...CALL_OPTION_KEYS, 'query', 'schema']);

/** What a raw call resolves to: the schema's output, or `unknown` without one. */
export type RawOut<S> = S extends StandardSchema<unknown, infer O> ? O : unknown;

/** A raw call: a zod 4 schema (any minor) is checked natively, with per-item reports for lists; any other Standard Schema checks the answer after. */
export async function rawCall<S extends StandardSchema | undefined>(
  transport: Transport,
  method: HttpMethod,
  path: string,
  body: unknown,
  options: RawCallOptions<S>,
): Promise<RawOut<S>> {
  checkRawPath(path);
  strictOptions(options, RAW_CALL_OPTION_KEYS, `${method} ${path} options`);
  const { schema, query, ...call } = options;
  const spec = { ...(query ? { query } : {}), ...(body !== undefined ? { body } : {}) };
  if (schema === undefined || '_zod' in schema) {
    return (await transport.request(method, path, { ...spec, ...(schema ? { schema: schema as unknown as z.ZodType } : {}) }, call)) as RawOut<S>;
  }
  const data = await transport.request(method, path, spec, call);
  const result = await schema['~standard'].validate(data);
  if (!result.issues) return result.value as RawOut<S>;
  const key = (p: PropertyKey | { readonly key: PropertyKey }) => (typeof p === 'object' && p !== null ? p.key : p);
  const issues = result.issues.map((issue) => responseIssue(data, (issue.path ?? []).map(key), issue.message));
  const first = issues[0] as ResponseIssue;
  throw new ResponseValidationError(
    `${method} ${path} returned data that does not match the given schema (${schema['~standard'].vendor}): ${issueText(first)}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}.`,
    { method, path, issues },
  );
}
