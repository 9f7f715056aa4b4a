// OvhClient: resolves configuration, builds the one transport, and exposes raw calls and resources.
import type { z } from 'zod';
import { type ConfigKey, CREDENTIAL_KEYS, describeSources, resolveConfig, type CredentialOptions, type ResolvedConfig } from './core/config.js';
import { defaultConfigPaths, readConfigFiles } from './core/config-files.js';
import { ConfigError, InputValidationError } from './core/errors.js';
import { regionOf } from './core/endpoints.js';
import { checkClientOptions, clientLogger, type ClientOptions, optionKeys, strictOptions } from './core/options.js';
import { PAGE_OPTION_KEYS, paginate, type PageOptions, type Paginated } from './core/paging.js';
import { checkRawPath, type QueryValue } from './core/path.js';
import { rawCall, type RawCallOptions, type StandardSchema } from './core/raw-call.js';
import { INSPECT, Secret } from './core/redact.js';
import { type CallOptions, type HttpMethod, Transport } from './core/transport.js';
import { type Authenticator, BearerAuthenticator, exchangeToken, fixedHeaders, SignedAuthenticator, TokenCache } from './core/auth.js';
import { ServerClock } from './core/clock.js';
import { Time } from './resources/auth.schemas.js';
import { AiTokensResource } from './resources/ai-tokens.js';
import { ApplicationsResource } from './resources/applications.js';
import { AuthResource } from './resources/auth.js';
import {
  type ApplyAuditPlanOptions,
  applyPlan,
  type AuditApplyReport,
  type AuditContext,
  type AuditOptions,
  type AuditPlanItem,
  type AuditReport,
  runAudit,
} from './resources/audit.js';
import { CredentialsResource } from './resources/credentials.js';
import { IamResource } from './resources/iam.js';
import { OAuth2ClientsResource } from './resources/oauth2-clients.js';

/**
 * Options of `new OvhClient()`: credentials (which may also come from `OVH_*` env vars and ovh.conf files) and the
 * shared ClientOptions. An unknown key is refused, naming the closest known one; without a logger, warnings go to process.emitWarning.
 */
export interface OvhClientOptions extends CredentialOptions, ClientOptions {}

const PAGINATE_OPTION_KEYS = optionKeys<PaginateOptions>()([...PAGE_OPTION_KEYS, 'query', 'schema']);

/** Raw-call options whose schema, when given, outputs `T`: `T` is then inferred from it. */
type RawOptions<T> = RawCallOptions<StandardSchema<unknown, T>>;

/** Options of `ovh.paginate()`: page options, query parameters, and a zod schema for one item. */
export interface PaginateOptions<S extends z.ZodType = z.ZodUnknown> extends PageOptions {
  query?: Readonly<Record<string, QueryValue>>;
  /** zod schema of one item of the list. */
  schema?: S;
}

/** What `ovh.describeConfig()` returns: the settings in use and where each came from, never a secret. */
export interface ConfigDescription {
  /** The endpoint name, or `custom` for a base URL. */
  endpoint: ResolvedConfig['endpoint'];
  /** The v1 base URL in use. */
  baseUrl: string;
  /** How the client authenticates. */
  authKind: 'signed' | 'oauth2' | 'bearer';
  /** The application key, when one is configured (it is not a secret). */
  applicationKey: string | undefined;
  /** Where each setting was found: `option`, `env OVH_APPLICATION_KEY`, or a file and line; a default endpoint is not listed. */
  sources: Partial<Record<ConfigKey, string>>;
}

/**
 * The OVHcloud API client: signs requests (or uses an OAuth2 service account), syncs the clock, retries safely and maps errors to typed classes.
 * @example
 * const ovh = new OvhClient({ endpoint: 'ovh-eu', applicationKey, applicationSecret, consumerKey });
 * const me = await ovh.get('/me');
 */
