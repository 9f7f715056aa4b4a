// Web PaaS activities: what a write triggered (an environment redeploy), waiting for them, and their failure.
import { OvhAbortError, OvhError, OvhTimeoutError } from '../core/errors.js';
import { buildPath } from '../core/path.js';
import { poll } from '../core/poll.js';
import { redactDeep } from '../core/redact.js';
import type { CallOptions, Transport } from '../core/transport.js';
import { CALL_OPTION_KEYS, checkWait, functionSchema, optionKeys, parseInput, parseObject, strictOptions } from '../core/options.js';
import { z } from 'zod';
import { Activity, ActivityId, ProjectId } from './activities.schemas.js';

/** Options of waiting for activities (`wait: true` on writes, or `paas.activities.wait()`). */
export interface ActivityWaitOptions extends CallOptions {
  /** Give up after this many ms (OvhTimeoutError; the change itself stays applied). Default 10 minutes. */
  waitTimeout?: number;
  /** Poll interval in ms. Default 2 000. */
  pollInterval?: number;
  /** Called with each activity every time it is read. */
  onProgress?: (activity: Activity) => void;
}
/** The keys of ActivityWaitOptions, for the runtime check. */
export const ACTIVITY_WAIT_KEYS = optionKeys<ActivityWaitOptions>()([...CALL_OPTION_KEYS, 'waitTimeout', 'pollInterval', 'onProgress']);

/** An option of `wait` no check or user sees: what the triggering write sent (a sensitive value), scrubbed from every read. */
export const ACTIVITY_SECRETS: unique symbol = Symbol('ovh-credentials.activitySecrets');

/** Which activity: its project and id. */
type ActivityRef = { project: string; id: string };
const ActivityRef = z.object({ project: ProjectId, id: ActivityId }) satisfies z.ZodType<ActivityRef>;
type ActivitiesToWaitFor = { project: string; activities: ReadonlyArray<Activity | string> };
const OneWaited = z.union([ActivityId, z.looseObject({ id: ActivityId })], { error: 'must be an activity id or an activity (with its id)' });
const WaitFor = z.object({ project: ProjectId, activities: z.array(OneWaited, { error: 'must be a list of activities or their ids' }) });
const OnProgress = z.object({
  onProgress: functionSchema('must be a function (called with each activity read)').optional(),
});

/** A wait's options, checked before anything is sent (a write with `wait: true` too): timings, and `onProgress` a function. */
export function checkActivityWait(options: ActivityWaitOptions): void {
  checkWait(options);
  parseInput(OnProgress, options, '');
}

/** What waiting returns: the activities as last read, and `staged`, those waiting for a later deploy (then a redeploy is due). */
export type ActivityList = Activity[] & { staged: Activity[] };

/** An activity as users may see it: every secret the transport knows and every value the write `sent` replaced. */
export function scrubActivity(transport: Transport, activity: Activity, sent: readonly string[]): Activity {
  return redactDeep(activity, [...transport.secrets(), ...sent]) as Activity;
}

/** True once waiting can stop: `complete`, `cancelled`, or `staged` (it never completes on its own); any other state is polled. */
export function isActivityDone(activity: Activity): boolean {
  return activity.state === 'complete' || activity.state === 'cancelled' || activity.state === 'staged';
}

/** `/projects/{projectId}/activities`: read and wait for activities. */
export class ActivitiesResource {
  /** @internal Built by WebPaasClient: reach it as `paas.variables` / `paas.activities`. */
  constructor(
    private readonly transport: Transport,
    /** The client's clock (its `now` option): waits' deadlines are reckoned on it. */
    private readonly now: () => number = Date.now,
  ) {}

  /** One activity (`GET /projects/{project}/activities/{id}`). */
  async get(input: ActivityRef, options?: CallOptions): Promise<Activity> {
    const { project, id } = parseObject(ActivityRef, input, '', 'activities.get input');
    return this.transport.request('GET', buildPath('/projects/{project}/activities/{id}', { project, id }), { schema: Activity }, options);
  }

