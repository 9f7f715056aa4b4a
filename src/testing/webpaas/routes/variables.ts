/**
 * Project- and environment-level variables, with inheritance (parent environments → environment),
 * sensitive values hidden on read, and an activity (a redeploy) for every environment-level change.
 */
import { jsonResponse } from '../../http.js';
import { apiError, renderActivity, renderEnvironmentVariable, renderProjectVariable } from '../render.js';
import type { WebPaasRoute, WebPaasRouteContext, WebPaasRuntime } from '../route.js';
import {
  effectiveVariables,
  randomId,
  type SimWebPaasActivity,
  type SimWebPaasEnvironment,
  type SimWebPaasProject,
  type SimWebPaasVariable,
} from '../state.js';
import { checkVariableBody, type VariableBody } from '../validate.js';

const PROJECT_VARS = '/projects/{project}/variables';
const PROJECT_VAR = '/projects/{project}/variables/{name}';
const ENV_VARS = '/projects/{project}/environments/{environment}/variables';
const ENV_VAR = '/projects/{project}/environments/{environment}/variables/{name}';

type Found<T> = { ok: true; value: T } | { ok: false; response: Response };

/** The project of the request, or a 404. */
export function findProject(ctx: WebPaasRouteContext): Found<SimWebPaasProject> {
  const id = ctx.params.project ?? '';
  const project = ctx.runtime.state.projects.get(id);
  return project ? { ok: true, value: project } : { ok: false, response: apiError(404, `Project not found: ${id}`) };
}

function findEnvironment(ctx: WebPaasRouteContext): Found<{ project: SimWebPaasProject; environment: SimWebPaasEnvironment }> {
  const project = findProject(ctx);
  if (!project.ok) return project;
  const id = ctx.params.environment ?? '';
  const environment = project.value.environments.get(id);
  return environment
    ? { ok: true, value: { project: project.value, environment } }
    : { ok: false, response: apiError(404, `Environment not found: ${id}`) };
}

// The API's defaults: at environment level a variable is hidden from the build (the CLI leaves out
// `visible_build: false` there as "already the API's default"), at project level it is not.
function newVariable(name: string, body: VariableBody, now: number, level: 'project' | 'environment'): SimWebPaasVariable {
  return {
    name,
    value: body.value ?? '',
    attributes: { ...(body.attributes ?? {}) },
    is_json: body.is_json ?? false,
    is_sensitive: body.is_sensitive ?? false,
    visible_build: body.visible_build ?? level === 'project',
    visible_runtime: body.visible_runtime ?? true,
    application_scope: [...(body.application_scope ?? [])],
    is_enabled: body.is_enabled ?? true,
    is_inheritable: body.is_inheritable ?? true,
    created_at: now,
    updated_at: null,
  };
}

/** Applies a PATCH; refuses to turn a sensitive variable non-sensitive. */
function applyPatch(variable: SimWebPaasVariable, body: VariableBody, now: number): Response | null {
  if (variable.is_sensitive && body.is_sensitive === false) {
    return apiError(400, 'A sensitive variable cannot be made non-sensitive.', { is_sensitive: 'Sensitive variables cannot be made non-sensitive.' });
  }
  if (body.value !== undefined) variable.value = body.value;
  if (body.attributes !== undefined) variable.attributes = { ...body.attributes };
  if (body.application_scope !== undefined) variable.application_scope = [...body.application_scope];
  for (const key of ['is_json', 'is_sensitive', 'visible_build', 'visible_runtime', 'is_enabled', 'is_inheritable'] as const) {
    const value = body[key];
    if (value !== undefined) variable[key] = value;
  }
  if (variable.is_json) {
    try {
      JSON.parse(variable.value);
    } catch {
      return apiError(400, 'Invalid variable.', { value: 'The value must be valid JSON.' });
    }
  }
  variable.updated_at = now;
  return null;
}

