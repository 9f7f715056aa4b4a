// `ovh-credentials login`: request a consumer key, have the account owner grant it, save it where every client reads it.
import { resolve } from 'node:path';
import {
  type AccessRuleGrant,
  type AccessRuleMethod,
  accessRules,
  AuthenticationError,
  ENDPOINT_NAMES,
  isOvhError,
  NetworkError,
  OvhClient,
  type OvhClientOptions,
  toDate,
} from '../index.js';
import { writeConf } from './conf-file.js';
import { type CliIo, type Command, CliUsageError, fail, parseOptions } from './io.js';
import { exportLines } from './shell.js';

/** The `login --help` text. */
export const LOGIN_USAGE = `Usage: ovh-credentials login [options]

Requests a consumer key for your OVH application, prints the page where you authorize it, waits until you have,
then saves the endpoint and the three keys to ./ovh.conf: the file this SDK, python-ovh, go-ovh and the other
official clients read. Create the application first (name, application key and secret) at
https://eu.api.ovh.com/createApp/ (ca.api.ovh.com for Canada, api.us.ovhcloud.com for the US).

What the key may do (one of):
  --rule <METHOD:/path>        An access rule; repeat it: --rule GET:/me --rule 'GET:/me/api/credential/*'
  --read-only                  GET on every path (/*)
  --full                       Every method on every path: the key can do all your account can (not advised)

Options:
  --endpoint <name|url>        ${ENDPOINT_NAMES.join(', ')}, or a URL (default: OVH_ENDPOINT, else asked, else ovh-eu)
  --application-key <key>      Default: OVH_APPLICATION_KEY, else asked
  --application-secret <secret>
                               Default: OVH_APPLICATION_SECRET, else asked (not echoed). Given here, it stays in
                               your shell history and shows in the process list: prefer the env var or the prompt
  --allowed-ip <ip/cidr>       Usable only from this IP block; repeatable
  --expiration <1h|7d|30d|unlimited>
                               The validity you mean to pick on the page (OVH sets it there, not through the API);
                               checked once the key is validated
  --config <path>              The ovh.conf to write (default ./ovh.conf). An existing file is merged (other
                               sections and keys kept) and first copied to <path>.bak; the file gets mode 600
  --print-env                  Print "export OVH_...=..." lines instead of writing a file
  -h, --help                   Show this help

Examples:
  npx ovh-credentials login --read-only
  npx ovh-credentials login --endpoint ovh-ca --rule GET:/me --rule 'GET:/me/api/credential/*' --expiration 30d
  eval "$(npx ovh-credentials login --read-only --print-env)"

Exit codes: 0 saved, 1 refused or failed, 2 a command-line mistake, 130 cancelled with Ctrl-C.
`;

const OPTIONS = {
  endpoint: { type: 'string' },
  'application-key': { type: 'string' },
  'application-secret': { type: 'string' },
  rule: { type: 'string', multiple: true },
  'read-only': { type: 'boolean' },
  full: { type: 'boolean' },
  'allowed-ip': { type: 'string', multiple: true },
  expiration: { type: 'string' },
  config: { type: 'string' },
  'print-env': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const UNITS: Record<string, number> = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };
// How far the expiry the owner picked may be from the one asked for: the page offers durations, not instants.
const EXPIRY_SLACK = 3_600_000;

/** `--rule METHOD:/path` as the access rules of a consumer-key request, checked like the SDK's builders. */
function parseRule(text: string): AccessRuleGrant[] {
  const at = text.indexOf(':');
  if (at < 1) throw new CliUsageError(`--rule "${text}" is not METHOD:/path (e.g. GET:/me or 'DELETE:/me/api/credential/*')`);
  try {
    return accessRules.custom([text.slice(0, at).toUpperCase() as AccessRuleMethod], text.slice(at + 1));
  } catch (error) {
    throw new CliUsageError(`--rule "${text}": ${(error as Error).message}`);
  }
}

/** `--expiration`: a duration in ms, or null for unlimited. */
function parseExpiration(text: string): number | null {
  if (text === 'unlimited') return null;
  const match = /^(\d+)([hdw])$/.exec(text);
  if (match === null || Number(match[1]) === 0) throw new CliUsageError(`--expiration must be like 1h, 7d, 4w or unlimited, got "${text}"`);
  return Number(match[1]) * (UNITS[match[2] as string] as number);
}

/** A setting from its option, its env var, or the terminal; a usage error when none can give it. */
async function setting(io: CliIo, option: string | undefined, envVar: string, question: string, secret = false): Promise<string> {
  const given = option ?? io.env[envVar];
  if (given !== undefined && given.trim() !== '') return given.trim();
  const flag = `--${question.toLowerCase().replaceAll(' ', '-')}`;
  if (!io.interactive) throw new CliUsageError(`no ${question.toLowerCase()}: pass ${flag} or set ${envVar}`);
  const answer = (await io.prompt(`${question}: `, { secret })).trim();
  if (answer === '') throw new CliUsageError(`no ${question.toLowerCase()} given: pass ${flag} or set ${envVar}`);
  return answer;
}

