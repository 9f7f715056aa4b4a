/**
 * `POST /oauth2/token`: the API-token exchange (`grant_type=api_token`, HTTP Basic `client_id:`).
 */
import { randomBytes } from 'node:crypto';
import { jsonResponse } from '../../http.js';
import { oauthError } from '../render.js';
import type { WebPaasRoute } from '../route.js';

function basicClientId(header: string | null): { id: string; secret: string } | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header ?? '');
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

/** The token endpoint. */
export const tokenRoutes: WebPaasRoute[] = [
  {
    method: 'POST',
    path: '/oauth2/token',
    auth: 'none',
    handle({ request, body, runtime }) {
      const client = basicClientId(request.headers.get('authorization'));
      if (client === null || client.id !== runtime.clientId || client.secret !== '') {
        return oauthError(401, 'invalid_client', 'Client authentication failed.');
      }
      if (!/^application\/x-www-form-urlencoded\b/i.test(request.headers.get('content-type') ?? '')) {
        return oauthError(400, 'invalid_request', 'The request body must be application/x-www-form-urlencoded.');
      }
      const form = new URLSearchParams(body);
      const grantType = form.get('grant_type');
      if (grantType !== 'api_token') {
        return oauthError(400, 'unsupported_grant_type', `The grant type "${grantType ?? ''}" is not supported.`);
      }
      const apiToken = form.get('api_token');
      if (!apiToken) return oauthError(400, 'invalid_request', 'The api_token parameter is required.');
      const known = runtime.state.apiTokens.get(apiToken);
      if (known === undefined || known.revoked) return oauthError(400, 'invalid_grant', 'Invalid API token.');
      const token = `wpat_${randomBytes(24).toString('hex')}`;
      const lifetime = runtime.tokenLifetimeSeconds;
      runtime.state.accessTokens.set(token, { token, apiToken, expiresAt: runtime.now() + lifetime * 1000 });
      return jsonResponse({ access_token: token, expires_in: lifetime, token_type: 'bearer' });
    },
  },
];