function newActivity(
  runtime: WebPaasRuntime,
  project: SimWebPaasProject,
  environment: string,
  verb: 'create' | 'update' | 'delete',
  name: string,
): SimWebPaasActivity {
  const activity: SimWebPaasActivity = {
    id: randomId(13),
    project: project.id,
    environments: [environment],
    type: `environment.variable.${verb}`,
    description: `Simulated User ${verb === 'create' ? 'added' : verb === 'update' ? 'modified' : 'deleted'} variable ${name} on environment ${environment}`,
    variable: name,
    created_at: runtime.now(),
    durationMs: runtime.activityDurationMs,
    result: runtime.takeActivityFailure() ? 'failure' : 'success',
    staged: runtime.takeActivityStaging(),
  };
  runtime.state.activities.set(activity.id, activity);
  return activity;
}

/** A write's answer, in the shape the simulator is set to (`writeAnswers`): embedded entity and activities, or bare. */
function writeResponse(
  ctx: WebPaasRouteContext,
  status: 'created' | 'updated' | 'deleted',
  code: number,
  embedded: Record<string, unknown>,
): Response {
  const body = ctx.runtime.writeAnswers === 'accepted' ? { status, code } : { status, code, _embedded: embedded };
  return jsonResponse(body, { status: code });
}