export class OvhClient {
  /** The endpoint name, or `custom` when `baseUrl` was given. */
  readonly endpoint: ResolvedConfig['endpoint'];
  /** The v1 base URL in use. */
  readonly baseUrl: string;
  /** The v2 base URL in use. */
  readonly v2BaseUrl: string;
  /** How this client authenticates. */
  readonly authKind: 'signed' | 'oauth2' | 'bearer';
  /** The application key (not a secret: it is sent in clear in every request), when one is configured. */
  readonly applicationKey: string | undefined;

  /** `/auth/*`: server time, consumer-key requests, the current credential, logout. */
  readonly auth: AuthResource;
  /** `/me/api/credential`: API credentials (consumer keys): list, read, restrict by IP, revoke, bulk revoke. */
  readonly credentials: CredentialsResource;
  /** `/me/api/application`: API applications: list, read, delete. */
  readonly applications: ApplicationsResource;
  /** `/me/api/oauth2/client`: service accounts (OAuth2 clients). */
  readonly oauth2Clients: OAuth2ClientsResource;
  /** `/cloud/project/{serviceName}/ai/token`: AI Training app tokens. */
  readonly aiTokens: AiTokensResource;
  /** IAM (API v2): policies, URNs, and granting a service account the actions it needs. */
  readonly iam: IamResource;

  readonly #transport: Transport;
  readonly #clock: ServerClock;
  readonly #options: OvhClientOptions;
  readonly #config: ResolvedConfig;
  readonly #audit: AuditContext;

