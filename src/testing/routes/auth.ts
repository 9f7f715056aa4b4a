/**
 * `/auth/*` (v1): server time, consumer-key requests, the current credential, details and logout.
 */
import { z } from 'zod';
import { ACCESS_RULE_METHODS, type AccessRuleMethod } from '../access-rules.js';
import { isIpBlock } from '../allowed-ips.js';
import { jsonResponse } from '../http.js';
import type { SimRoute } from '../route.js';
import { addCredential, credentialView } from '../state.js';
import { parseJsonBody } from './body.js';

const AccessRuleInput = z.object({
  method: z.enum(ACCESS_RULE_METHODS as [AccessRuleMethod, ...AccessRuleMethod[]], {
    error: `method must be one of ${ACCESS_RULE_METHODS.join(', ')}`,
  }),
  path: z.string().startsWith('/', 'must start with "/"'),
});

const CredentialRequest = z.object({
  accessRules: z.array(AccessRuleInput).min(1, 'at least one access rule is required'),
  redirection: z.string().nullable().optional(),
  allowedIPs: z.array(z.string().refine(isIpBlock, 'must be an IP address or a CIDR block')).nullable().optional(),
});

/** The path of the page a user opens to validate a consumer key. */
export const VALIDATION_PATH = '/auth/';

/** The `/auth` routes. */
export const authRoutes: readonly SimRoute[] = [
  {
    api: 'v1',
    method: 'GET',
    path: '/auth/time',
    auth: 'none',
    handle: ({ runtime }) => jsonResponse(Math.floor(runtime.now() / 1000)),
  },
  {
    api: 'v1',
    method: 'POST',
    path: '/auth/credential',
    auth: 'application',
    handle: ({ body, application, runtime, url }) => {
      const parsed = parseJsonBody(body, CredentialRequest);
      if (!parsed.ok) return parsed.response;
      if (application === null) throw new Error('application route without application');
      const credential = addCredential(runtime.state, {
        applicationId: application.applicationId,
        rules: parsed.value.accessRules,
        now: runtime.now(),
        status: 'pendingValidation',
        allowedIPs: parsed.value.allowedIPs ?? null,
        redirection: parsed.value.redirection ?? null,
      });
      return jsonResponse({
        consumerKey: credential.consumerKey,
        state: credential.status,
        validationUrl: `${url.origin}${VALIDATION_PATH}?credentialToken=${credential.validationToken}`,
      });
    },
  },
  {
    api: 'v1',
    method: 'GET',
    path: '/auth/currentCredential',
    auth: 'signed',
    // Signed calls need a validated key, except this one: a client that just requested a key polls here until
    // the user decides, so a pending or refused key gets its credential back with its status. UNCONFIRMED: OVH may
    // answer such a key 403 INVALID_CREDENTIAL here too (a go-ovh user's wait loop expects it); the SDK's wait handles both.
    allowPendingCredential: true,
    bypassAccessRules: true,
    consumerKeyOnly: true,
    handle: ({ identity, runtime }) => {
      if (identity?.kind !== 'consumerKey') throw new Error('consumer-key route without consumer key');
      return jsonResponse(credentialView(identity.credential, runtime.now()));
    },
  },
  {
    api: 'v1',
    method: 'GET',
    path: '/auth/details',
    auth: 'signed',
    bypassAccessRules: true,
    handle: ({ identity, runtime }) => {
      const nic = runtime.state.account.nichandle;
      if (identity?.kind === 'oauth2') {
        return jsonResponse({
          account: nic,
          allowedRoutes: null,
          description: identity.client.description,
          identities: [identity.client.identity],
          method: 'oauth2_client_credentials',
          roles: null,
          user: null,
        });
      }
      return jsonResponse({
        account: nic,
        allowedRoutes: identity?.credential.rules.map((rule) => ({ ...rule })) ?? null,
        description: null,
        identities: [`urn:v1:${runtime.state.region}:identity:account:${nic}`],
        method: 'account',
        roles: null,
        user: null,
      });
    },
  },
  {
    api: 'v1',
    method: 'POST',
    path: '/auth/logout',
    auth: 'signed',
    bypassAccessRules: true,
    consumerKeyOnly: true,
    handle: ({ identity, runtime }) => {
      if (identity?.kind !== 'consumerKey') throw new Error('consumer-key route without consumer key');
      runtime.state.credentials.delete(identity.credential.credentialId);
      return jsonResponse(null);
    },
  },
];
