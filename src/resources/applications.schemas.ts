// The zod schemas of /me/api/application, beside their types.
import { z } from 'zod';
import { type KnownFields, openEnum } from '../core/tolerant.js';
import { APPLICATION_STATUSES } from './known.js';
import { IdParam } from './params.js';

/** Status of an application: a known one, or one OVH added since (passed through as sent). */
export const ApplicationStatus = openEnum(APPLICATION_STATUSES);
/** Status of an application. */
export type ApplicationStatus = z.infer<typeof ApplicationStatus>;

/** An API application as `GET /me/api/application/{applicationId}` returns it. */
export const Application = z.looseObject({
  applicationId: IdParam,
  applicationKey: z.string(),
  name: z.string(),
  description: z.string(),
  status: ApplicationStatus,
});
/** An API application. */
export type Application = KnownFields<z.infer<typeof Application>>;
