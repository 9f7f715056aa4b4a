// Raw calls (`ovh.get/post/put/delete`, `paas.get`): any path, optional schema of any Standard Schema library.
import type { z } from 'zod';
import type { QueryValue } from './path.js';
import { isZod4, validateStandard, type StandardOutput, type StandardSchema } from './standard-schema.js';
import type { CallOptions, HttpMethod, Transport } from './transport.js';
import { CALL_OPTION_KEYS, optionKeys, strictOptions } from './validate.js';

/** Options of raw calls (`ovh.get/post/put/delete`, `paas.get`). */
export interface RawCallOptions<S extends StandardSchema | undefined = undefined> extends CallOptions {
  /** Query parameters: booleans as true/false, arrays repeated, undefined dropped. */
  query?: Readonly<Record<string, QueryValue>>;
  /**
   * A schema to validate (and type) the response: any Standard Schema (zod 3.24+ or 4 of any minor, valibot,
   * arktype...), as ky 2 takes.
   */
  schema?: S;
}

/** The keys of RawCallOptions, for the runtime check. */
export const RAW_CALL_OPTION_KEYS = optionKeys<RawCallOptions<StandardSchema>>()([...CALL_OPTION_KEYS, 'query', 'schema']);

/** What a raw call resolves to: the schema's output, or `unknown` without one. */
export type RawOut<S> = S extends StandardSchema ? StandardOutput<S> : unknown;

/**
 * A raw call through a transport: a zod 4 schema is checked natively (per-item reports for lists); any other
 * Standard Schema validates the answer afterwards.
 */
export async function rawCall<S extends StandardSchema | undefined>(
  transport: Transport,
  method: HttpMethod,
  path: string,
  body: unknown,
  options: RawCallOptions<S>,
): Promise<RawOut<S>> {
  strictOptions(options, RAW_CALL_OPTION_KEYS, `${method} ${path} options`);
  const { schema, query, ...call } = options;
  const spec = { ...(query ? { query } : {}), ...(body !== undefined ? { body } : {}) };
  if (schema === undefined || isZod4(schema))
    return (await transport.request(method, path, { ...spec, ...(schema ? { schema: schema as unknown as z.ZodType } : {}) }, call)) as RawOut<S>;
  return (await validateStandard(schema, await transport.request(method, path, spec, call), { method, path })) as RawOut<S>;
}
