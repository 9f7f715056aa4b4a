// WebPaasClient: resolves its config (options > OVHCLOUD_WEBPAAS_CLI_* env vars > defaults), trades the API token for
// access tokens, and exposes the Web PaaS resources.
import { BearerAuthenticator, exchangeToken, fixedHeaders, TokenCache } from '../core/auth.js';
import { isLoopbackHost } from '../core/endpoints.js';
import { ConfigError } from '../core/errors.js';
import { checkClientOptions, type ClientOptions, optionKeys } from '../core/options.js';
import { rawCall, type RawCallOptions, type StandardSchema } from '../core/raw-call.js';
import { INSPECT, secret, type Secret } from '../core/redact.js';
import { Transport } from '../core/transport.js';
import { ActivitiesResource } from './activities.js';
import { auditVariables, type WebPaasAuditOptions, type WebPaasAuditReport } from './audit.js';
import { webpaasErrorInfo, webpaasErrorMapper, webpaasTokenHint } from './errors.js';
import { VariablesResource } from './variables.js';

/** Default Web PaaS API base URL (EU). */
export const WEBPAAS_API_URL = 'https://eu.api.webpaas.ovhcloud.com';
/** Default Web PaaS OAuth2 token URL (EU). */
export const WEBPAAS_TOKEN_URL = 'https://eu.auth.webpaas.ovhcloud.com/oauth2/token';
/** The `webpaas` CLI's OAuth2 client id, used for the API-token exchange. */
export const WEBPAAS_CLIENT_ID = 'ovh-eu-cli';

/** The env vars the `webpaas` CLI reads, which this SDK reads too. */
export const WEBPAAS_ENV = {
  apiToken: 'OVHCLOUD_WEBPAAS_CLI_TOKEN',
  apiUrl: 'OVHCLOUD_WEBPAAS_CLI_API_URL',
  tokenUrl: 'OVHCLOUD_WEBPAAS_CLI_OAUTH2_TOKEN_URL',
  clientId: 'OVHCLOUD_WEBPAAS_CLI_OAUTH2_CLIENT_ID',
} as const;

/** Credentials and URLs accepted by `new WebPaasClient()`; each (but `accessToken`) can also come from the env. */
export interface WebPaasCredentialOptions {
  /** API token (console: My profile → API tokens). Env `OVHCLOUD_WEBPAAS_CLI_TOKEN`. Kept as a redacted Secret. */
  apiToken?: string | Secret;
  /** An access token you already hold, used until it runs out; then one is fetched with the API token if any, else an AuthenticationError. */
  accessToken?: string | Secret;
  /** API base URL. Env `OVHCLOUD_WEBPAAS_CLI_API_URL`, default `https://eu.api.webpaas.ovhcloud.com`. */
  apiUrl?: string;
  /** OAuth2 token URL. Env `OVHCLOUD_WEBPAAS_CLI_OAUTH2_TOKEN_URL`, default `https://eu.auth.webpaas.ovhcloud.com/oauth2/token`. */
  tokenUrl?: string;
  /** OAuth2 client id. Env `OVHCLOUD_WEBPAAS_CLI_OAUTH2_CLIENT_ID`, default `ovh-eu-cli`. */
  clientId?: string;
}

const given = (value: unknown): value is string | Secret => (typeof value === 'string' ? value.trim() !== '' : value !== undefined && value !== null);

