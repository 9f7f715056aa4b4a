/**
 * `/me/api/credential` (v1): the account's consumer keys: list (with filters), read, restrict by IP, revoke, and
 * the application of a key.
 */
import { z } from 'zod';
import { isIpBlock } from '../allowed-ips.js';
import { objectNotFound } from '../errors.js';
import { emptyResponse, errorResponse, jsonResponse } from '../http.js';
import type { RouteContext, SimRoute } from '../route.js';
import { applicationView, credentialView, effectiveStatus, type CredentialStatus, type SimCredential } from '../state.js';
import { parseJsonBody } from './body.js';
import { enumParam, longParam, type ParamResult } from './params.js';

const STATUSES: readonly CredentialStatus[] = ['expired', 'pendingValidation', 'refused', 'validated'];

// Only allowedIPs can change; any other field is refused rather than silently ignored.
const CredentialUpdate = z.strictObject(
  { allowedIPs: z.array(z.string().refine(isIpBlock, 'must be an IP address or a CIDR block')).nullable().optional() },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? `read-only field(s) ${issue.keys.join(', ')}: only allowedIPs can be changed` : undefined,
  },
);

function findCredential({ params, runtime }: RouteContext): ParamResult<SimCredential> {
  const id = longParam('credentialId', params['credentialId'] ?? '');
  if (!id.ok) return id;
  const credential = runtime.state.credentials.get(id.value);
  if (credential === undefined) return { ok: false, response: errorResponse(objectNotFound('credentialId', id.value)) };
  return { ok: true, value: credential };
}

/**
 * `GET /me/api/credential/1,2,3` with `X-Ovh-Batch: ,` (what OVH's web console sends; undocumented): one wrapper
 * per id, in the order asked, `{key, value, error}`, with `value: null` and the 404 message for an id that does
 * not exist. An id that is not a number fails the whole request, as it would alone. (The wrapper's `key` and
 * `error` fields are UNCONFIRMED; see API-NOTES.)
 */
function batchRead(context: RouteContext, separator: string): Response {
  const keys = (context.params['credentialId'] ?? '').split(separator);
  const now = context.runtime.now();
  const wrappers: Array<{ key: string; value: unknown; error: string | null }> = [];
  for (const key of keys) {
    const id = longParam('credentialId', key);
    if (!id.ok) return id.response;
    const credential = context.runtime.state.credentials.get(id.value);
    wrappers.push(
      credential === undefined
        ? { key, value: null, error: objectNotFound('credentialId', id.value).body.message }
        : { key, value: credentialView(credential, now), error: null },
    );
  }
  return jsonResponse(wrappers);
}

/** The `/me/api/credential` routes. */
export const credentialRoutes: readonly SimRoute[] = [
  {
    api: 'v1',
    method: 'GET',
    path: '/me/api/credential',
    auth: 'signed',
    handle: ({ url, runtime }) => {
      let applicationId: number | undefined;
      let status: CredentialStatus | undefined;
      const rawApplication = url.searchParams.get('applicationId');
      if (rawApplication !== null) {
        const parsed = longParam('applicationId', rawApplication);
        if (!parsed.ok) return parsed.response;
        applicationId = parsed.value;
      }
      const rawStatus = url.searchParams.get('status');
      if (rawStatus !== null) {
        const parsed = enumParam('status', rawStatus, STATUSES, 'auth.CredentialStateEnum');
        if (!parsed.ok) return parsed.response;
        status = parsed.value;
      }
      const now = runtime.now();
      const ids: number[] = [];
      for (const credential of runtime.state.credentials.values()) {
        if (applicationId !== undefined && credential.applicationId !== applicationId) continue;
        if (status !== undefined && effectiveStatus(credential, now) !== status) continue;
        ids.push(credential.credentialId);
      }
      return jsonResponse(ids);
    },
  },
  {
    api: 'v1',
    method: 'GET',
    path: '/me/api/credential/{credentialId}',
    auth: 'signed',
    handle: (context) => {
      const separator = context.request.headers.get('x-ovh-batch');
      if (separator) return batchRead(context, separator);
      const found = findCredential(context);
      return found.ok ? jsonResponse(credentialView(found.value, context.runtime.now())) : found.response;
    },
  },
  {
    api: 'v1',
    method: 'PUT',
    path: '/me/api/credential/{credentialId}',
    auth: 'signed',
    handle: (context) => {
      const found = findCredential(context);
      if (!found.ok) return found.response;
      const parsed = parseJsonBody(context.body, CredentialUpdate);
      if (!parsed.ok) return parsed.response;
      const { allowedIPs } = parsed.value;
      if (allowedIPs !== undefined) found.value.allowedIPs = allowedIPs === null ? null : [...allowedIPs];
      return emptyResponse();
    },
  },
  {
    api: 'v1',
    method: 'DELETE',
    path: '/me/api/credential/{credentialId}',
    auth: 'signed',
    handle: (context) => {
      const found = findCredential(context);
      if (!found.ok) return found.response;
      context.runtime.state.credentials.delete(found.value.credentialId);
      return emptyResponse();
    },
  },
  {
    api: 'v1',
    method: 'GET',
    path: '/me/api/credential/{credentialId}/application',
    auth: 'signed',
    handle: (context) => {
      const found = findCredential(context);
      if (!found.ok) return found.response;
      const application = context.runtime.state.applications.get(found.value.applicationId);
      if (application === undefined) return errorResponse(objectNotFound('applicationId', found.value.applicationId));
      return jsonResponse(applicationView(application));
    },
  },
];
