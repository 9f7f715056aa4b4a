// Resolves the client configuration exactly like the official clients: explicit options > OVH_* env vars >
// ovh.conf files (read at the edge, in config-files.ts). Pure: takes the env and file texts as inputs.
import { parse as parseIni } from 'ini';
import { ConfigError } from './errors.js';
import { customBases, ENDPOINT_NAMES, endpointOfOrigin, getEndpoint, type EndpointName, shownUrl } from './endpoints.js';
import { secret, type Secret } from './redact.js';
import { closest, optionKeys } from './options.js';

/** Where a configuration value came from, for error messages (never the value itself). */
export type ConfigSource = 'options' | 'env' | `file:${string}`;

/** The text of one ovh.conf file, as read from disk. */
export interface ConfigFile {
  path: string;
  text: string;
}

/** Credentials and endpoint as accepted by `new OvhClient()`; each can also come from env vars or ovh.conf. */
export interface CredentialOptions {
  /** An endpoint name (`ovh-eu`, `ovh-ca`, `ovh-us`, `kimsufi-eu`...; ENDPOINT_NAMES), or a v1 base URL as go-ovh takes one (https, or http on loopback). Default `ovh-eu`. */
  endpoint?: EndpointName | `https://${string}` | `http://${string}`;
  /** A custom v1 base URL (e.g. the simulator's `http://127.0.0.1:8080/1.0`). https is required except on loopback hosts. */
  baseUrl?: string;
  /** Application key (AK), from https://eu.api.ovh.com/createApp/. */
  applicationKey?: string;
  /** Application secret (AS). Kept as a redacted Secret. */
  applicationSecret?: string | Secret;
  /** Consumer key (CK), from `ovh.auth.requestConsumerKey()` or https://eu.api.ovh.com/createToken/. */
  consumerKey?: string | Secret;
  /** OAuth2 service account client id (alternative to AK/AS/CK). */
  clientId?: string;
  /** OAuth2 service account client secret. */
  clientSecret?: string | Secret;
  /** Override the OAuth2 token URL (defaults to the endpoint region's). */
  tokenUrl?: string;
  /** An OAuth2 access token you already hold; sent as `Authorization: Bearer` with no refresh. */
  accessToken?: string | Secret;
  /** ovh.conf files to read instead of `/etc/ovh.conf`, `~/.ovh.conf`, `./ovh.conf` (later ones win); `false` reads none. */
  configFile?: string | string[] | false;
}

/** The resolved authentication mode. */
export type ResolvedAuth =
  | { kind: 'signed'; applicationKey: string; applicationSecret: Secret; consumerKey: Secret | undefined }
  | { kind: 'oauth2'; clientId: string; clientSecret: Secret; tokenUrl: string }
  | { kind: 'bearer'; accessToken: Secret; applicationKey: string | undefined };

/** A fully resolved configuration. */
export interface ResolvedConfig {
  endpoint: EndpointName | 'custom';
  v1: string;
  v2: string;
  auth: ResolvedAuth;
  /** Where each key was found (for diagnostics); values never included. */
  sources: Record<string, ConfigSource>;
  /** Lines of ovh.conf files that were not used (unknown keys, malformed lines), to report: never values. */
  warnings: string[];
  /** Credentials of the other kind, found in a lower source and not used: `applicationKey (env)`... Names and sources only. */
  ignored: string[];
}

// The keys read from the env and ovh.conf, in the order messages list them: `applicationKey` is OVH_APPLICATION_KEY
// in the env and `application_key` in ovh.conf, as the official clients name them.
const KEYS = ['endpoint', 'applicationKey', 'applicationSecret', 'consumerKey', 'clientId', 'clientSecret'] as const;
/** A setting `describeConfig()` reports the source of. */
export type ConfigKey = (typeof KEYS)[number];
/** The keys of CredentialOptions, for the runtime check of `new OvhClient()`'s options; `baseUrl` listed beside `endpoint`. */
export const CREDENTIAL_KEYS = optionKeys<CredentialOptions>()([
  'endpoint',
  'baseUrl',
  'applicationKey',
  'applicationSecret',
  'consumerKey',
  'clientId',
  'clientSecret',
  'tokenUrl',
  'accessToken',
  'configFile',
]);
const iniKey = (key: ConfigKey): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const envName = (key: ConfigKey): string => `OVH_${iniKey(key).toUpperCase()}`;