/** What to do next, by what went wrong. */
function hint(error: unknown, endpoint: string): string {
  if (error instanceof AuthenticationError && error.errorCode === 'INVALID_KEY') {
    return `Check the application key: an application exists on one endpoint only (here ${endpoint}); pass --endpoint for another.`;
  }
  if (error instanceof AuthenticationError) return 'Nothing was written. Run ovh-credentials login again for a new key.';
  if (error instanceof NetworkError) return `Nothing was written. Check your network and the endpoint (${endpoint}).`;
  return 'Nothing was written.';
}

/** `ovh-credentials login`. */
export const login: Command = async (args, io) => {
  const values = parseOptions(args, OPTIONS);
  if (values.help) {
    io.out(LOGIN_USAGE);
    return 0;
  }
  const presets = [values.rule !== undefined, values['read-only'] === true, values.full === true].filter(Boolean).length;
  if (presets !== 1) throw new CliUsageError('choose what the key may do: --rule METHOD:/path (repeatable), --read-only or --full');
  if (values['print-env'] && values.config !== undefined) throw new CliUsageError('--print-env writes no file: drop --config');
  const rules =
    values.rule?.flatMap(parseRule) ??
    (values.full ? accessRules.readWrite('/', { recursive: true }) : accessRules.readOnly('/', { recursive: true }));
  if (values.full) io.err('Warning: --full asks for every method on every path: this key will be able to do anything your account can.\n');
  const expiry = values.expiration === undefined ? undefined : parseExpiration(values.expiration);

  const envEndpoint = values.endpoint ?? io.env['OVH_ENDPOINT'];
  const endpoint = envEndpoint?.trim() || (io.interactive ? (await io.prompt('Endpoint [ovh-eu]: ')).trim() || 'ovh-eu' : 'ovh-eu');
  const applicationKey = await setting(io, values['application-key'], 'OVH_APPLICATION_KEY', 'Application key');
  if (values['application-secret'] !== undefined) {
    io.err('Warning: --application-secret stays in your shell history and shows in the process list; prefer OVH_APPLICATION_SECRET or the prompt.\n');
  }
  const applicationSecret = await setting(io, values['application-secret'], 'OVH_APPLICATION_SECRET', 'Application secret', true);
  let ovh: OvhClient;
  try {
    // A name or URL typed by the user: the constructor checks it and says what it accepts.
    ovh = new OvhClient({
      endpoint: endpoint as NonNullable<OvhClientOptions['endpoint']>,
      applicationKey,
      applicationSecret,
      configFile: false,
      env: {},
    });
  } catch (error) {
    throw isOvhError(error) ? new CliUsageError(error.message) : error;
  }

  try {
    const allowedIPs = values['allowed-ip'];
    const pending = await ovh.auth.requestConsumerKey({ accessRules: rules, ...(allowedIPs ? { allowedIPs } : {}) }, { signal: io.signal });
    if (pending.validationUrl === null) {
      io.err(
        `The API answered without a validation URL (the key's state: ${pending.state}), so there is no page to authorize it on. Run login again; if it persists, create the key on your endpoint's createToken page (https://eu.api.ovh.com/createToken/ in Europe).\n`,
      );
      return 1;
    }
    const validity = values.expiration === undefined ? '' : ` (choose a validity of ${values.expiration})`;
    io.err(
      `\nOpen this page, log in with your OVH account and authorize the key${validity}:\n\n  ${pending.validationUrl}\n\nWaiting (Ctrl-C to cancel)`,
    );
    const credential = await ovh.withConsumerKey(pending.consumerKey).auth.waitForValidation({
      signal: io.signal,
      waitTimeout: 15 * 60_000,
      onPoll: () => io.err('.'),
    });
    const expires = credential.expiration === null ? null : toDate(credential.expiration).getTime();
    io.err(` validated: key #${credential.credentialId}, ${expires === null ? 'no expiry' : `expires ${new Date(expires).toISOString()}`}.\n`);
    if (expiry !== undefined && (expiry === null ? expires !== null : expires === null || Math.abs(expires - Date.now() - expiry) > EXPIRY_SLACK)) {
      io.err(`Warning: --expiration ${values.expiration} was asked, but another validity was chosen on the page.\n`);
    }
    const consumerKey = pending.consumerKey.reveal();
    if (values['print-env']) {
      io.out(
        exportLines({
          OVH_ENDPOINT: endpoint,
          OVH_APPLICATION_KEY: applicationKey,
          OVH_APPLICATION_SECRET: applicationSecret,
          OVH_CONSUMER_KEY: consumerKey,
        }),
      );
      return 0;
    }
    const path = resolve(io.cwd, values.config ?? 'ovh.conf');
    let backup: string | undefined;
    try {
      backup = writeConf(path, {
        default: { endpoint },
        [endpoint]: { application_key: applicationKey, application_secret: applicationSecret, consumer_key: consumerKey },
      });
    } catch (error) {
      io.err(`ovh-credentials login: could not write ${path}: ${(error as Error).message}\nChoose another file with --config, or use --print-env.\n`);
      return 1;
    }
    io.out(
      `Saved [${endpoint}] to ${path} (mode 600)${backup ? `; the previous file is in ${backup}` : ''}. Check it with: npx ovh-credentials whoami\n`,
    );
    return 0;
  } catch (error) {
    // An --allowed-ip that is no CIDR is refused by the SDK before anything is sent: fail() makes it a usage error.
    return fail(io, 'login', error, hint(error, endpoint));
  }
};
