// The one token exchange both clients use: POST a form to a token URL on the bare sender, read the OAuth answer,
// and hand back a Secret and its lifetime for a TokenCache.
import { z } from 'zod';
import type { Authenticator, IssuedToken } from './auth.js';
import { secret } from './redact.js';
import type { ErrorMapper } from './errors.js';
import type { Transport } from './transport.js';

/** A token endpoint's successful answer (RFC 6749 §5.1); other fields are kept and ignored. */
const TokenResponse = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().nonnegative(),
  scope: z.string().optional(),
});

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
  const { url, auth, errorMapper } = exchange;
  return async () => {
    const data = await sender.request(
      'POST',
      path,
      { url, auth, form: exchange.form(), schema: TokenResponse, errorMapper, secretAnswer: true },
      { retry: { methods: ['POST'] } },
    );
    return { accessToken: secret(data.access_token), expiresIn: data.expires_in };
  };
}