type Sections = Record<string, Record<string, string>>;
const INI_KEYS = KEYS.map(iniKey);

/**
 * Reads an ovh.conf as python-ovh's configparser does (`key = value` or `key: value`, `#`/`;` comments, keys in any
 * case, indented continuation lines) into the `key=value` text the INI parser takes, plus each line it could not use.
 * A warning never quotes what may be a value: an unknown key is named only when it is a typo of a known one.
 */
export function normalizeConfigText(
  text: string,
  path: string,
): { text: string; problems: string[]; lines: Record<string, number>; aliases: Record<string, string> } {
  const problems: string[] = [];
  const aliases: Record<string, string> = Object.create(null) as Record<string, string>;
  // The 1-based line of each `section.key`, for `describeConfig()`.
  const lines: Record<string, number> = Object.create(null) as Record<string, number>;
  let section = '';
  // The key whose value an indented line would continue, and its own indentation (configparser's rule).
  let option: { key: string; indent: number } | undefined;
  const out = text.split(/\r?\n/).map((line, i) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) return trimmed;
    const indent = line.length - line.trimStart().length;
    const where = `${path}:${i + 1}:`;
    if (option !== undefined && indent > option.indent) {
      const of = INI_KEYS.includes(option.key) ? `the value of ${option.key}` : 'the value above it';
      problems.push(`${where} an indented line continues ${of}; it was ignored (a value must fit on one line)`);
      return '';
    }
    option = undefined;
    if (/^\[.+\]$/.test(trimmed)) {
      section = trimmed.slice(1, -1).trim();
      // The INI parser nests sections at dots (a URL section, go-ovh's, has them: escaped), and cannot read a `]` in a
      // name (an IPv6 URL's, `[http://[::1]:8080/1.0]`, which configparser reads): that name goes under an alias.
      if (!section.includes(']')) return trimmed.replace(/\./g, '\\.');
      const alias = `ovh-credentials-section-${Object.keys(aliases).length}`;
      aliases[alias] = section;
      return `[${alias}]`;
    }
    const split = Math.min(...[trimmed.indexOf('='), trimmed.indexOf(':')].filter((n) => n > 0));
    if (split === Infinity) {
      problems.push(`${where} not a "key = value" line; it was skipped`);
      return '';
    }
    const key = trimmed.slice(0, split).trim().toLowerCase();
    option = { key, indent };
    lines[`${section}.${key}`] = i + 1;
    if (!INI_KEYS.includes(key)) {
      const shown = closest(key, INI_KEYS) !== undefined ? ` "${key}"` : ' (not shown: it may be part of a value)';
      problems.push(`${where} unknown key${shown} (known: ${INI_KEYS.join(', ')}); it was ignored`);
    }
    // Quoted so that the INI parser keeps `;`, `#` and `=` inside a value (a secret may hold them).
    return `${key}=${JSON.stringify(trimmed.slice(split + 1).trim())}`;
  });
  return { text: out.join('\n'), problems, lines, aliases };
}

/** Each source as a person reads it: `option`, `env OVH_APPLICATION_KEY`, or an ovh.conf file and line. */
export function describeSources(sources: Readonly<Record<string, ConfigSource>>): Partial<Record<ConfigKey, string>> {
  const described = (key: ConfigKey, source: ConfigSource): string =>
    source === 'options' ? 'option' : source === 'env' ? `env ${envName(key)}` : source.slice('file:'.length);
  return Object.fromEntries(KEYS.filter((key) => sources[key] !== undefined).map((key) => [key, described(key, sources[key] as ConfigSource)]));
}

