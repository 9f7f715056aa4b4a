// `ovh-credentials whoami`: which credentials a script here would use, where each setting came from, and what they may do.
import { AuthenticationError, ConfigError, NetworkError, OvhClient, OvhTimeoutError } from '../index.js';
import { type Command, configFiles, fail, parseOptions } from './io.js';

/** The `whoami --help` text. */
export const WHOAMI_USAGE = `Usage: ovh-credentials whoami [options]

Shows the OVH credentials a script run here would use, as this SDK and the official clients find them (OVH_* env
vars over ovh.conf: /etc/ovh.conf, ~/.ovh.conf, ./ovh.conf), where each setting came from (option, env var, file
and line), the server clock's skew, and the key itself: its id, application, access rules, expiry and allowed IPs
(GET /auth/currentCredential), or a service account's identity (GET /auth/details). Secrets are never printed.

Options:
  --config <path>   Read this ovh.conf only (instead of the three standard files)
  -h, --help        Show this help

Exit codes: 0 the credentials work, 1 they do not (the message says what to do), 2 a command-line mistake.
`;

const KIND = { signed: 'application key + consumer key (signed)', oauth2: 'service account (OAuth2 client credentials)', bearer: 'access token' };
const LOGIN = 'Run: npx ovh-credentials login (it writes ./ovh.conf), or set OVH_APPLICATION_KEY, OVH_APPLICATION_SECRET and OVH_CONSUMER_KEY.';

function hint(error: unknown, ovh: OvhClient | undefined): string {
  if (error instanceof ConfigError) return LOGIN;
  if (error instanceof AuthenticationError) {
    return error.errorCode === 'INVALID_KEY'
      ? 'The application key is unknown on this endpoint: check the endpoint and the key.'
      : 'The key was refused, has expired or was revoked, or the secret does not match: run npx ovh-credentials login for a new one.';
  }
  if (error instanceof NetworkError || error instanceof OvhTimeoutError)
    return `Could not reach ${ovh?.baseUrl ?? 'the API'}: check your network, a proxy, or the endpoint.`;
  return 'Check the message above.';
}

/** `ovh-credentials whoami`. */
export const whoami: Command = async (args, io) => {
  const values = parseOptions(args, { config: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    io.out(WHOAMI_USAGE);
    return 0;
  }
  let ovh: OvhClient | undefined;
  try {
    ovh = OvhClient.fromEnvironment({ env: io.env, configFile: configFiles(io, values.config), logger: { warn: (line) => io.err(`${line}\n`) } });
    const { endpoint, baseUrl, authKind, applicationKey, sources } = ovh.describeConfig();
    const row = (label: string, value: string, source?: string): void => io.out(`${label.padEnd(20)} ${value}${source ? `   (${source})` : ''}\n`);
    row('endpoint', endpoint === 'custom' ? baseUrl : `${endpoint} ${baseUrl}`, sources.endpoint ?? 'default');
    row('auth', KIND[authKind]);
    for (const [key, source] of Object.entries(sources)) {
      // Named as in ovh.conf (application_key...), where a person edits them.
      const name = key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
      if (key !== 'endpoint') row(`  ${name}`, key === 'applicationKey' ? (applicationKey ?? '') : 'set (not shown)', source);
    }
    const skew = await ovh.timeDelta({ signal: io.signal });
    row('server clock', `${skew === 0 ? 'in step with' : `${Math.abs(skew)} s ${skew > 0 ? 'ahead of' : 'behind'}`} this machine (GET /auth/time)`);
    if (authKind === 'signed') {
      const key = await ovh.auth.currentCredential({ signal: io.signal });
      row('credential', `#${key.credentialId}, application #${key.applicationId}, ${key.status}`);
      row('  rules', key.rules.map((rule) => `${rule.method} ${rule.path}`).join(', '));
      row('  expires', key.expiration ?? 'never');
      row('  allowed IPs', key.allowedIPs?.length ? key.allowedIPs.join(', ') : 'any');
      if (key.status !== 'validated') {
        io.err(
          `\novh-credentials whoami: this consumer key is ${key.status}, not validated: open its validation page, or run npx ovh-credentials login.\n`,
        );
        return 1;
      }
    } else {
      const details = await ovh.auth.details({ signal: io.signal });
      row('identity', details.identities.join(', '));
      row('  account', details.account);
      row(
        '  allowed routes',
        details.allowedRoutes === null ? 'all (IAM policies decide)' : details.allowedRoutes.map((r) => `${r.method} ${r.path}`).join(', '),
      );
    }
    return 0;
  } catch (error) {
    return fail(io, 'whoami', error, hint(error, ovh));
  }
};
