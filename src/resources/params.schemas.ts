// The zod forms of the path-parameter rules in params.ts (same patterns, same messages), for filters, inputs and
// `ovh-credentials/schemas`. Loaded with the schema modules that use them, never at import.
import { z } from 'zod';
import { CLIENT_ID_MESSAGES, ID_MESSAGE, SERVICE_NAME_MESSAGES, SERVICE_NAME_PATTERN } from './params.js';

/** A credential or application id: a positive integer. */
export const IdParam = z
  .number({ error: ID_MESSAGE })
  .int({ error: ID_MESSAGE })
  .positive({ error: ID_MESSAGE })
  .max(Number.MAX_SAFE_INTEGER, { error: ID_MESSAGE });

/** A Public Cloud project id (the `serviceName`): 32 hexadecimal characters, as in the control panel URL. */
export const ServiceName = z.string({ error: SERVICE_NAME_MESSAGES.type }).regex(SERVICE_NAME_PATTERN, { message: SERVICE_NAME_MESSAGES.format });

/** An OAuth2 client id, e.g. `EU.0123456789abcdef`: non-empty, no whitespace. */
export const ClientIdParam = z
  .string({ error: CLIENT_ID_MESSAGES.type })
  .trim()
  .min(1, { error: CLIENT_ID_MESSAGES.empty })
  .regex(/^\S+$/, { error: CLIENT_ID_MESSAGES.whitespace });
