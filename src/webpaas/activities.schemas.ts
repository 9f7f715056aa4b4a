// The zod schemas of Web PaaS activities, beside their types, and the enum values this SDK knows for them.
import { z } from 'zod';
import { IsoDateTime, type KnownFields, openEnum } from '../core/tolerant.js';

/** Activity states this SDK knows (the Upsun/Platform.sh OpenAPI spec's `Activity.state`). */
export const ACTIVITY_STATES = ['pending', 'scheduled', 'in_progress', 'staged', 'complete', 'cancelled'] as const;
/** Activity results this SDK knows; `null` until the activity ends. */
export const ACTIVITY_RESULTS = ['success', 'failure'] as const;
/** Why an activity failed, when it did. */
export const ACTIVITY_FAILURE_REASONS = ['error', 'shell'] as const;

const NullableDate = IsoDateTime.nullable().optional();

/**
 * An activity: `pending`/`scheduled` → `in_progress` → `complete` or `cancelled`; `staged` waits for a later deploy.
 * Only `id` and `state` are required (embedded activities and older API versions carry fewer fields); enums are open.
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
export const ActivityId = z
  .string({ message: 'must be an activity id (a string)' })
  .refine((v) => v.trim() !== '', { message: 'must be a non-empty activity id' });
