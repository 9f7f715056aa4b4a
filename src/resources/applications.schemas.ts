// The zod schemas of /me/api/application, beside their types. Loaded on the resource's first call.
import { z } from 'zod';
import { openEnum } from '../core/schema-kit.js';
import type { KnownFields } from '../core/tolerant.js';
import { APPLICATION_STATUSES } from './known.js';
import { PositiveId } from './common.js';

/** Status of an application: a known one, or one OVH added since (passed through as sent). */
export const ApplicationStatus = openEnum(APPLICATION_STATUSES);
/** Status of an application. */
export type ApplicationStatus = z.infer<typeof ApplicationStatus>;

/** An API application as `GET /me/api/application/{applicationId}` returns it. */
export const Application = z.looseObject({
  applicationId: PositiveId,
  applicationKey: z.string(),
  name: z.string(),
  description: z.string(),
  status: ApplicationStatus,
});
/** An API application. */
export type Application = KnownFields<z.infer<typeof Application>>;

/** A list of application (or credential) ids. */
export const Ids = z.array(PositiveId);
/** An answer whose body is not read (DELETE, PUT). */
export const Nothing = z.unknown();
