// Resolves the client configuration exactly like the official clients: explicit options > OVH_* env vars >
// ovh.conf files (read at the edge, in config-files.ts). Pure: takes the env and file texts as inputs.
import { parse as parseIni } from 'ini';
import { ConfigError } from './errors.js';
import {
  customBases,
  ENDPOINT_NAMES,
  type EndpointAlias,
  endpointNames,
  endpointOfOrigin,
  getEndpoint,
  type EndpointName,
  shownUrl,
} from './endpoints.js';
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
  /** An endpoint name (`ovh-eu`, `ovh-ca`, `ovh-us`, `kimsufi-eu`...; ENDPOINT_NAMES; node-ovh's `sys-eu`, `ks-eu`...), or a v1 base URL as go-ovh takes one (https, or http on loopback). Default `ovh-eu`. */
  endpoint?: EndpointName | EndpointAlias | `https://${string}` | `http://${string}`;
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
  /** An OAuth2 access token you already hold (or OVH_ACCESS_TOKEN, `access_token` in ovh.conf, as go-ovh reads it); sent as `Authorization: Bearer` with no refresh. */
  accessToken?: string | Secret;
  /** ovh.conf files to read instead of `/etc/ovh.conf`, `~/.ovh.conf`, `./ovh.conf` (later ones win); `false` reads none. */
  configFile?: string | string[] | false;
}

