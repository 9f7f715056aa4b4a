// The one token exchange both clients use: POST a form to a token URL on the bare sender, read the OAuth answer,
// and hand back a Secret and its lifetime for a TokenCache.
import type { Authenticator, IssuedToken } from './auth.js';
import { lazy } from './lazy.js';
import { secret } from './redact.js';
import type { ErrorMapper } from './errors.js';
import type { Transport } from './transport.js';

const schemas = lazy(() => import('./token-exchange.schemas.js'));

/** Where and how to exchange a credential for an access token. */
export interface TokenExchange {
  /** The token endpoint's absolute URL. */
  url: string;
  /** How the sender authenticates to the token endpoint (e.g. HTTP Basic `client_id:`, or nothing). */
  auth: Authenticator;
  /** The form to post; a function, so secrets are revealed only when sent. */
  form: () => Record<string, string>;
  /** Maps the token endpoint's error answers (OAuth's `{error, error_description}`). */
  errorMapper: ErrorMapper;
}

/** A token fetcher for a TokenCache. The exchange changes nothing server-side, so it is retried like a GET. */
export function exchangeToken(sender: Transport, exchange: TokenExchange): () => Promise<IssuedToken> {
  const path = new URL(exchange.url).pathname;
  return async () => {
    const { TokenResponse } = await schemas();
    const data = await sender.request('POST', path, {
      url: exchange.url,
      auth: exchange.auth,
      form: exchange.form(),
      schema: TokenResponse,
      retry: { methods: ['POST'] },
      errorMapper: exchange.errorMapper,
    });
    return { accessToken: secret(data.access_token), expiresIn: data.expires_in };
  };
}
