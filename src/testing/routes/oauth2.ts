/**
 * `POST /auth/oauth2/token` (unprefixed, as on www.ovh.com): the OAuth2 client-credentials grant.
 */
import { timingSafeEqual } from 'node:crypto';
import { jsonResponse } from '../http.js';
import type { SimRoute } from '../route.js';
import { randomString } from '../state.js';

/** An OAuth2 error response (RFC 6749 §5.2 shape). */
function oauthError(error: string, description: string, status = 400): Response {
  return jsonResponse({ error, error_description: description }, { status, headers: { 'cache-control': 'no-store' } });
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Client id and secret from HTTP Basic auth, if used. */
function basicCredentials(headers: Headers): { id: string; secret: string } | null {
  const match = /^Basic\s+(\S+)$/i.exec(headers.get('authorization') ?? '');
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  try {
    return {
      id: decodeURIComponent(decoded.slice(0, colon)),
      secret: decodeURIComponent(decoded.slice(colon + 1)),
    };
  } catch {
    return null;
  }
}

/** The OAuth2 token route. */
export const oauth2Routes: readonly SimRoute[] = [
  {
    api: 'root',
    method: 'POST',
    path: '/auth/oauth2/token',
    auth: 'none',
    handle: ({ request, body, runtime }) => {
      const contentType = request.headers.get('content-type') ?? '';
      if (!/^application\/x-www-form-urlencoded\b/i.test(contentType)) {
        return oauthError('invalid_request', 'Content-Type must be application/x-www-form-urlencoded');
      }
      const form = new URLSearchParams(body);
      const grantType = form.get('grant_type');
      if (!grantType) return oauthError('invalid_request', 'Missing grant_type');
      if (grantType !== 'client_credentials') {
        return oauthError('unsupported_grant_type', `Unsupported grant_type: ${grantType}`);
      }
      const basic = basicCredentials(request.headers);
      const clientId = basic?.id ?? form.get('client_id');
      const clientSecret = basic?.secret ?? form.get('client_secret');
      if (!clientId || !clientSecret) return oauthError('invalid_request', 'Missing client_id or client_secret');
      const client = runtime.state.oauth2Clients.get(clientId);
      if (client === undefined || !sameSecret(client.clientSecret, clientSecret)) {
        return oauthError('invalid_client', 'Invalid client credentials');
      }
      if (client.flow !== 'CLIENT_CREDENTIALS') {
        return oauthError('unauthorized_client', 'This client is not allowed to use the client_credentials grant');
      }
      const token = randomString(64);
      const lifetime = runtime.tokenLifetimeSeconds;
      runtime.state.accessTokens.set(token, {
        token,
        clientId,
        scope: 'all',
        expiresAt: runtime.now() + lifetime * 1000,
      });
      return jsonResponse(
        { access_token: token, token_type: 'Bearer', expires_in: lifetime, scope: 'all' },
        { headers: { 'cache-control': 'no-store' } },
      );
    },
  },
];