/** The resolved authentication mode. */
export type ResolvedAuth =
  | { kind: 'signed'; applicationKey: string; applicationSecret: Secret; consumerKey: Secret | undefined }
  | { kind: 'oauth2'; clientId: string; clientSecret: Secret; tokenUrl: string }
  | { kind: 'bearer'; accessToken: Secret };

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
const KEYS = ['endpoint', 'applicationKey', 'applicationSecret', 'consumerKey', 'clientId', 'clientSecret', 'accessToken'] as const;
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
      const near = closest(key, INI_KEYS);
      const shown =
        near !== undefined ? ` "${key}" (did you mean ${near}?)` : ` (not shown: it may be part of a value) (known: ${INI_KEYS.join(', ')})`;
      problems.push(`${where} unknown key${shown}; it was ignored`);
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
  // The lines of ovh.conf that were not used often explain the error: it carries them (a client logs them only when it builds).
  const fail = (message: string) =>
    new ConfigError(problems.length ? `${message} Lines of ovh.conf that were not used: ${problems.join('. ')}.` : message);

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
    throw fail(
      `Unknown endpoint "${shownUrl(endpointName)}" (from ${sources.endpoint ?? 'options'}). Use one of: ${ENDPOINT_NAMES.join(', ')}, or pass baseUrl.`,
    );
  }
  if (typeof bases === 'string') throw fail(bases);
  const { v1, v2 } = bases;
  const endpoint = baseUrl === undefined && known ? known.name : 'custom';

  // Credentials live in the section named after the endpoint, like the official clients; under an alias, the first of
  // its names whose section holds a credential (`[sys-eu]`, else `[soyoustart-eu]`): one set of keys, never mixed from two.
  const names = [endpointName, ...(known ? endpointNames(known.name).filter((name) => name !== endpointName) : [])];
  const section = names.find((name) => KEYS.some((key) => key !== 'endpoint' && nonEmpty(sections[name]?.[iniKey(key)]))) ?? endpointName;
  const applicationKey = pick('applicationKey', section) as string | undefined;
  const applicationSecret = pick('applicationSecret', section);
  const consumerKey = pick('consumerKey', section);
  const clientId = pick('clientId', section) as string | undefined;
  const clientSecret = pick('clientSecret', section);
  const accessToken = pick('accessToken', section);

  // What is sent in a header (not the secrets: hashed, or in a form): a stray newline from a file would make fetch throw quoting it whole.
  for (const [key, value] of Object.entries({ applicationKey, consumerKey, accessToken })) {
    const text = typeof value === 'string' ? value : value?.reveal();
    if (text !== undefined && /[^\x20-\x7e\x80-\xff\t]/.test(text)) {
      throw fail(
        `${key} (from ${sources[key as keyof typeof sources] ?? 'options'}) holds a line break, a control character or a character outside Latin-1, which no HTTP header can carry (often a newline left from a file). Remove it; the value is not shown.`,
      );
    }
  }

  const where = `Looked in: constructor options, env (${KEYS.map(envName).join(', ')})${
    lookedIn.length ? `, ${lookedIn.join(', ')}` : ', no ovh.conf file'
  } (section ${names.map((name) => `[${shownUrl(name)}]`).join(' or ')}).`;

  // One kind of credentials is used: the kind in the highest source wins and the others are reported in `ignored`;
  // two kinds in that same source is a conflict the user must settle.
  const KINDS = [
    { kind: 'signed', name: 'application-key credentials', keys: ['applicationKey', 'applicationSecret', 'consumerKey'] },
    { kind: 'oauth2', name: 'OAuth2 client credentials', keys: ['clientId', 'clientSecret'] },
    { kind: 'bearer', name: 'an access token', keys: ['accessToken'] },
  ] as const;
  const rank = (source: ConfigSource | undefined) => (source === undefined ? Infinity : source === 'options' ? 0 : source === 'env' ? 1 : 2);
  const ranks = KINDS.map((k) => ({ ...k, rank: Math.min(...k.keys.map((key) => rank(sources[key]))) }));
  const top = Math.min(...ranks.map((r) => r.rank));
  let tied = ranks.filter((r) => r.rank === top && top !== Infinity);
  const others = tied.filter((r) => r.kind !== 'bearer');
  if (others.length > 1) {
    const found = others.flatMap((r) => r.keys.filter((k) => sources[k]).map((k) => `${k} (${sources[k]})`));
    throw fail(
      `Both ${others.map((r) => r.name).join(' and ')} are configured in the same place: ${found.join(', ')}. Keep one kind there: remove ${others.map((r) => r.keys.join('/')).join(' or ')}.`,
    );
  }
  // An access token beside other credentials in the same place (a CI env often holds both, for other tools) yields
  // to complete keys or client credentials there, and beats incomplete ones, which are then ignored.
  const [other] = others;
  if (other && tied.length > 1) tied = other.keys.slice(0, 2).every((key) => rank(sources[key]) === top) ? [other] : tied.filter((r) => r !== other);
  const kind = tied[0]?.kind ?? 'signed';
  const ignored: string[] = [];
  for (const { kind: other, keys } of ranks) {
    if (other === kind) continue;
    for (const key of keys) {
      if (sources[key]) ignored.push(`${key} (${sources[key]})`);
      delete sources[key];
    }
  }
  const resolved = (auth: ResolvedAuth): ResolvedConfig => ({ endpoint, v1, v2, auth, sources, ignored, warnings: problems });
  if (kind === 'bearer') return resolved({ kind: 'bearer', accessToken: secret(accessToken as string | Secret) });
  if (kind === 'oauth2') {
    const missing = KINDS[1].keys.filter((key) => sources[key] === undefined);
    if (missing.length) throw fail(`OAuth2 configuration is missing ${missing.join(' and ')}. ${where}`);
    // A custom base's token URL is its OVH region's, else on its own origin: a client secret never goes to another host.
    const origin = new URL(v1).origin;
    const region = endpoint === 'custom' ? endpointOfOrigin(origin) : known;
    const tokenUrl = options.tokenUrl ?? (region ? region.tokenUrl : `${origin}/auth/oauth2/token`);
    if (!tokenUrl) {
      const which = endpoint === 'custom' ? `baseUrl ${origin}` : `Endpoint "${endpointName}"`;
      throw fail(`${which} has no OAuth2 token URL; pass tokenUrl or use application keys.`);
    }
    const check = options.tokenUrl === undefined ? undefined : customBases(options.tokenUrl);
    if (typeof check === 'string') throw fail(check.replace('baseUrl', 'tokenUrl'));
    return resolved({ kind: 'oauth2', clientId: clientId as string, clientSecret: secret(clientSecret as string | Secret), tokenUrl });
  }
  const missing = (['applicationKey', 'applicationSecret'] as const).filter((key) => sources[key] === undefined);
  if (missing.length) {
    throw fail(
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