/** Resolves options > env > defaults, or throws a ConfigError naming the option and env var (never a value). */
function resolveWebPaasConfig(options: WebPaasCredentialOptions, env: Readonly<Record<string, string | undefined>>) {
  const pick = (key: keyof typeof WEBPAAS_ENV): string | Secret | undefined => {
    const value = given(options[key]) ? options[key] : env[WEBPAAS_ENV[key]];
    return given(value) ? (typeof value === 'string' ? value.trim() : value) : undefined;
  };
  // Names the env var a bad value came from, never the value (a default is never bad).
  const from = (key: keyof typeof WEBPAAS_ENV): string => (given(options[key]) ? '' : ` (from ${WEBPAAS_ENV[key]})`);
  const apiToken = pick('apiToken');
  const apiUrl = checkUrl('apiUrl', (pick('apiUrl') as string | undefined) ?? WEBPAAS_API_URL, from);
  const tokenUrl = checkUrl('tokenUrl', (pick('tokenUrl') as string | undefined) ?? WEBPAAS_TOKEN_URL, from);
  const clientId = (pick('clientId') as string | undefined) ?? WEBPAAS_CLIENT_ID;
  if (!/^[\x21-\x39\x3b-\x7e]+$/.test(clientId)) {
    throw new ConfigError(`clientId${from('clientId')} must be printable ASCII without spaces or ":"; the default is "${WEBPAAS_CLIENT_ID}".`);
  }
  const accessToken = given(options.accessToken) ? secret(options.accessToken) : undefined;
  if (apiToken === undefined && accessToken === undefined) {
    throw new ConfigError(
      `No Web PaaS API token: pass apiToken, or set ${WEBPAAS_ENV.apiToken} (create one in the Web PaaS console under My profile → API tokens).`,
    );
  }
  return { apiUrl, tokenUrl, clientId, apiToken: apiToken === undefined ? undefined : secret(apiToken), accessToken };
}

/** https everywhere, plain http only on loopback hosts (the simulator); no credentials, query or fragment. */
function checkUrl(name: 'apiUrl' | 'tokenUrl', value: string, from: (key: typeof name) => string): string {
  if (!URL.canParse(value)) {
    throw new ConfigError(
      `${name}${from(name)} is not a valid URL; use a full URL such as "${name === 'apiUrl' ? WEBPAAS_API_URL : WEBPAAS_TOKEN_URL}".`,
    );
  }
  const url = new URL(value);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new ConfigError(`${name}${from(name)} "${url.origin}" must use https (plain http is only allowed for loopback hosts such as 127.0.0.1).`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new ConfigError(`${name}${from(name)} must not contain credentials, a query string or a fragment.`);
  }
  return `${url.origin}${name === 'tokenUrl' ? url.pathname : url.pathname.replace(/\/+$/, '')}`;
}

/** Options of `new WebPaasClient()`. The API token and URLs may also come from `OVHCLOUD_WEBPAAS_CLI_*` env vars. */
export interface WebPaasClientOptions extends WebPaasCredentialOptions, ClientOptions {}

const CREDENTIAL_KEYS = optionKeys<WebPaasCredentialOptions>()(['apiToken', 'accessToken', 'apiUrl', 'tokenUrl', 'clientId']);

/**
 * The OVHcloud Web PaaS API client: trades an API token for short-lived access tokens (one exchange at a time,
 * renewed before expiry and once on a 401), retries safely and maps errors to typed classes.
 * @example
 * const paas = WebPaasClient.fromEnvironment(); // OVHCLOUD_WEBPAAS_CLI_TOKEN
 * await paas.variables.create({ project: 'abc', environment: 'main', name: 'env:API_KEY', value: 's', sensitive: true });
 */
export class WebPaasClient {
  /** The API base URL in use. */
  readonly apiUrl: string;
  /** The OAuth2 token URL in use. */
  readonly tokenUrl: string;
  /** The OAuth2 client id (not a secret). */
  readonly clientId: string;
  /** `api-token`: access tokens are fetched with the API token; `access-token`: only the given access token. */
  readonly authKind: 'api-token' | 'access-token';

  /** Project- and environment-level variables. */
  readonly variables: VariablesResource;
  /** Activities (redeploys) triggered by changes: read them, wait for them. */
  readonly activities: ActivitiesResource;

  readonly #transport: Transport;

