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

const HOSTS = {
  'ovh-eu': ['eu.api.ovh.com', 'https://www.ovh.com/auth/oauth2/token'],
  'ovh-ca': ['ca.api.ovh.com', 'https://ca.ovh.com/auth/oauth2/token'],
  'ovh-us': ['api.us.ovhcloud.com', 'https://us.ovhcloud.com/auth/oauth2/token'],
  'kimsufi-eu': ['eu.api.kimsufi.com', undefined],
  'kimsufi-ca': ['ca.api.kimsufi.com', undefined],
  'soyoustart-eu': ['eu.api.soyoustart.com', undefined],
  'soyoustart-ca': ['ca.api.soyoustart.com', undefined],
} as const satisfies Record<string, readonly [string, string | undefined]>;

/**
 * OVH is moving its SDKs to `api.<region>.ovhcloud.com` hosts (open pull requests in python-ovh, go-ovh and node-ovh);
 * the released clients still use the classic ones, and so do we: switch GENERATION when they do. Either is recognised.
 */
export type EndpointGeneration = 'classic' | 'ovhcloud';
const GENERATION: EndpointGeneration = 'classic';
const OVHCLOUD_HOSTS: Partial<Record<keyof typeof HOSTS, readonly [string, string]>> = {
  'ovh-eu': ['api.eu.ovhcloud.com', 'https://auth.eu.ovhcloud.com/oauth2/token'],
  'ovh-ca': ['api.ca.ovhcloud.com', 'https://auth.ca.ovhcloud.com/oauth2/token'],
};

/** Names of the OVH endpoints, as in `ovh.conf` and the official clients. */
export type EndpointName = keyof typeof HOSTS;

// node-ovh's other names for the same hosts (its lib/endpoints.js).
const ALIASES = { 'sys-eu': 'soyoustart-eu', 'sys-ca': 'soyoustart-ca', 'ks-eu': 'kimsufi-eu', 'ks-ca': 'kimsufi-ca' } as const;

/** node-ovh's short names: `sys-eu`, `sys-ca` (So you Start), `ks-eu`, `ks-ca` (Kimsufi); each means its long name's endpoint. */
export type EndpointAlias = keyof typeof ALIASES;

/** Every endpoint name, in table order (the aliases are not listed). */
export const ENDPOINT_NAMES = Object.keys(HOSTS) as EndpointName[];

/** The names an endpoint is known by: its own, then its aliases (`soyoustart-eu`, `sys-eu`). */
export function endpointNames(name: EndpointName): string[] {
  return [name, ...Object.keys(ALIASES).filter((alias) => ALIASES[alias as EndpointAlias] === name)];
}

/** Looks up an endpoint by name or alias (`undefined` when unknown), on the classic hosts or OVH's new `ovhcloud.com` ones. */
export function getEndpoint(name: string, generation: EndpointGeneration = GENERATION): Endpoint | undefined {
  const canonical = Object.hasOwn(ALIASES, name) ? ALIASES[name as EndpointAlias] : name;
  if (!Object.hasOwn(HOSTS, canonical)) return undefined;
  const endpoint = canonical as EndpointName;
  const [host, tokenUrl] = (generation === 'ovhcloud' ? OVHCLOUD_HOSTS[endpoint] : undefined) ?? HOSTS[endpoint];
  return { name: endpoint, v1: `https://${host}/1.0`, v2: `https://${host}/v2`, tokenUrl };
}

/** The OVH endpoint (of either generation) whose API lives at an origin (`https://api.eu.ovhcloud.com`), or undefined. */
export function endpointOfOrigin(origin: string): Endpoint | undefined {
  const all = ENDPOINT_NAMES.flatMap((name) => [getEndpoint(name, 'classic'), getEndpoint(name, 'ovhcloud')]);
  return all.find((endpoint) => endpoint !== undefined && new URL(endpoint.v1).origin === origin);
}

/** An endpoint's IAM region, as URNs name it (`urn:v1:<region>:...`); a custom base URL's is read from its host, else `eu`. */
export function regionOf(endpoint: EndpointName | 'custom', baseUrl: string): 'eu' | 'ca' | 'us' {
  if (endpoint !== 'custom') return endpoint === 'ovh-us' ? 'us' : endpoint.endsWith('-ca') ? 'ca' : 'eu';
  const host = new URL(baseUrl).hostname;
  return /(^|\.)ca\./.test(host) ? 'ca' : /(^|\.)us\./.test(host) ? 'us' : 'eu';
}

/** True when the URL's host is a loopback address (localhost, 127.0.0.0/8, [::1]). */
export function isLoopbackHost(hostname: string): boolean {
  return /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i.test(hostname);
}

/**
 * A URL, or text meant as one, as a message may quote it: without the `user:password@` it may carry, nor its query
 * or fragment (a token may ride there too). Works on text that does not parse, which is when it is quoted.
 * @example shownUrl('https://deploy:hunter2@host:99999/1.0?t=x') // 'https://host:99999/1.0'
 */
export function shownUrl(text: string): string {
  const scheme = /^[a-z][a-z\d+.-]*:\/\//i.exec(text)?.[0] ?? '';
  const rest = text.slice(scheme.length);
  return scheme + rest.slice(rest.lastIndexOf('@') + 1).replace(/[?#].*$/s, '');
}

/** Splits a custom v1 base URL (`https://host/1.0`, `http://127.0.0.1:8080/1.0`) into v1 and v2 bases, or says what is wrong. */
export function customBases(baseUrl: string): { v1: string; v2: string } | string {
  if (!URL.canParse(baseUrl)) return `baseUrl "${shownUrl(baseUrl)}" is not a valid URL; use a full URL such as "https://eu.api.ovh.com/1.0".`;
  const url = new URL(baseUrl);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    return `baseUrl "${url.origin}" must use https (plain http is only allowed for loopback hosts such as 127.0.0.1).`;
  }
  if (url.search || url.hash || url.username || url.password) return 'baseUrl must not contain credentials, a query string or a fragment.';
  const path = url.pathname.replace(/\/+$/, '');
  // "/1.0" and "/v1" are aliases; v2 lives beside them on the same host.
  const root = path.replace(/\/(1\.0|v1)$/, '');
  return { v1: `${url.origin}${path === root ? `${root}/1.0` : path}`, v2: `${url.origin}${root}/v2` };
}