/** Parses and merges ovh.conf texts, later files overriding earlier ones key by key. */
export function mergeConfigFiles(files: readonly ConfigFile[]): { sections: Sections; origin: Record<string, string>; problems: string[] } {
  // Null-prototype maps: a section named [constructor] or [toString] must not reach (or write into) builtins.
  const sections: Sections = Object.create(null) as Sections;
  const origin: Record<string, string> = Object.create(null) as Record<string, string>;
  const problems: string[] = [];
  for (const file of files) {
    let parsed: Record<string, unknown>;
    const normalized = normalizeConfigText(file.text, file.path);
    problems.push(...normalized.problems);
    try {
      parsed = parseIni(normalized.text);
    } catch {
      throw new ConfigError(`Could not parse ${file.path} as an INI file; fix its syntax or pass configFile: false.`);
    }
    for (const [parsedName, body] of Object.entries(parsed)) {
      if (typeof body !== 'object' || body === null) continue;
      const name = normalized.aliases[parsedName] ?? parsedName;
      sections[name] ??= Object.create(null) as Record<string, string>;
      const section = sections[name];
      for (const [key, value] of Object.entries(body)) {
        // The INI parser turns the texts `true`, `false` and `null` into those values: text again, as configparser reads them.
        if (typeof value !== 'string' && typeof value !== 'boolean' && value !== null) continue;
        section[key] = String(value).trim();
        const line = normalized.lines[`${name}.${key}`];
        origin[`${name}.${key}`] = line === undefined ? file.path : `${file.path}:${line}`;
      }
    }
  }
  return { sections, origin, problems };
}

const nonEmpty = (v: unknown): v is string | Secret => (typeof v === 'string' ? v.trim() !== '' : v !== undefined && v !== null);