  constructor(options: WebPaasClientOptions = {}) {
    checkClientOptions(options, CREDENTIAL_KEYS, 'WebPaasClient options');
    const config = resolveWebPaasConfig(options, options.env ?? globalThis.process?.env ?? {});
    const now = options.now ?? Date.now;
    this.apiUrl = config.apiUrl;
    this.tokenUrl = config.tokenUrl;
    this.clientId = config.clientId;
    this.authKind = config.apiToken ? 'api-token' : 'access-token';

    const { apiToken, accessToken } = config;
    const known = (): string[] => [apiToken, accessToken].flatMap((token) => (token ? [token.reveal()] : []));
    const sender = new Transport({
      baseUrl: config.apiUrl,
      client: options,
      secrets: known,
      errorMapper: webpaasErrorMapper(apiToken !== undefined),
    });
    // A given access token has no known lifetime: it is used until refused; then, with an API token, fresh ones are fetched.
    let tokens: TokenCache | Secret = accessToken as Secret;
    if (apiToken) {
      const exchange = exchangeToken(sender, {
        url: config.tokenUrl,
        // HTTP Basic `client_id:` (empty secret), as the CLI sends to the token endpoint.
        auth: fixedHeaders({ authorization: `Basic ${btoa(`${config.clientId}:`)}` }),
        form: () => ({ grant_type: 'api_token', api_token: apiToken.reveal() }),
        hint: webpaasTokenHint,
        read: webpaasErrorInfo,
      });
      let first = accessToken;
      tokens = new TokenCache(async () => {
        const token = first;
        first = undefined;
        // A given token's lifetime is unknown: it is used until refused, then the API token is exchanged.
        return token ? { accessToken: token, expiresIn: undefined } : exchange();
      }, now);
    }
    this.#transport = sender.withAuthenticator(new BearerAuthenticator(tokens, known));
    this.activities = new ActivitiesResource(this.#transport, now);
    this.variables = new VariablesResource(this.#transport, this.activities);
  }

  /**
   * GET any Web PaaS API path, with the client's auth, retries and error mapping; without a schema, the answer as sent
   * (the raw view of a list whose items did not match). Typed as `ovh.get`: the schema's output, or `T` when named.
   * @example const raw = await paas.get(`/projects/${project}/variables`);
   */
  get<T = unknown>(path: string, options: RawCallOptions<StandardSchema<unknown, T>> = {}): Promise<T> {
    return rawCall(this.#transport, 'GET', path, undefined, options) as Promise<T>;
  }

  /**
   * Flags variables that look like secrets but are not sensitive (by name, or by a value shaped like a known token;
   * the value is never reported), and sensitive ones visible to the build as well as at runtime (docs/audit.md).
   * @example const { findings } = await paas.audit({ project: 'abc', environments: ['main'] });
   */
  audit(options: WebPaasAuditOptions): Promise<WebPaasAuditReport> {
    return auditVariables(this.variables, options);
  }

  /**
   * Builds a client from `OVHCLOUD_WEBPAAS_CLI_TOKEN` (and `..._API_URL`, `..._OAUTH2_TOKEN_URL`, `..._OAUTH2_CLIENT_ID`), like the `webpaas` CLI.
   * @example const paas = WebPaasClient.fromEnvironment();
   */
  static fromEnvironment(options: Omit<WebPaasClientOptions, keyof WebPaasCredentialOptions> = {}): WebPaasClient {
    checkClientOptions(
      options,
      [],
      'WebPaasClient.fromEnvironment() options (the token comes from OVHCLOUD_WEBPAAS_CLI_TOKEN; pass it to new WebPaasClient() instead)',
    );
    return new WebPaasClient(options);
  }

  /** A safe summary: URLs, client id and auth kind; never a token. */
  toJSON(): Record<string, unknown> {
    return { apiUrl: this.apiUrl, tokenUrl: this.tokenUrl, clientId: this.clientId, authKind: this.authKind };
  }
  /** Node's `util.inspect` / `console.log` view: the same safe summary. @internal (left out of the declarations: the symbol is not exported) */
  [INSPECT](): string {
    return `WebPaasClient ${JSON.stringify(this.toJSON())}`;
  }
}
