/**
 * How the Web PaaS simulator answers: its error bodies (`{status, code, message, title, detail?}` for the API,
 * OAuth's `{error, error_description}` for the token endpoint) and the JSON shape of variables and activities.
 */
import { jsonResponse } from '../http.js';
import { activityState, type SimWebPaasActivity, type SimWebPaasProject, type SimWebPaasVariable } from './state.js';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  500: 'Internal Server Error',
};

/** An API error answer; `detail` is a string or an object keyed by field. */
export function apiError(status: number, message: string, detail?: string | Record<string, string>): Response {
  return jsonResponse(
    { status: 'error', code: status, message, title: TITLES[status] ?? 'Error', ...(detail !== undefined ? { detail } : {}) },
    { status },
  );
}

/** A token-endpoint (OAuth 2) error answer. */
export function oauthError(status: number, error: string, description: string): Response {
  return jsonResponse({ error, error_description: description }, { status });
}

/** Web PaaS dates: ISO-8601 with an explicit `+00:00` offset. */
export function formatDate(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+00:00');
}

/** A project-level variable as the API shows it (no `value` when sensitive). */
export function renderProjectVariable(project: SimWebPaasProject, variable: SimWebPaasVariable, base: string): Record<string, unknown> {
  const href = `${base}/projects/${encodeURIComponent(project.id)}/variables/${encodeURIComponent(variable.name)}`;
  return {
    id: variable.name,
    name: variable.name,
    attributes: { ...variable.attributes },
    ...(variable.is_sensitive ? {} : { value: variable.value }),
    is_json: variable.is_json,
    is_sensitive: variable.is_sensitive,
    visible_build: variable.visible_build,
    visible_runtime: variable.visible_runtime,
    application_scope: [...variable.application_scope],
    created_at: variable.created_at === null ? null : formatDate(variable.created_at),
    updated_at: variable.updated_at === null ? null : formatDate(variable.updated_at),
    _links: { self: { href } },
  };
}

/** An environment-level variable as the API shows it. */
export function renderEnvironmentVariable(
  project: SimWebPaasProject,
  environment: string,
  variable: SimWebPaasVariable,
  inherited: boolean,
  base: string,
): Record<string, unknown> {
  const href = `${base}/projects/${encodeURIComponent(project.id)}/environments/${encodeURIComponent(environment)}/variables/${encodeURIComponent(variable.name)}`;
  return {
    ...renderProjectVariable(project, variable, base),
    project: project.id,
    environment,
    inherited,
    is_enabled: variable.is_enabled,
    is_inheritable: variable.is_inheritable,
    _links: { self: { href } },
  };
}

/** An activity at `now`. */
export function renderActivity(activity: SimWebPaasActivity, now: number, base: string): Record<string, unknown> {
  const state = activityState(activity, now);
  const started = activity.created_at + activity.durationMs / 2;
  const completed = activity.created_at + activity.durationMs;
  return {
    id: activity.id,
    _links: { self: { href: `${base}/projects/${encodeURIComponent(activity.project)}/activities/${encodeURIComponent(activity.id)}` } },
    type: activity.type,
    parameters: { environment: activity.environments[0], variable: activity.variable },
    project: activity.project,
    environments: [...activity.environments],
    state,
    result: state === 'complete' ? activity.result : null,
    completion_percent: state === 'complete' ? 100 : state === 'in_progress' ? 50 : 0,
    failure_reason: state === 'complete' && activity.result === 'failure' ? 'error' : null,
    description: activity.description,
    created_at: formatDate(activity.created_at),
    updated_at: formatDate(Math.min(now, completed)),
    started_at: state === 'pending' || state === 'scheduled' || state === 'staged' ? null : formatDate(started),
    completed_at: state === 'complete' ? formatDate(completed) : null,
    log:
      state === 'complete'
        ? activity.result === 'success'
          ? 'Redeploying environment\nEnvironment redeployed'
          : 'Redeploying environment\nE: Error building project: simulated failure'
        : '',
  };
}