  /**
   * Polls each activity until it is done (see isActivityDone) and returns them as last read. Throws ActivityFailedError
   * when one fails or is cancelled, OvhTimeoutError after `waitTimeout`, OvhAbortError on abort.
   * @example
   * const { activities } = await paas.variables.create({ project, environment: 'main', name, value });
   * await paas.activities.wait({ project, activities }, { onProgress: (a) => console.log(a.state) });
   */
  async wait(input: ActivitiesToWaitFor, options: ActivityWaitOptions = {}): Promise<ActivityList> {
    const { project, activities } = parseObject(WaitFor, input, '', 'activities.wait input');
    strictOptions(options, ACTIVITY_WAIT_KEYS, 'activities.wait options');
    checkActivityWait(options);
    // An activity's log may quote what the write sent: every activity is scrubbed before anything sees it.
    type WithSent = ActivityWaitOptions & { [ACTIVITY_SECRETS]?: readonly string[] };
    const { waitTimeout = 600_000, pollInterval = 2_000, onProgress, [ACTIVITY_SECRETS]: sent = [], ...call } = options as WithSent;
    const scrub = (activity: Activity): Activity => scrubActivity(this.transport, activity, sent);
    const current = activities.map((a) => (typeof a === 'string' ? { id: a, state: 'pending' } : scrub(a as Activity))) as Activity[];
    const signal = call.signal;
    const check = (activity: Activity): void => {
      if (activity.state === 'cancelled' || (activity.state === 'complete' && activity.result === 'failure')) {
        throw new ActivityFailedError(project, activity);
      }
    };
    current.forEach(check);
    // Undefined only when there is nothing to wait for (then an abort can still come first).
    const still = (): Activity | undefined => current.find((a) => !isActivityDone(a)) ?? current[0];
    return poll(
      async () => {
        for (const [index, activity] of current.entries()) {
          if (isActivityDone(activity)) continue;
          if (signal?.aborted) throw aborted(project, activity, signal);
          const fresh = scrub(await this.get({ project, id: activity.id }, call));
          current[index] = fresh;
          onProgress?.(fresh);
          check(fresh);
        }
        return current.every(isActivityDone) ? Object.assign(current, { staged: current.filter((a) => a.state === 'staged') }) : undefined;
      },
      {
        pollInterval,
        waitTimeout,
        signal,
        now: this.now,
        onAbort: () => aborted(project, still(), signal),
        onTimeout: () => {
          const late = still() as Activity; // a round left one pending
          return new OvhTimeoutError(
            `Web PaaS activity ${late.id} on project ${project} was still ${late.state} after ${waitTimeout} ms. The change was saved; the redeploy goes on without us: check it with paas.activities.get(), or raise waitTimeout.`,
            { method: 'GET', path: buildPath('/projects/{project}/activities/{id}', { project, id: late.id }), timeoutMs: waitTimeout },
          );
        },
      },
    );
  }
}

function aborted(project: string, activity: Activity | undefined, signal: AbortSignal | undefined): OvhAbortError {
  return new OvhAbortError(
    `Waiting for Web PaaS ${activity ? `activity ${activity.id}` : 'activities'} on project ${project} was aborted by its AbortSignal; the change itself was saved.`,
    { cause: signal?.reason },
  );
}

/** A redeploy a variable change triggered failed (the change was saved); `activity` is as last read, `[redacted]` where its log quoted a secret. */
export class ActivityFailedError extends OvhError {
  override name = 'ActivityFailedError';
  constructor(
    /** The project of the activity. */
    readonly project: string,
    /** The activity, as last read. */
    readonly activity: Activity,
  ) {
    const what = activity.description ?? activity.type ?? 'activity';
    const outcome = activity.state === 'cancelled' ? 'was cancelled' : `finished with result ${activity.result ?? 'unknown'}`;
    super(
      `Web PaaS activity ${activity.id} (${what}) on project ${project} ${outcome}. The variable change was saved, but the redeploy did not succeed: read the activity log in the console (or paas.activities.get()) and redeploy.`,
    );
  }
}