/** Resolves options > env > files, or throws a ConfigError saying what is missing and where it looked (never a value). */
export function resolveConfig(
  options: CredentialOptions,
  env: Readonly<Record<string, string | undefined>>,
  files: readonly ConfigFile[],
  lookedIn: readonly string[] = files.map((f) => f.path),
): ResolvedConfig {
  const { sections, origin, problems } = mergeConfigFiles(files);
  const sources: Record<string, ConfigSource> = {};

  const pick = (key: ConfigKey, section: string): string | Secret | undefined => {
    const file: ConfigSource = `file:${origin[`${section}.${iniKey(key)}`] ?? '?'}`;
    const found = [
      ['options', options[key]],
      ['env', env[envName(key)]?.trim()],
      [file, sections[section]?.[iniKey(key)]],
    ] as const;
    const [source, value] = found.find(([, value]) => nonEmpty(value)) ?? [];
    if (source !== undefined) sources[key] = source;
    return value;
  };

  const endpointName = (pick('endpoint', 'default') as string | undefined) ?? 'ovh-eu';
  const known = getEndpoint(endpointName);
  // An endpoint given as a URL (as go-ovh takes one) is a base URL; its scheme in any case (RFC 3986).
  const baseUrl = options.baseUrl ?? (/^https?:\/\//i.test(endpointName) ? endpointName : undefined);
  const bases = baseUrl === undefined ? known : customBases(baseUrl);
  if (bases === undefined) {
    throw new ConfigError(
      `Unknown endpoint "${shownUrl(endpointName)}" (from ${sources.endpoint ?? 'options'}). Use one of: ${ENDPOINT_NAMES.join(', ')}, or pass baseUrl.`,
    );
  }
  if (typeof bases === 'string') throw new ConfigError(bases);
  const { v1, v2 } = bases;
  const endpoint = baseUrl === undefined && known ? known.name : 'custom';

  // Credentials live in the section named after the endpoint, like the official clients.
  const section = endpointName;
  const applicationKey = pick('applicationKey', section) as string | undefined;
  const applicationSecret = pick('applicationSecret', section);
  const consumerKey = pick('consumerKey', section);
  const clientId = pick('clientId', section) as string | undefined;
  const clientSecret = pick('clientSecret', section);

  // What is sent in a header (not the secrets: hashed, or in a form): a stray newline from a file would make fetch throw quoting it whole.
  for (const [key, value] of Object.entries({ applicationKey, consumerKey, accessToken: options.accessToken })) {
    const text = typeof value === 'string' ? value : value?.reveal();
    if (text !== undefined && /[^\x20-\x7e\x80-\xff\t]/.test(text)) {
      throw new ConfigError(
        `${key} (from ${sources[key as keyof typeof sources] ?? 'options'}) holds a line break, a control character or a character outside Latin-1, which no HTTP header can carry (often a newline left from a file). Remove it; the value is not shown.`,
      );
    }
  }

  const where = `Looked in: constructor options, env (${KEYS.map(envName).join(', ')})${
    lookedIn.length ? `, ${lookedIn.join(', ')}` : ', no ovh.conf file'
  } (section [${shownUrl(section)}]).`;

  const ignored: string[] = [];
  const resolved = (auth: ResolvedAuth): ResolvedConfig => ({ endpoint, v1, v2, auth, sources, ignored, warnings: problems });
  if (nonEmpty(options.accessToken)) return resolved({ kind: 'bearer', accessToken: secret(options.accessToken), applicationKey });

  // One kind of credentials is used: the kind in the highest source wins and the other is reported in `ignored`;
  // both kinds in that same source is a conflict the user must settle.
  const SIGNED_KEYS = ['applicationKey', 'applicationSecret', 'consumerKey'];
  const OAUTH_KEYS = ['clientId', 'clientSecret'];
  const rank = (source: ConfigSource | undefined) => (source === undefined ? Infinity : source === 'options' ? 0 : source === 'env' ? 1 : 2);
  const best = (keys: string[]) => Math.min(...keys.map((k) => rank(sources[k])));
  const signedRank = best(SIGNED_KEYS);
  const oauthRank = best(OAUTH_KEYS);
  if (signedRank === oauthRank && signedRank !== Infinity) {
    const found = [...SIGNED_KEYS, ...OAUTH_KEYS].filter((k) => sources[k]).map((k) => `${k} (${sources[k]})`);
    throw new ConfigError(
      `Both application-key credentials and OAuth2 client credentials are configured in the same place: ${found.join(', ')}. Keep one kind there: remove applicationKey/applicationSecret/consumerKey or clientId/clientSecret.`,
    );
  }
  const useOAuth = oauthRank < signedRank;
  for (const key of useOAuth ? SIGNED_KEYS : OAUTH_KEYS) {
    if (sources[key]) ignored.push(`${key} (${sources[key]})`);
    delete sources[key];
  }
  if (useOAuth) {
    const missing = OAUTH_KEYS.filter((key) => sources[key] === undefined);
    if (missing.length) throw new ConfigError(`OAuth2 configuration is missing ${missing.join(' and ')}. ${where}`);
    // A custom base's token URL is its OVH region's, else on its own origin: a client secret never goes to another host.
    const origin = new URL(v1).origin;
    const region = endpoint === 'custom' ? endpointOfOrigin(origin) : known;
    const tokenUrl = options.tokenUrl ?? (region ? region.tokenUrl : `${origin}/auth/oauth2/token`);
    if (!tokenUrl) {
      const which = endpoint === 'custom' ? `baseUrl ${origin}` : `Endpoint "${endpointName}"`;
      throw new ConfigError(`${which} has no OAuth2 token URL; pass tokenUrl or use application keys.`);
    }
    const check = options.tokenUrl === undefined ? undefined : customBases(options.tokenUrl);
    if (typeof check === 'string') throw new ConfigError(check.replace('baseUrl', 'tokenUrl'));
    return resolved({ kind: 'oauth2', clientId: clientId as string, clientSecret: secret(clientSecret as string | Secret), tokenUrl });
  }
  const missing = (['applicationKey', 'applicationSecret'] as const).filter((key) => sources[key] === undefined);
  if (missing.length) {
    throw new ConfigError(
      `No OVH credentials: missing ${missing.join(' and ')}. Pass them to new OvhClient({...}), set ${missing.map(envName).join(' / ')}, or add ${missing.map(iniKey).join(' / ')} to ovh.conf. ${where}`,
    );
  }
  return resolved({
    kind: 'signed',
    applicationKey: applicationKey as string,
    applicationSecret: secret(applicationSecret as string | Secret),
    consumerKey: consumerKey === undefined ? undefined : secret(consumerKey),
  });
}
