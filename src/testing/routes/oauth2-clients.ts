/**
 * `/me/api/oauth2/client` (v1): service accounts (OAuth2 clients). The secret is returned once, by the POST.
 * Deleting a client also invalidates the access tokens issued to it.
 */
import { z } from 'zod';
import { objectNotFound } from '../errors.js';
import { emptyResponse, errorResponse, jsonResponse } from '../http.js';
import type { RouteContext, SimRoute } from '../route.js';
import { addOAuth2Client, oauth2ClientView, type SimOAuth2Client } from '../state.js';
import { parseJsonBody, type BodyResult } from './body.js';

const Text = (field: string) => z.string({ error: `${field} is required` }).refine((v) => v.trim() !== '', `${field} cannot be empty`);
const CallbackUrls = z.array(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }));

const ClientCreate = z
  .object({
    callbackUrls: CallbackUrls.nullable().optional(),
    description: Text('description'),
    flow: z.enum(['AUTHORIZATION_CODE', 'CLIENT_CREDENTIALS'], { error: 'flow is required: AUTHORIZATION_CODE or CLIENT_CREDENTIALS' }),
    name: Text('name'),
  })
  .refine((v) => v.flow !== 'AUTHORIZATION_CODE' || (v.callbackUrls?.length ?? 0) > 0, {
    message: 'an AUTHORIZATION_CODE client needs at least one callback URL',
    path: ['callbackUrls'],
  });

const ClientUpdate = z.strictObject(
  { callbackUrls: CallbackUrls.optional(), description: Text('description').optional(), name: Text('name').optional() },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `read-only field(s) ${issue.keys.join(', ')}: only name, description and callbackUrls can be changed`
        : undefined,
  },
);

function findClient({ params, runtime }: RouteContext): BodyResult<SimOAuth2Client> {
  const clientId = params['clientId'] ?? '';
  const client = runtime.state.oauth2Clients.get(clientId);
  if (client === undefined) return { ok: false, response: errorResponse(objectNotFound('clientId', clientId)) };
  return { ok: true, value: client };
}

/** The `/me/api/oauth2/client` routes. */
export const oauth2ClientRoutes: readonly SimRoute[] = [
  {
    api: 'v1',
    method: 'GET',
    path: '/me/api/oauth2/client',
    auth: 'signed',
    handle: ({ runtime }) => jsonResponse([...runtime.state.oauth2Clients.keys()]),
  },
  {
    api: 'v1',
    method: 'POST',
    path: '/me/api/oauth2/client',
    auth: 'signed',
    handle: ({ body, runtime }) => {
      const parsed = parseJsonBody(body, ClientCreate);
      if (!parsed.ok) return parsed.response;
      const { name, description, flow, callbackUrls } = parsed.value;
      const client = addOAuth2Client(runtime.state, { now: runtime.now(), name, description, flow, callbackUrls: callbackUrls ?? [] });
      return jsonResponse({ clientId: client.clientId, clientSecret: client.clientSecret });
    },
  },
  {
    api: 'v1',
    method: 'GET',
    path: '/me/api/oauth2/client/{clientId}',
    auth: 'signed',
    handle: (context) => {
      const found = findClient(context);
      return found.ok ? jsonResponse(oauth2ClientView(found.value)) : found.response;
    },
  },
  {
    api: 'v1',
    method: 'PUT',
    path: '/me/api/oauth2/client/{clientId}',
    auth: 'signed',
    handle: (context) => {
      const found = findClient(context);
      if (!found.ok) return found.response;
      const parsed = parseJsonBody(context.body, ClientUpdate);
      if (!parsed.ok) return parsed.response;
      const client = found.value;
      const { name, description, callbackUrls } = parsed.value;
      if (name !== undefined) client.name = name;
      if (description !== undefined) client.description = description;
      if (callbackUrls !== undefined) client.callbackUrls = [...callbackUrls];
      return emptyResponse();
    },
  },
  {
    api: 'v1',
    method: 'DELETE',
    path: '/me/api/oauth2/client/{clientId}',
    auth: 'signed',
    handle: (context) => {
      const found = findClient(context);
      if (!found.ok) return found.response;
      const { state } = context.runtime;
      state.oauth2Clients.delete(found.value.clientId);
      for (const [token, issued] of state.accessTokens) {
        if (issued.clientId === found.value.clientId) state.accessTokens.delete(token);
      }
      return emptyResponse();
    },
  },
];
