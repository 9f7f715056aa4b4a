// Web PaaS activities: what a write triggered (an environment redeploy), and waiting for them to finish.
import { z } from 'zod';
import { AbortError, InputValidationError, TimeoutError } from '../core/errors.js';
import { buildPath } from '../core/path.js';
import type { CallOptions, Transport } from '../core/transport.js';
import type { KnownFields } from '../core/tolerant.js';
import { IsoDateTime, openEnum } from '../core/schema-kit.js';
import { poll } from '../core/poll.js';
import { parseInput } from '../core/validate.js';
import { ActivityFailedError } from './errors.js';

/** Activity states this SDK knows (the Upsun/Platform.sh OpenAPI spec's `Activity.state`). */
export const ACTIVITY_STATES = ['pending', 'scheduled', 'in_progress', 'staged', 'complete', 'cancelled'] as const;
/** Activity results this SDK knows; `null` until the activity ends. */
export const ACTIVITY_RESULTS = ['success', 'failure'] as const;
/** Why an activity failed, when it did. */
export const ACTIVITY_FAILURE_REASONS = ['error', 'shell'] as const;

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

/** Options of waiting for activities (`wait: true` on writes, or `paas.activities.wait()`). */
export interface ActivityWaitOptions extends CallOptions {
  /** Give up after this many ms (TimeoutError; the change itself stays applied). Default 10 minutes. */
  waitTimeout?: number;
  /** Poll interval in ms. Default 2 000. */
  pollInterval?: number;
  /** Called with each activity every time it is read. */
  onProgress?: (activity: Activity) => void;
}

/**
 * What waiting returns: every activity as last read (each `complete`, `cancelled` only if it did not throw, or
 * `staged`), and `staged`, those that wait for a later deploy. When `staged` is not empty a redeploy is due:
 * the change is saved but takes effect only with the next deploy of the environment (`webpaas redeploy`).
 */
export type ActivityList = Activity[] & { staged: Activity[] };

/** A non-empty project id. */
export const ProjectId = z
  .string({ message: 'must be a Web PaaS project id (a string)' })
  .refine((v) => v.trim() !== '', { message: 'must be a non-empty Web PaaS project id' });

const ActivityId = z.string({ message: 'must be an activity id (a string)' }).refine((v) => v.trim() !== '', {
  message: 'must be a non-empty activity id',
});

/**
 * True once waiting on an activity can stop: it is `complete` or `cancelled`, or `staged` (it waits for a later
 * deploy and would never complete on its own). Any other state, including one this SDK does not know, is polled.
 */
export function isActivityDone(activity: Activity): boolean {
  return activity.state === 'complete' || activity.state === 'cancelled' || activity.state === 'staged';
}

function isActivityFailed(activity: Activity): boolean {
  return activity.state === 'cancelled' || (activity.state === 'complete' && activity.result === 'failure');
}

/** `/projects/{projectId}/activities`: read and wait for activities. */
export class ActivitiesResource {
  constructor(
    private readonly transport: Transport,
    /** The client's clock (its `now` option): waits' deadlines are reckoned on it. */
    private readonly now: () => number = Date.now,
  ) {}

  /** One activity (`GET /projects/{project}/activities/{id}`). */
  async get(input: { project: string; id: string }, options: CallOptions = {}): Promise<Activity> {
    const project = parseInput(ProjectId, input.project, 'project');
    const id = parseInput(ActivityId, input.id, 'id');
    return this.transport.request('GET', buildPath('/projects/{project}/activities/{id}', { project, id }), { ...options, schema: Activity });
  }

  /**
   * Polls each activity until it is complete (or staged) and returns them as last read; `.staged` lists those
   * staged for a later deploy (then a redeploy is due). Throws ActivityFailedError when one fails or is
   * cancelled, TimeoutError after `waitTimeout`, AbortError on abort.
   * @example
   * const { activities } = await paas.variables.create({ project, environment: 'main', name, value });
   * await paas.activities.wait({ project, activities }, { onProgress: (a) => console.log(a.state) });
   */
  async wait(input: { project: string; activities: ReadonlyArray<Activity | string> }, options: ActivityWaitOptions = {}): Promise<ActivityList> {
    const project = parseInput(ProjectId, input.project, 'project');
    const current = input.activities.map((a, i) =>
      typeof a === 'string' ? { id: parseInput(ActivityId, a, `activities.${i}`), state: 'pending' } : a,
    ) as Activity[];
    const { waitTimeout = 600_000, pollInterval = 2_000, onProgress, signal, ...call } = options;
    if (!(pollInterval > 0)) throw new InputValidationError('pollInterval', 'pollInterval must be a positive number of milliseconds.');
    if (!(waitTimeout >= 0)) throw new InputValidationError('waitTimeout', 'waitTimeout must be a non-negative number of milliseconds.');
    const check = (activity: Activity): void => {
      if (isActivityFailed(activity)) throw new ActivityFailedError(project, activity);
    };
    current.forEach(check);
    const still = (): Activity => current.find((a) => !isActivityDone(a)) ?? (current[0] as Activity);
    return poll(
      async () => {
        for (const [index, activity] of current.entries()) {
          if (isActivityDone(activity)) continue;
          if (signal?.aborted) throw aborted(project, activity, signal);
          const fresh = await this.get({ project, id: activity.id }, { ...call, ...(signal ? { signal } : {}) });
          current[index] = fresh;
          onProgress?.(fresh);
          check(fresh);
        }
        return current.every(isActivityDone) ? finished(current) : undefined;
      },
      {
        pollInterval,
        waitTimeout,
        signal,
        now: this.now,
        onAbort: () => aborted(project, still(), signal),
        onTimeout: () => {
          const late = still();
          return new TimeoutError(
            `Web PaaS activity ${late.id} on project ${project} was still ${late.state} after ${waitTimeout} ms. The change was saved; the redeploy goes on without us: check it with paas.activities.get(), or raise waitTimeout.`,
            { method: 'GET', path: buildPath('/projects/{project}/activities/{id}', { project, id: late.id }), timeoutMs: waitTimeout },
          );
        },
      },
    );
  }
}

function finished(activities: Activity[]): ActivityList {
  return Object.assign(activities, { staged: activities.filter((a) => a.state === 'staged') });
}

function aborted(project: string, activity: Activity, signal: AbortSignal | undefined): AbortError {
  return new AbortError(
    `Waiting for Web PaaS activity ${activity.id} on project ${project} was aborted by its AbortSignal; the change itself was saved.`,
    { cause: signal?.reason },
  );
}
