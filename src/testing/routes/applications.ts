/**
 * `/me/api/application` (v1): the account's API applications. Deleting one revokes all of its consumer keys.
 */
import { objectNotFound } from '../errors.js';
import { emptyResponse, errorResponse, jsonResponse } from '../http.js';
import type { RouteContext, SimRoute } from '../route.js';
import { applicationView, type SimApplication } from '../state.js';
import { longParam, type ParamResult } from './params.js';

function findApplication({ params, runtime }: RouteContext): ParamResult<SimApplication> {
  const id = longParam('applicationId', params['applicationId'] ?? '');
  if (!id.ok) return id;
  const application = runtime.state.applications.get(id.value);
  if (application === undefined) return { ok: false, response: errorResponse(objectNotFound('applicationId', id.value)) };
  return { ok: true, value: application };
}

/** The `/me/api/application` routes. */
export const applicationRoutes: readonly SimRoute[] = [
  {
    api: 'v1',
    method: 'GET',
    path: '/me/api/application',
    auth: 'signed',
    handle: ({ runtime }) => jsonResponse([...runtime.state.applications.keys()]),
  },
  {
    api: 'v1',
    method: 'GET',
    path: '/me/api/application/{applicationId}',
    auth: 'signed',
    handle: (context) => {
      const found = findApplication(context);
      return found.ok ? jsonResponse(applicationView(found.value)) : found.response;
    },
  },
  {
    api: 'v1',
    method: 'DELETE',
    path: '/me/api/application/{applicationId}',
    auth: 'signed',
    handle: (context) => {
      const found = findApplication(context);
      if (!found.ok) return found.response;
      const { state } = context.runtime;
      state.applications.delete(found.value.applicationId);
      for (const [id, credential] of state.credentials) {
        if (credential.applicationId === found.value.applicationId) state.credentials.delete(id);
      }
      return emptyResponse();
    },
  },
];
