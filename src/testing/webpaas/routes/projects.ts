/**
 * Read-only project, environment and activity routes.
 */
import { jsonResponse } from '../../http.js';
import { apiError, formatDate, renderActivity } from '../render.js';
import type { WebPaasRoute } from '../route.js';
import type { SimWebPaasEnvironment, SimWebPaasProject } from '../state.js';
import { findProject } from './variables.js';

function renderProject(project: SimWebPaasProject, base: string): Record<string, unknown> {
  return {
    id: project.id,
    title: project.title,
    region: project.region,
    default_branch: 'main',
    created_at: formatDate(project.created_at),
    _links: { self: { href: `${base}/projects/${encodeURIComponent(project.id)}` } },
  };
}

function renderEnvironment(project: SimWebPaasProject, environment: SimWebPaasEnvironment, base: string): Record<string, unknown> {
  return {
    id: environment.id,
    name: environment.id,
    machine_name: environment.id.replace(/[^a-z0-9-]/gi, '-').toLowerCase(),
    title: environment.title,
    parent: environment.parent,
    project: project.id,
    status: 'active',
    type: environment.parent === null ? 'production' : 'development',
    created_at: formatDate(environment.created_at),
    _links: { self: { href: `${base}/projects/${encodeURIComponent(project.id)}/environments/${encodeURIComponent(environment.id)}` } },
  };
}

/** Projects, environments and activities. */
export const projectRoutes: WebPaasRoute[] = [
  {
    method: 'GET',
    path: '/projects/{project}',
    auth: 'bearer',
    handle(ctx) {
      const p = findProject(ctx);
      return p.ok ? jsonResponse(renderProject(p.value, ctx.url.origin)) : p.response;
    },
  },
  {
    method: 'GET',
    path: '/projects/{project}/environments',
    auth: 'bearer',
    handle(ctx) {
      const p = findProject(ctx);
      if (!p.ok) return p.response;
      return jsonResponse([...p.value.environments.values()].map((e) => renderEnvironment(p.value, e, ctx.url.origin)));
    },
  },
  {
    method: 'GET',
    path: '/projects/{project}/environments/{environment}',
    auth: 'bearer',
    handle(ctx) {
      const p = findProject(ctx);
      if (!p.ok) return p.response;
      const environment = p.value.environments.get(ctx.params.environment ?? '');
      if (!environment) return apiError(404, `Environment not found: ${ctx.params.environment ?? ''}`);
      return jsonResponse(renderEnvironment(p.value, environment, ctx.url.origin));
    },
  },
  {
    method: 'GET',
    path: '/projects/{project}/activities',
    auth: 'bearer',
    handle(ctx) {
      const p = findProject(ctx);
      if (!p.ok) return p.response;
      const now = ctx.runtime.now();
      const mine = [...ctx.runtime.state.activities.values()].filter((a) => a.project === p.value.id).reverse();
      return jsonResponse(mine.map((a) => renderActivity(a, now, ctx.url.origin)));
    },
  },
  {
    method: 'GET',
    path: '/projects/{project}/activities/{id}',
    auth: 'bearer',
    handle(ctx) {
      const p = findProject(ctx);
      if (!p.ok) return p.response;
      const activity = ctx.runtime.state.activities.get(ctx.params.id ?? '');
      if (!activity || activity.project !== p.value.id) return apiError(404, `Activity not found: ${ctx.params.id ?? ''}`);
      return jsonResponse(renderActivity(activity, ctx.runtime.now(), ctx.url.origin));
    },
  },
];
