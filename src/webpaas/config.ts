// The Web PaaS client configuration: explicit options > OVHCLOUD_WEBPAAS_CLI_* env vars > defaults. Reads no file.
import { isLoopbackHost } from '../core/endpoints.js';
import { ConfigError } from '../core/errors.js';
import { secret, type Secret } from '../core/redact.js';

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
  /**
   * An access token you already hold. Used until it runs out; then, if an API token is configured, a new one is
   * fetched with it, else calls fail with an AuthenticationError.
   */
  accessToken?: string | Secret;
  /** API base URL. Env `OVHCLOUD_WEBPAAS_CLI_API_URL`, default `https://eu.api.webpaas.ovhcloud.com`. */
  apiUrl?: string;
  /** OAuth2 token URL. Env `OVHCLOUD_WEBPAAS_CLI_OAUTH2_TOKEN_URL`, default `https://eu.auth.webpaas.ovhcloud.com/oauth2/token`. */
  tokenUrl?: string;
  /** OAuth2 client id. Env `OVHCLOUD_WEBPAAS_CLI_OAUTH2_CLIENT_ID`, default `ovh-eu-cli`. */
  clientId?: string;
}

function given(value: unknown): value is string | Secret {
  return typeof value === 'string' ? value.trim() !== '' : value !== undefined && value !== null;
}

/** Resolves options > env > defaults, or throws a ConfigError naming the option and env var (never a value). */
export function resolveWebPaasConfig(options: WebPaasCredentialOptions, env: Readonly<Record<string, string | undefined>>) {
  const fromEnv = new Set<keyof typeof WEBPAAS_ENV>();
  const pick = (key: keyof typeof WEBPAAS_ENV): string | Secret | undefined => {
    const value = options[key];
    if (given(value)) return typeof value === 'string' ? value.trim() : value;
    const envValue = env[WEBPAAS_ENV[key]];
    if (!given(envValue)) return undefined;
    fromEnv.add(key);
    return envValue.trim();
  };
  // Names the env var a bad value came from, never the value.
  const from = (key: keyof typeof WEBPAAS_ENV): string => (fromEnv.has(key) ? ` (from ${WEBPAAS_ENV[key]})` : '');
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
