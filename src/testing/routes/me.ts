/**
 * `GET /me` (v1): the simulated account.
 */
import { jsonResponse } from '../http.js';
import type { SimRoute } from '../route.js';

/** The `/me` routes of the base simulator. */
export const meRoutes: readonly SimRoute[] = [
  {
    api: 'v1',
    method: 'GET',
    path: '/me',
    auth: 'signed',
    handle: ({ runtime }) => jsonResponse(runtime.state.account),
  },
];