  constructor(options: OvhClientOptions = {}) {
    checkClientOptions(options, CREDENTIAL_KEYS, 'OvhClient options');
    const logger = clientLogger(options);
    const explicit = options.configFile !== undefined && options.configFile !== false;
    const paths = options.configFile === false ? [] : explicit ? [options.configFile as string | string[]].flat() : defaultConfigPaths();
    const config = resolveConfig(options, options.env ?? process.env, readConfigFiles(paths, { explicit, logger }), paths);
    const { auth, sources } = config;
    for (const warning of config.warnings) logger.warn(`ovh-credentials: ${warning}`);
    if (config.ignored.length) {
      const used =
        auth.kind === 'oauth2'
          ? `OAuth2 client credentials from ${sources.clientId}`
          : auth.kind === 'bearer'
            ? `an access token from ${sources.accessToken}`
            : `application-key credentials from ${sources.applicationKey ?? sources.applicationSecret}`;
      logger.debug?.(`ovh-credentials: using ${used}; ignored ${config.ignored.join(', ')}`);
    }
    this.#options = options;
    this.#config = config;
    this.endpoint = config.endpoint;
    this.baseUrl = config.v1;
    this.v2BaseUrl = config.v2;
    this.authKind = auth.kind;
    this.applicationKey = auth.kind === 'signed' ? auth.applicationKey : undefined;

    // Built in the order used: a bare sender, then the clock and token cache on it, then the authenticator.
    const now = options.now ?? Date.now;
    const sender = new Transport({
      baseUrl: config.v1,
      v2BaseUrl: config.v2,
      client: options,
      // Every secret the configuration holds, scrubbed from whatever the API echoes back.
      secrets: () => Object.values(auth).flatMap((value) => (value instanceof Secret ? [value.reveal()] : [])),
      ...(auth.kind === 'oauth2' ? { caller: { name: `service account ${auth.clientId}`, clientId: auth.clientId } } : {}),
    });
    const appKeyOnly = fixedHeaders(auth.kind === 'signed' ? { 'x-ovh-application': auth.applicationKey } : {});
    this.#clock = new ServerClock(
      (signal) => sender.request('GET', '/auth/time', { auth: appKeyOnly, schema: Time, ...(signal ? { signal } : {}) }),
      now,
    );
    let authenticator: Authenticator;
    if (auth.kind === 'signed') {
      authenticator = new SignedAuthenticator(auth.applicationKey, auth.applicationSecret, auth.consumerKey, this.#clock);
    } else if (auth.kind === 'bearer') {
      authenticator = new BearerAuthenticator(auth.accessToken);
    } else {
      const fetchToken = exchangeToken(sender, {
        url: auth.tokenUrl,
        auth: appKeyOnly,
        form: () => ({ grant_type: 'client_credentials', client_id: auth.clientId, client_secret: auth.clientSecret.reveal(), scope: 'all' }),
        hint: () => 'The OAuth2 client id or secret was refused: check them, and that the service account still exists (ovh.oauth2Clients.list()).',
      });
      authenticator = new BearerAuthenticator(new TokenCache(fetchToken, now), () => [auth.clientSecret.reveal()]);
    }
    this.#transport = sender.withAuthenticator(authenticator);
    this.auth = new AuthResource(this.#transport, appKeyOnly, now);
    const hasConsumerKey = auth.kind === 'signed' && auth.consumerKey !== undefined;
    this.credentials = new CredentialsResource(this.#transport, async (call) =>
      hasConsumerKey ? (await this.auth.currentCredential(call)).credentialId : undefined,
    );
    this.applications = new ApplicationsResource(this.#transport);
    this.iam = new IamResource(this.#transport, regionOf(config.endpoint, config.v1));
    this.oauth2Clients = new OAuth2ClientsResource(this.#transport, (clientId, call) => this.iam.revoke(clientId, call));
    this.aiTokens = new AiTokensResource(this.#transport);
    const clientId = auth.kind === 'oauth2' ? auth.clientId : undefined;
    this.#audit = { client: this, transport: this.#transport, now, signed: hasConsumerKey, clientId };
  }

  /**
   * Builds a client from `OVH_*` env vars and ovh.conf only, like the official clients; `baseUrl` (or `OVH_ENDPOINT=<url>`) points it at another API.
   * @example const ovh = OvhClient.fromEnvironment();
   * @example const local = OvhClient.fromEnvironment({ baseUrl: 'http://127.0.0.1:8080/1.0' });
   */
  static fromEnvironment(
    options: Omit<OvhClientOptions, keyof CredentialOptions> & Pick<CredentialOptions, 'configFile' | 'baseUrl'> = {},
  ): OvhClient {
    checkClientOptions(
      options,
      ['configFile', 'baseUrl'],
      'OvhClient.fromEnvironment() options (credentials come from OVH_* or ovh.conf; pass them to new OvhClient() instead)',
    );
    return new OvhClient(options);
  }

  /** Sends a signed (or OAuth2) request to any v1 or `/v2/` path; resolves to the schema's output, or `T` when named (unchecked). */
  async request<T = unknown>(method: HttpMethod, path: string, body?: unknown, options: RawOptions<T> = {}): Promise<T> {
    return rawCall(this.#transport, method, path, body, options) as Promise<T>;
  }

  /**
   * GET any path. Pass a schema (zod, or any Standard Schema) to validate and type the result; `ovh.get<Me>(path)`
   * types it without a check, and `ovh.get<Me>(path, { schema })` also makes sure the schema gives a `Me`.
   * @example const ids = await ovh.get('/me/api/credential', { query: { status: 'expired' }, schema: z.array(z.number()) });
   */
  get<T = unknown>(path: string, options?: RawOptions<T>): Promise<T> {
    return this.request('GET', path, undefined, options);
  }
  /** POST any path with a JSON body. Not retried unless `retry: { methods: ['POST'] }` is passed. Typed as `get`. */
  post<T = unknown>(path: string, body?: unknown, options?: RawOptions<T>): Promise<T> {
    return this.request('POST', path, body, options);
  }
  /** PUT any path with a JSON body. Typed as `get`. */
  put<T = unknown>(path: string, body?: unknown, options?: RawOptions<T>): Promise<T> {
    return this.request('PUT', path, body, options);
  }
  /** DELETE any path. Typed as `get`. */
  delete<T = unknown>(path: string, options?: RawOptions<T>): Promise<T> {
    return this.request('DELETE', path, undefined, options);
  }

  /**
   * Pages through any API v2 list: iterate the result, await it for every item as an array, or call `.all()` / `.pages()`; a zod schema types each item.
   * @example for await (const policy of ovh.paginate('/v2/iam/policy', { query: { identity }, pageSize: 50 })) console.log(policy);
   * @example const all = await ovh.paginate('/v2/iam/policy', { schema: MyPolicy }).all();
   */
  paginate<S extends z.ZodType = z.ZodUnknown>(path: string, options: PaginateOptions<S> = {}): Paginated<z.output<S>> {
    checkRawPath(path);
    if (!(path === '/v2' || path.startsWith('/v2/'))) {
      throw new InputValidationError(
        'path',
        `paginate() pages API v2 lists (paths starting with "/v2/"); got ${JSON.stringify(path)}. API v1 lists are not paged.`,
      );
    }
    strictOptions(options, PAGINATE_OPTION_KEYS, 'paginate options');
    const { schema, query, ...pageOptions } = options;
    return paginate(this.#transport, path, async () => ({ ...(schema ? { items: schema } : {}), ...(query ? { query } : {}) }), pageOptions);
  }

  /**
   * A new client with the same endpoint, application and settings but another consumer key (after `auth.requestConsumerKey()`).
   * @example const scoped = ovh.withConsumerKey(pending.consumerKey);
   */
  withConsumerKey(consumerKey: string | Secret): OvhClient {
    const auth = this.#config.auth;
    if (auth.kind !== 'signed') {
      throw new ConfigError('withConsumerKey() needs a client configured with an application key and secret, not OAuth2 or a bearer token.');
    }
    const { clientId: _a, clientSecret: _b, accessToken: _c, endpoint: _d, baseUrl: _e, ...rest } = this.#options;
    return new OvhClient({
      ...rest,
      ...(this.endpoint === 'custom' ? { baseUrl: this.baseUrl } : { endpoint: this.endpoint }),
      applicationKey: auth.applicationKey,
      applicationSecret: auth.applicationSecret,
      consumerKey,
      configFile: false,
      env: {},
    });
  }

  /**
   * Reads the account within fair use and reports what is risky: old, unused or over-powerful keys, forgotten
   * applications and service accounts, stale IAM policies, broad AI tokens (docs/audit.md lists the rules).
   * @example const report = await ovh.audit({ projects: [projectId], thresholds: { unusedDays: 60 } });
   */
  audit(options?: AuditOptions): Promise<AuditReport> {
    return runAudit(this.#audit, options);
  }

  /**
   * Applies `report.plan()` (revoke keys, delete policies, detach then delete service accounts) and reports each
   * item; the key or service account this client uses is never touched.
   * @example const done = await ovh.applyAuditPlan(report.plan(), { dryRun: true });
   */
  applyAuditPlan(plan: readonly AuditPlanItem[], options?: ApplyAuditPlanOptions): Promise<AuditApplyReport> {
    return applyPlan(this.#audit, plan, options);
  }

  /** Server time delta in seconds (server − local), syncing first if needed. */
  async timeDelta(options: Pick<CallOptions, 'signal'> = {}): Promise<number> {
    return this.#clock.delta ?? this.#clock.sync(options.signal);
  }

  /**
   * The settings in use and where each came from (an option, an env var, an ovh.conf file and line), never a secret.
   * @example OvhClient.fromEnvironment().describeConfig().sources.consumerKey // '/home/me/ovh.conf:5'
   */
  describeConfig(): ConfigDescription {
    const { endpoint, baseUrl, authKind, applicationKey } = this;
    return { endpoint, baseUrl, authKind, applicationKey, sources: describeSources(this.#config.sources) };
  }

  /** A safe summary: endpoint, base URL, auth kind and application key; never a secret. */
  toJSON(): Record<string, unknown> {
    return { endpoint: this.endpoint, baseUrl: this.baseUrl, authKind: this.authKind, applicationKey: this.applicationKey };
  }
  /** Node's `util.inspect` / `console.log` view: the same safe summary. @internal (left out of the declarations: the symbol is not exported) */
  [INSPECT](): string {
    return `OvhClient ${JSON.stringify(this.toJSON())}`;
  }
}
