// Path parameters of every resource: what each one must look like, and the one helper that validates and
// encodes them into a path. Resources never put caller input into a URL any other way.
import { z } from 'zod';
import { buildPath } from '../core/path.js';
import { parseInput } from '../core/validate.js';

const ID_MESSAGE = 'must be a positive integer id, e.g. 42';

/** A credential or application id: a positive integer. */
export const IdParam = z
  .number({ error: ID_MESSAGE })
  .int({ error: ID_MESSAGE })
  .positive({ error: ID_MESSAGE })
  .max(Number.MAX_SAFE_INTEGER, { error: ID_MESSAGE });

/** A Public Cloud project id (the `serviceName`): 32 hexadecimal characters, as in the control panel URL. */
export const ServiceName = z.string({ error: 'must be a Public Cloud project id (32 hexadecimal characters)' }).regex(/^[0-9a-f]{32}$/i, {
  message: 'must be a Public Cloud project id (32 hexadecimal characters, as in the control panel URL)',
});

/** An AI token id: a UUID (any version; OVH's ids are not checked against RFC 9562 variants). */
export const TokenIdParam = z.guid({ error: 'must be a token id (a UUID such as 0b7c3c1e-8a4b-4a53-9c0e-2f8e1d6a7b90)' });

/** An OAuth2 client id, e.g. `EU.0123456789abcdef`: non-empty, no whitespace. */
export const ClientIdParam = z
  .string({ error: 'must be an OAuth2 client id, e.g. "EU.0123456789abcdef"' })
  .trim()
  .min(1, { error: 'clientId is required' })
  .regex(/^\S+$/, { error: 'must not contain whitespace' });

/** An IAM policy id: a UUID. */
export const PolicyIdParam = z.guid({ error: 'must be an IAM policy id (a UUID such as 0b7c3c1e-8a4b-4a53-9c0e-2f8e1d6a7b90)' });

const PARAMS = {
  policyId: PolicyIdParam,
  credentialId: IdParam,
  applicationId: IdParam,
  clientId: ClientIdParam,
  serviceName: ServiceName,
  tokenId: TokenIdParam,
} as const;

/** A known path parameter name. */
export type ParamName = keyof typeof PARAMS;

type Placeholders<T extends string> = T extends `${string}{${infer Name}}${infer Rest}` ? Name | Placeholders<Rest> : never;

/** The values a path template needs, typed by parameter name. */
export type PathParams<T extends string> = { [K in Placeholders<T>]: K extends ParamName ? z.input<(typeof PARAMS)[K]> : never };

/**
 * Validates each `{param}` of a template against its schema (in template order) and fills it in, encoded as one
 * segment. Throws InputValidationError naming the parameter before anything is sent.
 * @example resourcePath('/me/api/credential/{credentialId}', { credentialId: 42 }) // '/me/api/credential/42'
 */
export function resourcePath<T extends string>(template: T, values: PathParams<T>): string {
  const given = values as Readonly<Record<string, unknown>>;
  const encoded: Record<string, string | number> = {};
  for (const [, name] of template.matchAll(/\{(\w+)\}/g)) {
    if (name === undefined || !Object.hasOwn(PARAMS, name)) throw new Error(`resourcePath: unknown parameter {${String(name)}} in ${template}`);
    encoded[name] = parseInput(PARAMS[name as ParamName], given[name], name) as string | number;
  }
  return buildPath(template, encoded);
}

/**
 * The `{param}` of a template filled with several ids joined by `,`, as OVH's batch reads (`X-Ovh-Batch: ,`) take
 * them: each id is validated like a single one; the commas stay literal.
 * @example batchPath('/me/api/credential/{credentialId}', 'credentialId', [1, 2]) // '/me/api/credential/1,2'
 */
export function batchPath(template: string, name: 'credentialId' | 'applicationId', ids: readonly number[]): string {
  const list = ids.map((id, i) => String(parseInput(IdParam, id, `${name}s.${i}`)));
  return template.replace(`{${name}}`, list.join(','));
}
