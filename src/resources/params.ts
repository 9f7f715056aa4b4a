// Path parameters of every resource: one zod schema per rule, and the one helper that validates and encodes them into
// a path (resources never put caller input into a URL any other way). `ovh-credentials/schemas` exports them.
import { z } from 'zod';
import { encodeSegment, fillTemplate } from '../core/path.js';
import { parseInput } from '../core/options.js';

const ID_MESSAGE = 'must be a positive integer id, e.g. 42';
const matching = (pattern: RegExp, message: string) => z.string({ error: message }).regex(pattern, { error: message });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A credential or application id: a positive (safe) integer. */
export const IdParam = z.int({ error: ID_MESSAGE }).positive({ error: ID_MESSAGE });

/** A Public Cloud project id (the `serviceName`): 32 hexadecimal characters, as in the control panel URL. */
export const ServiceName = matching(/^[0-9a-f]{32}$/i, 'must be a Public Cloud project id (32 hexadecimal characters, as in the control panel URL)');

/** An OAuth2 client id, e.g. `EU.0123456789abcdef`: trimmed, non-empty, no whitespace. */
export const ClientIdParam = z
  .string({ error: 'must be an OAuth2 client id, e.g. "EU.0123456789abcdef"' })
  .trim()
  .min(1, { error: 'clientId is required' })
  .regex(/^\S*$/, { error: 'must not contain whitespace' });

/** A list of credential or application ids. */
export const IdList = z.array(IdParam);

const PARAMS = {
  policyId: matching(UUID, 'must be an IAM policy id (a UUID such as 0b7c3c1e-8a4b-4a53-9c0e-2f8e1d6a7b90)'),
  credentialId: IdParam,
  applicationId: IdParam,
  clientId: ClientIdParam,
  serviceName: ServiceName,
  tokenId: matching(UUID, 'must be a token id (a UUID such as 0b7c3c1e-8a4b-4a53-9c0e-2f8e1d6a7b90)'),
} as const;

type Placeholders<T extends string> = T extends `${string}{${infer Name}}${infer Rest}` ? Name | Placeholders<Rest> : never;

// The values a path template needs, typed by parameter name.
type PathParams<T extends string> = { [K in Placeholders<T>]: K extends keyof typeof PARAMS ? z.input<(typeof PARAMS)[K]> : never };

/**
 * Validates each `{param}` of a template against its rule (in template order) and fills it in, encoded as one
 * segment. Throws InputValidationError naming the parameter before anything is sent.
 * @example resourcePath('/me/api/credential/{credentialId}', { credentialId: 42 }) // '/me/api/credential/42'
 */
export function resourcePath<T extends string>(template: T, values: PathParams<T>): string {
  const given = values as Readonly<Record<string, unknown>>;
  return fillTemplate(template, (name) => {
    if (!Object.hasOwn(PARAMS, name)) throw new Error(`resourcePath: unknown parameter {${name}} in ${template}`);
    return encodeSegment(parseInput(PARAMS[name as keyof typeof PARAMS], given[name], name), name);
  });
}

/**
 * The `{param}` of a template filled with several ids joined by `,`, as OVH's batch reads (`X-Ovh-Batch: ,`) take
 * them: each id is validated like a single one (`credentialIds.0`...); the commas stay literal.
 * @example batchPath('/me/api/credential/{credentialId}', 'credentialId', [1, 2]) // '/me/api/credential/1,2'
 */
export function batchPath(template: string, name: 'credentialId' | 'applicationId', ids: readonly number[]): string {
  return template.replace(`{${name}}`, parseInput(IdList, ids, `${name}s`).join(','));
}