const byName = (a: { name: string }, b: { name: string }): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Variable routes at both levels. */
export const variableRoutes: WebPaasRoute[] = [
  {
    method: 'GET',
    path: PROJECT_VARS,
    auth: 'bearer',
    handle(ctx) {
      const p = findProject(ctx);
      if (!p.ok) return p.response;
      const base = ctx.url.origin;
      return jsonResponse([...p.value.variables.values()].sort(byName).map((v) => renderProjectVariable(p.value, v, base)));
    },
  },
  {
    method: 'POST',
    path: PROJECT_VARS,
    auth: 'bearer',
    handle(ctx) {
      const p = findProject(ctx);
      if (!p.ok) return p.response;
      const checked = checkVariableBody(ctx.body, 'project', true);
      if (!checked.ok) return apiError(400, checked.message, checked.detail);
      const name = checked.body.name as string;
      if (p.value.variables.has(name)) return apiError(409, `A variable named ${name} already exists on this project.`);
      const variable = newVariable(name, checked.body, ctx.runtime.now(), 'project');
      p.value.variables.set(name, variable);
      return writeResponse(ctx, 'created', 201, { entity: renderProjectVariable(p.value, variable, ctx.url.origin), activities: [] });
    },
  },
  {
    method: 'GET',
    path: PROJECT_VAR,
    auth: 'bearer',
    handle(ctx) {
      const p = findProject(ctx);
      if (!p.ok) return p.response;
      const variable = p.value.variables.get(ctx.params.name ?? '');
      if (!variable) return apiError(404, `Variable not found: ${ctx.params.name ?? ''}`);
      return jsonResponse(renderProjectVariable(p.value, variable, ctx.url.origin));
    },
  },
  {
    method: 'PATCH',
    path: PROJECT_VAR,
    auth: 'bearer',
    handle(ctx) {
      const p = findProject(ctx);
      if (!p.ok) return p.response;
      const variable = p.value.variables.get(ctx.params.name ?? '');
      if (!variable) return apiError(404, `Variable not found: ${ctx.params.name ?? ''}`);
      const checked = checkVariableBody(ctx.body, 'project', false);
      if (!checked.ok) return apiError(400, checked.message, checked.detail);
      const draft = { ...variable };
      const refused = applyPatch(draft, checked.body, ctx.runtime.now());
      if (refused) return refused;
      p.value.variables.set(draft.name, draft);
      return writeResponse(ctx, 'updated', 200, { entity: renderProjectVariable(p.value, draft, ctx.url.origin), activities: [] });
    },
  },
  {
    method: 'DELETE',
    path: PROJECT_VAR,
    auth: 'bearer',
    handle(ctx) {
      const p = findProject(ctx);
      if (!p.ok) return p.response;
      if (!p.value.variables.delete(ctx.params.name ?? '')) return apiError(404, `Variable not found: ${ctx.params.name ?? ''}`);
      return writeResponse(ctx, 'deleted', 200, { activities: [] });
    },
  },
  {
    method: 'GET',
    path: ENV_VARS,
    auth: 'bearer',
    handle(ctx) {
      const e = findEnvironment(ctx);
      if (!e.ok) return e.response;
      const { project, environment } = e.value;
      const all = [...effectiveVariables(project, environment).values()].sort((a, b) => byName(a.variable, b.variable));
      return jsonResponse(
        all.map(({ variable, inherited }) => renderEnvironmentVariable(project, environment.id, variable, inherited, ctx.url.origin)),
      );
    },
  },
  {
    method: 'POST',
    path: ENV_VARS,
    auth: 'bearer',
    handle(ctx) {
      const e = findEnvironment(ctx);
      if (!e.ok) return e.response;
      const { project, environment } = e.value;
      const checked = checkVariableBody(ctx.body, 'environment', true);
      if (!checked.ok) return apiError(400, checked.message, checked.detail);
      const name = checked.body.name as string;
      // Only a variable set on this environment conflicts; an inherited one is overridden.
      if (environment.variables.has(name)) return apiError(409, `A variable named ${name} already exists on environment ${environment.id}.`);
      const variable = newVariable(name, checked.body, ctx.runtime.now(), 'environment');
      environment.variables.set(name, variable);
      const activity = newActivity(ctx.runtime, project, environment.id, 'create', name);
      return writeResponse(ctx, 'created', 201, {
        entity: renderEnvironmentVariable(project, environment.id, variable, false, ctx.url.origin),
        activities: [renderActivity(activity, ctx.runtime.now(), ctx.url.origin)],
      });
    },
  },
  {
    method: 'GET',
    path: ENV_VAR,
    auth: 'bearer',
    handle(ctx) {
      const e = findEnvironment(ctx);
      if (!e.ok) return e.response;
      const { project, environment } = e.value;
      const found = effectiveVariables(project, environment).get(ctx.params.name ?? '');
      if (!found) return apiError(404, `Variable not found: ${ctx.params.name ?? ''}`);
      return jsonResponse(renderEnvironmentVariable(project, environment.id, found.variable, found.inherited, ctx.url.origin));
    },
  },
  {
    method: 'PATCH',
    path: ENV_VAR,
    auth: 'bearer',
    handle(ctx) {
      const e = findEnvironment(ctx);
      if (!e.ok) return e.response;
      const { project, environment } = e.value;
      const name = ctx.params.name ?? '';
      const found = effectiveVariables(project, environment).get(name);
      if (!found) return apiError(404, `Variable not found: ${name}`);
      const checked = checkVariableBody(ctx.body, 'environment', false);
      if (!checked.ok) return apiError(400, checked.message, checked.detail);
      // Changing an inherited variable here creates this environment's own override.
      const draft: SimWebPaasVariable = found.inherited ? { ...found.variable, created_at: ctx.runtime.now() } : { ...found.variable };
      const refused = applyPatch(draft, checked.body, ctx.runtime.now());
      if (refused) return refused;
      environment.variables.set(name, draft);
      const activity = newActivity(ctx.runtime, project, environment.id, 'update', name);
      return writeResponse(ctx, 'updated', 200, {
        entity: renderEnvironmentVariable(project, environment.id, draft, false, ctx.url.origin),
        activities: [renderActivity(activity, ctx.runtime.now(), ctx.url.origin)],
      });
    },
  },
  {
    method: 'DELETE',
    path: ENV_VAR,
    auth: 'bearer',
    handle(ctx) {
      const e = findEnvironment(ctx);
      if (!e.ok) return e.response;
      const { project, environment } = e.value;
      const name = ctx.params.name ?? '';
      if (!environment.variables.has(name)) {
        if (effectiveVariables(project, environment).has(name)) {
          return apiError(
            400,
            `The variable ${name} is inherited and cannot be deleted on environment ${environment.id}: delete it where it is defined, or override it here.`,
          );
        }
        return apiError(404, `Variable not found: ${name}`);
      }
      environment.variables.delete(name);
      const activity = newActivity(ctx.runtime, project, environment.id, 'delete', name);
      return writeResponse(ctx, 'deleted', 200, { activities: [renderActivity(activity, ctx.runtime.now(), ctx.url.origin)] });
    },
  },
];
