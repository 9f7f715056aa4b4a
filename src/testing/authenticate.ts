/**
 * Authentication of simulator calls: application-only calls, signed AK/AS/CK calls (checked in OVH's order),
 * and bearer tokens through pluggable verifiers.
 */
import { isCallGranted } from './access-rules.js';
import { isIpAllowed } from './allowed-ips.js';
import { OVH_ERRORS, type OvhErrorSpec } from './errors.js';
import type { BearerVerifier, Identity, SimRoute, SimRuntime } from './route.js';
import { urlWithoutPort, verifySignature } from './signature.js';
import { effectiveStatus, findApplicationByKey, findCredentialByConsumerKey, type SimApplication } from './state.js';

/** The outcome of an authentication check. */
export type AuthOutcome<T> = { ok: true; value: T } | { ok: false; error: OvhErrorSpec };

/** What the checks need to know about a request. */
export interface AuthRequest {
  readonly headers: Headers;
  readonly method: string;
  /** The exact request URL (signed as is). */
  readonly url: string;
  /** The exact body text. */
  readonly body: string;
  /** Client address (socket address on the server, the `clientIp` option otherwise). */
  readonly clientIp: string;
  /** API path as access rules see it. */
  readonly apiPath: string;
}

const fail = (error: OvhErrorSpec): { ok: false; error: OvhErrorSpec } => ({ ok: false, error });

/** Check 1: a known application that is not blocked. */
export function authenticateApplication(request: AuthRequest, runtime: SimRuntime): AuthOutcome<SimApplication> {
  const key = request.headers.get('x-ovh-application');
  const application = key ? findApplicationByKey(runtime.state, key) : undefined;
  if (application === undefined || application.status === 'blocked') return fail(OVH_ERRORS.invalidKey);
  return { ok: true, value: application };
}

/** The bearer token of an `Authorization: Bearer …` header, if any. */
export function bearerToken(headers: Headers): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.get('authorization') ?? '');
  return match?.[1] ?? null;
}

/** Bearer verifier for access tokens issued by `POST /auth/oauth2/token`. Expired tokens are forgotten. */
export const verifyOAuth2AccessToken: BearerVerifier = (token, runtime) => {
  const issued = runtime.state.accessTokens.get(token);
  if (issued === undefined) return null;
  const client = runtime.state.oauth2Clients.get(issued.clientId);
  if (client === undefined || issued.expiresAt <= runtime.now()) {
    runtime.state.accessTokens.delete(token);
    return null;
  }
  return { kind: 'oauth2', client, token: issued };
};

/**
 * Authenticates a call to a `signed` route. A bearer token goes to the verifiers (no access rules: the simulator
 * checks IAM policies for it afterwards); otherwise the AK/AS/CK checks run in order, and `lastUse` is updated on
 * success.
 */
export function authenticateSigned(request: AuthRequest, route: SimRoute, runtime: SimRuntime): AuthOutcome<Identity> {
  const token = bearerToken(request.headers);
  if (token !== null) {
    for (const verify of runtime.bearerVerifiers) {
      const identity = verify(token, runtime);
      if (identity === null) continue;
      if (route.consumerKeyOnly) return fail(OVH_ERRORS.notGranted);
      return { ok: true, value: identity };
    }
    return fail(OVH_ERRORS.invalidToken);
  }

  // 1. application
  const app = authenticateApplication(request, runtime);
  if (!app.ok) return app;
  const application = app.value;

  // 2. the other signing headers
  const timestamp = request.headers.get('x-ovh-timestamp');
  const consumerKey = request.headers.get('x-ovh-consumer');
  const signature = request.headers.get('x-ovh-signature');
  if (!timestamp || !consumerKey || !signature) return fail(OVH_ERRORS.loginRequired);

  // 3. clock
  const serverSeconds = Math.floor(runtime.now() / 1000);
  if (!/^\d+$/.test(timestamp) || Math.abs(Number(timestamp) - serverSeconds) > runtime.timestampWindowSeconds) {
    return fail(OVH_ERRORS.queryTimeOut);
  }

  // 4. consumer key of this application
  const credential = findCredentialByConsumerKey(runtime.state, consumerKey);
  if (credential === undefined || credential.applicationId !== application.applicationId) {
    return fail(OVH_ERRORS.credentialDoesNotExist);
  }

  // 5. signature, over the URL as sent or, when it names a port, over the same URL without it: the official node
  // client signs `https://<host><path>` whatever port it connects to (the real API is always on 443).
  const signedOver = (url: string): boolean =>
    verifySignature(
      { applicationSecret: application.applicationSecret, consumerKey, method: request.method, url, body: request.body, timestamp },
      signature,
    );
  const portless = urlWithoutPort(request.url);
  if (!signedOver(request.url) && (portless === undefined || !signedOver(portless))) return fail(OVH_ERRORS.invalidSignature);

  // 6. credential status. A pending or refused key may call only the route that polls for validation (see routes/auth.ts).
  const status = effectiveStatus(credential, runtime.now());
  const waiting = status === 'pendingValidation' || status === 'refused';
  if (status === 'expired' || (waiting && !route.allowPendingCredential)) return fail(OVH_ERRORS.credentialNotValid);

  // 7. allowed IPs (an empty list is treated as no restriction, like null; UNCONFIRMED)
  if (credential.allowedIPs !== null && credential.allowedIPs.length > 0 && !isIpAllowed(request.clientIp, credential.allowedIPs)) {
    return fail(OVH_ERRORS.notGranted);
  }

  // 8. access rules
  if (!route.bypassAccessRules && !isCallGranted(credential.rules, request.method, request.apiPath)) {
    return fail(OVH_ERRORS.notGranted);
  }

  if (status === 'validated') credential.lastUse = runtime.now();
  return { ok: true, value: { kind: 'consumerKey', application, credential } };
}
