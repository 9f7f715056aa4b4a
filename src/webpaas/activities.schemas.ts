// The zod schemas of Web PaaS activities, beside their types.
import { z } from 'zod';
import { IsoDateTime, type KnownFields, openEnum } from '../core/tolerant.js';
import { ACTIVITY_FAILURE_REASONS, ACTIVITY_RESULTS, ACTIVITY_STATES } from './known.js';

const NullableDate = IsoDateTime.nullable().optional();

/**
 * An activity. `state` goes `pending` (or `scheduled`) → `in_progress` → `complete` or `cancelled`; `staged`
 * means it waits for a later deploy and never completes on its own. `result` is `success` or `failure` once it
 * ends. Every field the spec lists is typed; only `id` and `state` are required, since activities embedded in
 * write answers and older API versions carry fewer fields. States, results and reasons are open enums.
 */
export const Activity = z.looseObject({
  id: z.string().min(1),
  type: z.string().optional(),
  state: openEnum(ACTIVITY_STATES),
  result: openEnum(ACTIVITY_RESULTS).nullable().optional(),
  failure_reason: openEnum(ACTIVITY_FAILURE_REASONS).nullable().optional(),
  completion_percent: z.number().optional(),
  project: z.string().optional(),
  integration: z.string().optional(),
  environments: z.array(z.string()).optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
  payload: z.record(z.string(), z.unknown()).optional(),
  description: z.string().nullable().optional(),
  text: z.string().nullable().optional(),
  created_at: NullableDate,
  updated_at: NullableDate,
  started_at: NullableDate,
  completed_at: NullableDate,
  cancelled_at: NullableDate,
  expires_at: NullableDate,
  timings: z.record(z.string(), z.number()).optional(),
  commands: z.array(z.looseObject({ app: z.string(), type: z.string(), exit_code: z.number().int() })).optional(),
  /** Deprecated by the API. */
  log: z.string().optional(),
});
/** A Web PaaS activity. */
export type Activity = KnownFields<z.infer<typeof Activity>>;

/** A non-empty project id. */
export const ProjectId = z
  .string({ message: 'must be a Web PaaS project id (a string)' })
  .refine((v) => v.trim() !== '', { message: 'must be a non-empty Web PaaS project id' });

/** A non-empty activity id. */
export const ActivityId = z.string({ message: 'must be an activity id (a string)' }).refine((v) => v.trim() !== '', {
  message: 'must be a non-empty activity id',
});
