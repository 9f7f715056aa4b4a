// The endpoint table: one row per OVH API the official clients know, with its OAuth2 token URL.

/** An OVH API endpoint: base URLs for API v1 and v2, and the OAuth2 token URL of its region. */
export interface Endpoint {
  /** Endpoint name, e.g. `ovh-eu`. */
  name: EndpointName;
  /** API v1 base URL, e.g. `https://eu.api.ovh.com/1.0`. */
  v1: string;
  /** API v2 base URL, e.g. `https://eu.api.ovh.com/v2`. */
  v2: string;
  /** OAuth2 token URL for service accounts, when the region has one. */
  tokenUrl: string | undefined;
}

const TOKEN_EU = 'https://www.ovh.com/auth/oauth2/token';
const TOKEN_CA = 'https://ca.ovh.com/auth/oauth2/token';
const TOKEN_US = 'https://us.ovhcloud.com/auth/oauth2/token';

const HOSTS = {
  'ovh-eu': ['eu.api.ovh.com', TOKEN_EU],
  'ovh-ca': ['ca.api.ovh.com', TOKEN_CA],
  'ovh-us': ['api.us.ovhcloud.com', TOKEN_US],
  'kimsufi-eu': ['eu.api.kimsufi.com', undefined],
  'kimsufi-ca': ['ca.api.kimsufi.com', undefined],
  'soyoustart-eu': ['eu.api.soyoustart.com', undefined],
  'soyoustart-ca': ['ca.api.soyoustart.com', undefined],
} as const satisfies Record<string, readonly [string, string | undefined]>;

/** Names of the OVH endpoints, as in `ovh.conf` and the official clients. */
export type EndpointName = keyof typeof HOSTS;

/** Every endpoint name, in table order. */
export const ENDPOINT_NAMES = Object.keys(HOSTS) as EndpointName[];

/** Looks up an endpoint by name; `undefined` when the name is unknown. */
export function getEndpoint(name: string): Endpoint | undefined {
  if (!Object.hasOwn(HOSTS, name)) return undefined;
  const [host, tokenUrl] = HOSTS[name as EndpointName];
  return { name: name as EndpointName, v1: `https://${host}/1.0`, v2: `https://${host}/v2`, tokenUrl };
}

/**
 * The IAM region of an endpoint, as URNs name it (`urn:v1:<region>:...`): `ca` for the Canadian endpoints, `us`
 * for ovh-us, `eu` otherwise. A custom base URL is read from its host (`ca.` / `.ca.` / `.us.`), else `eu`.
 */
export function regionOf(endpoint: EndpointName | 'custom', baseUrl: string): 'eu' | 'ca' | 'us' {
  if (endpoint !== 'custom') return endpoint === 'ovh-us' ? 'us' : endpoint.endsWith('-ca') ? 'ca' : 'eu';
  const host = new URL(baseUrl).hostname;
  return /(^|\.)ca\./.test(host) ? 'ca' : /(^|\.)us\./.test(host) ? 'us' : 'eu';
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** True when the URL's host is a loopback address (localhost, 127.0.0.0/8, [::1]). */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.test(hostname);
}

/**
 * Splits a custom v1 base URL (`https://host/1.0`, `http://127.0.0.1:8080/1.0`) into v1 and v2 bases.
 * Returns an error message instead of throwing, so config code can wrap it.
 */
export function customBases(baseUrl: string): { v1: string; v2: string; origin: string } | string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return `baseUrl "${baseUrl}" is not a valid URL; use a full URL such as "https://eu.api.ovh.com/1.0".`;
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    return `baseUrl "${url.origin}" must use https (plain http is only allowed for loopback hosts such as 127.0.0.1).`;
  }
  if (url.search || url.hash || url.username || url.password) {
    return 'baseUrl must not contain credentials, a query string or a fragment.';
  }
  const path = url.pathname.replace(/\/+$/, '');
  // "/1.0" and "/v1" are aliases; v2 lives beside them on the same host.
  const root = path.replace(/\/(1\.0|v1)$/, '');
  const v1 = `${url.origin}${path === root ? `${root}/1.0` : path}`;
  return { v1, v2: `${url.origin}${root}/v2`, origin: url.origin };
}
