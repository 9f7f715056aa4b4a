/**
 * `GET /cloud/project` (v1): the Public Cloud project ids (cloud.json: `string[]`). Its IAM action,
 * `publicCloudProject:apiovh:get`, applies to each project: a service account sees the projects a policy grants it.
 */
import { isIamAllowed, projectUrn } from '../iam.js';
import { jsonResponse } from '../http.js';
import type { SimRoute } from '../route.js';

/** The project list route. */
export const projectRoutes: readonly SimRoute[] = [
  {
    api: 'v1',
    method: 'GET',
    path: '/cloud/project',
    auth: 'signed',
    handle: ({ identity, runtime }) => {
      const { state } = runtime;
      const granted = (serviceName: string): boolean =>
        identity?.kind !== 'oauth2' ||
        !runtime.iam ||
        isIamAllowed(state.policies.values(), {
          identity: identity.client.identity,
          action: 'publicCloudProject:apiovh:get',
          resource: projectUrn(state, serviceName),
          now: runtime.now(),
        });
      return jsonResponse([...state.projects.keys()].filter(granted));
    },
  },
];
