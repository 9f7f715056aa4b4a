// The request stack of an OvhClient, built on its first request (with ky, the transport and the authenticators,
// none of which `import 'ovh-credentials'` loads). Built in the order used (as octokit does): a bare sender, then the
// clock and token cache on it, then the authenticator, then the transport the resources use. Nothing closes over
// something not yet built.
import { ApplicationKeyOnly, BearerAuthenticator, SignedAuthenticator, TokenCache, type Authenticator } from './core/auth.js';
import { ServerClock } from './core/clock.js';
import type { ResolvedConfig } from './core/config.js';
import { apiErrorFromResponse, AuthenticationError } from './core/errors.js';
import { transportOptions, type ClientOptions } from './core/options.js';
import type { ErrorMapper } from './core/ovh-errors.js';
import { exchangeToken } from './core/token-exchange.js';
import { Transport } from './core/transport.js';
import { Time } from './resources/auth.schemas.js';

/** What an OvhClient sends its requests with. */
export interface ClientStack {
  /** The authenticated transport every resource and raw call uses. */
  transport: Transport;
  /** The server clock (signed requests' timestamps). */
  clock: ServerClock;
  /** Authenticates with the application key only (`/auth/time`, consumer-key requests). */
  appKeyOnly: Authenticator;
}

/** Builds the request stack of a client from its resolved configuration and options. */
export function buildClientStack(config: ResolvedConfig, options: ClientOptions): ClientStack {
  const auth = config.auth;
  const now = options.now ?? Date.now;
  const sender = new Transport({
    baseUrl: config.v1,
    v2BaseUrl: config.v2,
    ...transportOptions(options),
    secrets: () => configSecrets(auth),
    ...(auth.kind === 'oauth2' ? { caller: { name: `service account ${auth.clientId}`, clientId: auth.clientId } } : {}),
  });
  const appKeyOnly = new ApplicationKeyOnly(auth.kind === 'oauth2' ? undefined : auth.applicationKey);
  const clock = new ServerClock(
    (signal) => sender.request('GET', '/auth/time', { auth: appKeyOnly, schema: Time, ...(signal ? { signal } : {}) }),
    now,
  );
  let authenticator: Authenticator;
  if (auth.kind === 'signed') {
    authenticator = new SignedAuthenticator(auth.applicationKey, auth.applicationSecret, auth.consumerKey, clock);
  } else if (auth.kind === 'bearer') {
    authenticator = new BearerAuthenticator(auth.accessToken, undefined, auth.applicationKey);
  } else {
    const fetchToken = exchangeToken(sender, {
      url: auth.tokenUrl,
      auth: appKeyOnly,
      form: () => ({ grant_type: 'client_credentials', client_id: auth.clientId, client_secret: auth.clientSecret.reveal(), scope: 'all' }),
      errorMapper: oauthErrorMapper,
    });
    authenticator = new BearerAuthenticator(new TokenCache(fetchToken, now), () => [auth.clientSecret.reveal()]);
  }
  return { transport: sender.withAuthenticator(authenticator), clock, appKeyOnly };
}

// Token endpoints answer with OAuth's {error, error_description}: every refusal there is an authentication problem.
const oauthErrorMapper: ErrorMapper = ({ status, data, headers, method, path }) => {
  const body = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  const code = typeof body.error === 'string' ? body.error : undefined;
  const description = typeof body.error_description === 'string' ? body.error_description : undefined;
  const info = {
    status,
    method,
    path,
    errorCode: code,
    apiMessage: description ?? code ?? `HTTP ${status} from the token endpoint`,
    queryId: headers.get('x-ovh-queryid') ?? undefined,
  };
  if (status >= 500 || status === 429) return apiErrorFromResponse(info);
  return new AuthenticationError(
    info,
    'The OAuth2 client id or secret was refused: check them, and that the service account still exists (ovh.oauth2Clients.list()).',
  );
};

/** Every secret a configuration holds, for scrubbing whatever the API echoes back. */
function configSecrets(auth: ResolvedConfig['auth']): string[] {
  switch (auth.kind) {
    case 'signed':
      return [auth.applicationSecret.reveal(), ...(auth.consumerKey ? [auth.consumerKey.reveal()] : [])];
    case 'oauth2':
      return [auth.clientSecret.reveal()];
    default:
      return [auth.accessToken.reveal()];
  }
}
