/**
 * `OvhSimulator`: an in-memory OVH API behind one Fetch-API handler, usable as msw handler, as a `fetch`
 * function, or as a loopback HTTP(S) server.
 */
import type { AccessRule } from './access-rules.js';
import { authenticateApplication, authenticateSigned, verifyOAuth2AccessToken, type AuthRequest } from './authenticate.js';
import { iamNotGranted, OVH_ERRORS } from './errors.js';
import { FaultInjector, sleep, type DropNextOptions, type FailNextOptions } from './faults.js';
import { createQueryIdSource, errorResponse, Router, withQueryId, fetchFromHandler, readBodyText } from './http.js';
import {
  accountUrn,
  addPolicy,
  findPolicyByName,
  IAM_REGIONS,
  iamActionOfRoute,
  isIamAllowed,
  policyView,
  type IamActionOf,
  type IamPolicyCondition,
  type IamPolicyPermissions,
  type IamPolicyView,
  type IamRegion,
} from './iam.js';
import type { ApiSpace, BearerVerifier, Identity, SimRoute, SimRuntime } from './route.js';
import { aiTokenRoutes } from './routes/ai-tokens.js';
import { projectRoutes } from './routes/projects.js';
import { applicationRoutes } from './routes/applications.js';
import { authRoutes } from './routes/auth.js';
import { credentialRoutes } from './routes/credentials.js';
import { iamPolicyRoutes, validatePolicyBody } from './routes/iam-policies.js';
import { meRoutes } from './routes/me.js';
import { oauth2ClientRoutes } from './routes/oauth2-clients.js';
import { oauth2Routes } from './routes/oauth2.js';
import { validationPageRoutes } from './routes/validation-page.js';
import { messyAccountIds, seedAccount, seedMessyAccount, seedMinimal } from './seed.js';
import { serve, type ServedHandler, type TlsOptions } from './server.js';
import { optionKeys, strictOptions } from '../core/options.js';
import {
  addAiToken,
  addApplication,
  addCredential,
  addOAuth2Client,
  addProject,
  AI_TOKEN_ROLES,
  answerCredentialValidation,
  createState,
  findCredentialByConsumerKey,
  findCredentialByValidationToken,
  type AiTokenRole,
  type ApplicationStatus,
  type CredentialStatus,
  type OAuth2Flow,
  type SimApplication,
  type SimCredential,
  type SimulatorState,
} from './state.js';

/** Options of `new OvhSimulator()`. */
export interface OvhSimulatorOptions {
  /** Server clock = local clock + this many seconds (default 0). */
  skewSeconds?: number;
  /** Accepted distance between `X-Ovh-Timestamp` and the server clock, in seconds (default 180). */
  timestampWindowSeconds?: number;
  /** Local clock in epoch ms (default `Date.now`), for deterministic tests. */
  now?: () => number;
  /**
   * What to start with (default `true`): a demo account with the default application and its validated
   * full-access consumer key (see `defaults`), four more applications (one per status), consumer keys in every
   * state, two service accounts, and the Public Cloud project `SIM_PROJECT_ID` with two AI tokens.
   * `'minimal'`: the default application and key only. `'messy-account'`: every risky shape `ovh.audit()` looks
   * for, once each (see docs/audit.md; `planted(name)` gives their ids). `false`: nothing.
   */
  seed?: boolean | 'minimal' | 'messy-account';
  /** Lifetime of OAuth2 access tokens in seconds (default 3599). */
  tokenLifetimeSeconds?: number;
  /** Client address used for `allowedIPs` checks outside server mode (default `127.0.0.1`). */
  clientIp?: string;
  /**
   * Enforce IAM policies on OAuth2 (service account) callers, as OVH does (default `true`): a service account may
   * call a route only when a policy allows it the route's IAM action (see `iamActionOf()`) on the resource, and is
   * answered 403 `User not granted for this request` naming the missing action otherwise. Grant rights with
   * `POST /v2/iam/policy` or `createPolicy()`. `false` lets every authenticated service account call everything
   * (the behaviour before IAM was simulated). Consumer keys are never subject to IAM: their access rules apply.
   */
  iam?: boolean;
  /** The region IAM URNs name (`urn:v1:<region>:…`), as the API endpoint's (default `'eu'`). */
  region?: IamRegion;
  /**
   * Enforce a rate limit, as OVH's fair use does (about 60 requests per minute per consumer key), per consumer key
   * or service account, on the simulator's clock. Without `burst`: at most `requests` authenticated calls in any
   * window of `perMs` ms. With `burst`: a token bucket that holds up to `burst` calls and refills at `requests` per
   * `perMs` ms (so `burst` calls may go at once after a quiet period, then one every `perMs / requests` ms).
   * A call past the limit is answered 429 with OVH's error body and a `Retry-After` header (whole seconds until a
   * call would be accepted, at least 1), and does not count. Calls without a consumer key or token (`/auth/time`,
   * the token endpoint) are not limited. Off by default.
   * @example new OvhSimulator({ rateLimit: { requests: 60, perMs: 60_000 } }) // 60 calls in any minute
   * @example new OvhSimulator({ rateLimit: { requests: 20, perMs: 1000, burst: 5 } }) // 20/s, at most 5 at once
   */
  rateLimit?: { requests: number; perMs: number; burst?: number };
}
const OPTION_KEYS = optionKeys<OvhSimulatorOptions>()([
  'skewSeconds',
  'timestampWindowSeconds',
  'now',
  'seed',
  'tokenLifetimeSeconds',
  'clientIp',
  'iam',
  'region',
  'rateLimit',
]);
const RATE_LIMIT_KEYS = optionKeys<NonNullable<OvhSimulatorOptions['rateLimit']>>()(['requests', 'perMs', 'burst']);

/** What `createPolicy()` takes: the body of `POST /v2/iam/policy`, resources also as plain URNs. */
export interface CreatePolicyInput {
  /** Unique name (letters, digits and `-/_+`; the `ovh-` prefix only with `readOnly`). */
  name: string;
  /** Free text. */
  description?: string;
  /** Identity URNs, e.g. a service account's `identity` (`urn:v1:eu:identity:credential:<nic>/oauth2-<clientId>`). */
  identities: string[];
  /** Resource URNs or globs (`urn:v1:eu:resource:*`), as strings or `{ urn }`. */
  resources: Array<string | { urn: string }>;
  /** Allowed, excepted and denied actions, e.g. `{ allow: [{ action: 'account:apiovh:me/get' }] }`. */
  permissions: IamPolicyPermissions;
  /** Permission-group URNs (stored, not evaluated). */
  permissionsGroups?: Array<{ urn: string }>;
  /** Conditions (stored, not evaluated). */
  conditions?: IamPolicyCondition | null;
  /** When the policy stops applying, on the simulator's clock. */
  expiredAt?: Date | string | null;
  /** An OVH-managed policy: cannot be edited or deleted through the API (default `false`). */
  readOnly?: boolean;
}

/** Per-call context for `handle()`. */
export interface HandleContext {
  /** Client address for `allowedIPs` checks (the server passes the socket's address). */
  clientIp?: string;
}

/** A request as the simulator saw it. */
export interface RecordedRequest {
  /** Upper-case method. */
  method: string;
  /** Full URL. */
  url: string;
  /** Headers, names lower-cased. */
  headers: Record<string, string>;
  /** Body text, `''` when there is none. */
  body: string;
}

/** The seeded application and consumer key. */
export interface SimulatorDefaults {
  /** Application key (AK). */
  applicationKey: string;
  /** Application secret (AS). */
  applicationSecret: string;
  /** Validated consumer key (CK) with GET/POST/PUT/DELETE on `/*`. */
  consumerKey: string;
}

/** Options of `listen()`. */
export interface ListenOptions {
  /** Port (default: a free one). */
  port?: number;
  /** Serve HTTPS with this key and certificate. */
  tls?: TlsOptions;
}
/** The keys of ListenOptions, for the runtime check (both simulators' `listen()`). */
export const LISTEN_OPTION_KEYS = optionKeys<ListenOptions>()(['port', 'tls']);

/** A consumer key given as validation URL, consumer key, or credential id. */
export type CredentialTarget = string | number;

const DEFAULT_WINDOW_SECONDS = 180;
const DEFAULT_TOKEN_LIFETIME_SECONDS = 3599;

/** Splits a pathname into its URL space and the API path access rules see. */
function splitApiPath(pathname: string): { api: ApiSpace; path: string } {
  const v1 = /^\/(?:1\.0|v1)(\/.*)$/.exec(pathname);
  if (v1?.[1] !== undefined) return { api: 'v1', path: v1[1] };
  if (pathname === '/v2' || pathname.startsWith('/v2/')) return { api: 'v2', path: pathname };
  return { api: 'root', path: pathname };
}

/** A 429 as OVH answers it, with `Retry-After` in whole seconds (at least 1) until a call would be accepted. */
function tooManyRequests(waitMs: number): Response {
  const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
  return errorResponse(OVH_ERRORS.tooManyRequests, { headers: { 'Retry-After': String(retryAfter) } });
}

/**
 * A fake OVH API in memory, as strict as the real one about signatures, clocks, key status and access rules, and
 * about IAM policies for service accounts (OAuth2 callers need a policy for each action: see the `iam` option).
 * @example
 * const sim = new OvhSimulator();
 * const client = new OvhClient({ baseUrl: await sim.listen(), ...sim.defaults }); // or pass fetch: sim.fetch
 */
export class OvhSimulator {
  /** The in-memory state (advanced: tests may inspect or edit it directly). */
  readonly state: SimulatorState = createState();

  readonly #faults = new FaultInjector();
  readonly #router: Router<SimRoute>;
  readonly #runtime: SimRuntime;
  readonly #localNow: () => number;
  readonly #clientIp: string;
  readonly #iam: boolean;
  readonly #nextQueryId = createQueryIdSource();
  readonly #requests: RecordedRequest[] = [];
  readonly #rateLimit: Readonly<NonNullable<OvhSimulatorOptions['rateLimit']>> | undefined;
  /** Accepted calls per consumer key or service account, oldest first, within the rate-limit window. */
  readonly #recentCalls = new Map<string, number[]>();
  /** With `rateLimit.burst`: the token bucket of each consumer key or service account, as of `at` (simulator clock). */
  readonly #buckets = new Map<string, { credit: number; at: number }>();
  #skewSeconds: number;
  #defaults: SimulatorDefaults | undefined;
  #server: ServedHandler | undefined;

  /** Creates a simulator; seeded with a default application and consumer key unless `seed: false`. */
  constructor(options: OvhSimulatorOptions = {}) {
    strictOptions(options, OPTION_KEYS, 'OvhSimulator options');
    strictOptions(options.rateLimit, RATE_LIMIT_KEYS, 'OvhSimulator rateLimit option');
    this.#localNow = options.now ?? Date.now;
    this.#skewSeconds = options.skewSeconds ?? 0;
    this.#clientIp = options.clientIp ?? '127.0.0.1';
    this.#iam = options.iam ?? true;
    const rateLimit = options.rateLimit;
    if (rateLimit !== undefined) {
      for (const key of ['requests', 'perMs', 'burst'] as const) {
        const v = rateLimit[key];
        if (key === 'burst' && v === undefined) continue;
        if (!(Number.isSafeInteger(v) && (v as number) > 0))
          throw new RangeError(`rateLimit.${key} must be a positive whole number, got ${String(v)}`);
      }
      this.#rateLimit = {
        requests: rateLimit.requests,
        perMs: rateLimit.perMs,
        ...(rateLimit.burst !== undefined ? { burst: rateLimit.burst } : {}),
      };
    }
    const region = options.region ?? 'eu';
    if (!IAM_REGIONS.includes(region)) throw new RangeError(`region must be one of ${IAM_REGIONS.join(', ')}, got ${String(region)}`);
    this.state.region = region;
    const bearerVerifiers: BearerVerifier[] = [verifyOAuth2AccessToken];
    this.#runtime = {
      state: this.state,
      now: () => this.#localNow() + this.#skewSeconds * 1000,
      timestampWindowSeconds: options.timestampWindowSeconds ?? DEFAULT_WINDOW_SECONDS,
      tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS,
      iam: this.#iam,
      bearerVerifiers,
    };
    this.#router = new Router<SimRoute>([
      ...authRoutes,
      ...validationPageRoutes,
      ...meRoutes,
      ...credentialRoutes,
      ...applicationRoutes,
      ...oauth2ClientRoutes,
      ...aiTokenRoutes,
      ...projectRoutes,
      ...iamPolicyRoutes,
      ...oauth2Routes,
    ]);
    const seed = options.seed ?? true;
    if (seed === 'minimal') this.#defaults = seedMinimal(this.state, this.#runtime.now());
    else if (seed === 'messy-account') this.#defaults = seedMessyAccount(this.state, this.#runtime.now());
    else if (seed) this.#defaults = seedAccount(this.state, this.#runtime.now());
  }

  /**
   * Answers one request. Host and scheme are ignored; `/1.0` and `/v1` are aliases, `/v2` is its own space.
   * A dropped connection comes back as `Response.error()` (msw turns it into a network error).
   * @example server.use(http.all('https://eu.api.ovh.com/*', ({ request }) => sim.handle(request)));
   */
  async handle(request: Request, context: HandleContext = {}): Promise<Response> {
    const queryId = this.#nextQueryId();
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    const body = await readBodyText(request);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    this.#requests.push({ method, url: request.url, headers, body });

    const { api, path } = splitApiPath(url.pathname);
    await sleep(this.#faults.latencyMs, request.signal);
    const injected = this.#faults.take(method, path);
    if (injected !== null) return withQueryId(injected, queryId);

    let response: Response;
    try {
      response = await this.#dispatch(
        request,
        {
          headers: request.headers,
          method,
          url: request.url,
          body,
          clientIp: context.clientIp ?? this.#clientIp,
          apiPath: path,
        },
        url,
        api,
      );
    } catch (error) {
      response = errorResponse({
        ...OVH_ERRORS.internalError,
        body: { ...OVH_ERRORS.internalError.body, message: `Simulator error: ${error instanceof Error ? error.message : String(error)}` },
      });
    }
    return withQueryId(response, queryId);
  }

  async #dispatch(request: Request, auth: AuthRequest, url: URL, api: ApiSpace): Promise<Response> {
    const found = this.#router.find(auth.method, auth.apiPath, (route) => route.api === api);
    if (found === null) return errorResponse(OVH_ERRORS.notFound);
    const { route, params } = found;
    let identity: Identity | null = null;
    let application: SimApplication | null = null;
    if (route.auth === 'application') {
      const outcome = authenticateApplication(auth, this.#runtime);
      if (!outcome.ok) return errorResponse(outcome.error);
      application = outcome.value;
    } else if (route.auth === 'signed') {
      const outcome = authenticateSigned(auth, route, this.#runtime);
      if (!outcome.ok) return errorResponse(outcome.error);
      identity = outcome.value;
      const limited = this.#overRateLimit(
        identity.kind === 'consumerKey' ? `ck:${identity.credential.consumerKey}` : `sa:${identity.client.clientId}`,
      );
      if (limited !== null) return limited;
      if (identity.kind === 'consumerKey') application = identity.application;
      if (identity.kind === 'oauth2' && this.#iam) {
        // IAM applies to service accounts only; routes without an action (`/auth/*`) are not checked.
        const needed = iamActionOfRoute(this.state, route.method, route.path, params);
        if (
          needed !== undefined &&
          !isIamAllowed(this.state.policies.values(), { identity: identity.client.identity, ...needed, now: this.#runtime.now() })
        ) {
          return errorResponse(iamNotGranted(needed.action));
        }
      }
    }
    return route.handle({ request, url, body: auth.body, params, identity, application, runtime: this.#runtime });
  }

  /**
   * A `fetch` backed by `handle()` (no network). A dropped connection rejects with `TypeError('fetch failed')`
   * like Node's fetch; an aborted signal rejects with its reason.
   */
  readonly fetch: typeof fetch = fetchFromHandler((request) => this.handle(request), 'OvhSimulator');

  /**
   * Serves the simulator on 127.0.0.1 and resolves to the v1 base URL, e.g. `http://127.0.0.1:34567/1.0`.
   * `allowedIPs` are checked against the socket's address.
   */
  async listen(options: ListenOptions = {}): Promise<string> {
    strictOptions(options, LISTEN_OPTION_KEYS, 'listen options');
    if (this.#server !== undefined) throw new Error('OvhSimulator is already listening; call close() first');
    this.#server = await serve((request, context) => this.handle(request, context), {
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(options.tls !== undefined ? { tls: options.tls } : {}),
    });
    return `${this.#server.url}/1.0`;
  }

  /** Stops the server started by `listen()` (no-op when not listening). */
  async close(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    await server?.close();
  }

  /** Origin of the running server, e.g. `http://127.0.0.1:34567`; throws when not listening. */
  get origin(): string {
    if (this.#server === undefined) throw new Error('OvhSimulator is not listening; call listen() first');
    return this.#server.url;
  }

  /** The seeded application key, secret and consumer key; throws when created with `seed: false`. */
  get defaults(): SimulatorDefaults {
    if (this.#defaults === undefined) throw new Error('OvhSimulator was created with seed: false: there are no defaults');
    return { ...this.#defaults };
  }

  /** Every request handled so far, oldest first. */
  get requests(): readonly RecordedRequest[] {
    return this.#requests;
  }

  /** Forgets the recorded requests. */
  clearRequests(): void {
    this.#requests.length = 0;
  }

  /** Server time in epoch seconds (what `GET /auth/time` answers). */
  serverTime(): number {
    return Math.floor(this.#runtime.now() / 1000);
  }

  /** Adds an application. */
  createApplication(input: { name?: string; description?: string; status?: ApplicationStatus } = {}): {
    applicationId: number;
    applicationKey: string;
    applicationSecret: string;
  } {
    const { applicationId, applicationKey, applicationSecret } = addApplication(this.state, input);
    return { applicationId, applicationKey, applicationSecret };
  }

  /** Adds a consumer key (validated by default) for an application (the seeded one by default). */
  createCredential(input: {
    applicationId?: number;
    rules: AccessRule[];
    status?: CredentialStatus;
    expiration?: Date | null;
    allowedIPs?: string[] | null;
  }): { credentialId: number; consumerKey: string } {
    const applicationId = input.applicationId ?? this.#defaultApplicationId();
    if (!this.state.applications.has(applicationId)) throw new Error(`Unknown applicationId ${applicationId}`);
    const credential = addCredential(this.state, {
      applicationId,
      rules: input.rules,
      now: this.#runtime.now(),
      expiration: input.expiration ? input.expiration.getTime() : null,
      ...(input.status !== undefined ? { status: input.status } : {}),
      ...(input.allowedIPs !== undefined ? { allowedIPs: input.allowedIPs } : {}),
    });
    return { credentialId: credential.credentialId, consumerKey: credential.consumerKey };
  }

  /**
   * Plays the user's click on the validation URL: a pending key becomes validated and linked to the account.
   * @example sim.validateConsumerKey(validationUrl) // or the consumer key, or the credential id
   */
  validateConsumerKey(target: CredentialTarget, options: { expiration?: Date | null } = {}): void {
    const credential = this.#pending(target, 'validate');
    answerCredentialValidation(this.state, credential, true);
    if (options.expiration !== undefined) credential.expiration = options.expiration?.getTime() ?? null;
  }

  /** Plays the user refusing a pending key. */
  refuseConsumerKey(target: CredentialTarget): void {
    answerCredentialValidation(this.state, this.#pending(target, 'refuse'), false);
  }

  /** Marks a consumer key expired. */
  expireCredential(target: CredentialTarget): void {
    this.#credential(target).status = 'expired';
  }

  /** Adds an OAuth2 client (service account), client-credentials flow by default. */
  createOAuth2Client(input: { name?: string; description?: string; flow?: OAuth2Flow; callbackUrls?: string[] } = {}): {
    clientId: string;
    clientSecret: string;
  } {
    const { clientId, clientSecret } = addOAuth2Client(this.state, { ...input, now: this.#runtime.now() });
    return { clientId, clientSecret };
  }

  /**
   * Adds `count` consumer keys in one go (for benchmarks: 1 000 take a few milliseconds) and returns their ids.
   * Statuses cycle through `status` when it is a list. Keys belong to the seeded application by default.
   * @example const ids = sim.seedCredentials(1000, { status: ['validated', 'expired'] });
   */
  seedCredentials(
    count: number,
    options: { applicationId?: number; status?: CredentialStatus | readonly CredentialStatus[]; rules?: AccessRule[] } = {},
  ): number[] {
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
    const applicationId = options.applicationId ?? this.#defaultApplicationId();
    if (!this.state.applications.has(applicationId)) throw new Error(`Unknown applicationId ${applicationId}`);
    const statuses: readonly CredentialStatus[] =
      options.status === undefined ? ['validated'] : typeof options.status === 'string' ? [options.status] : options.status;
    if (statuses.length === 0) throw new RangeError('status must name at least one status');
    const rules = options.rules ?? [{ method: 'GET' as const, path: '/me' }];
    const now = this.#runtime.now();
    const ids: number[] = [];
    for (let i = 0; i < count; i++) {
      const status = statuses[i % statuses.length] as CredentialStatus;
      ids.push(addCredential(this.state, { applicationId, rules, now, status }).credentialId);
    }
    return ids;
  }

  /**
   * The id of an object the `messy-account` seed planted: a credential id by the shape it plants (`unused`,
   * `neverUsed`...), a service account's client id, a policy's or an AI token's id by its name.
   * @example sim.planted('unused') // 300000005
   */
  planted(name: string): number | string {
    const id = messyAccountIds(this.state).get(name);
    if (id === undefined) throw new Error(`The messy-account seed planted nothing named ${JSON.stringify(name)}`);
    return id;
  }

  /** Adds a Public Cloud project (random 32-hex id unless given) and returns its serviceName. */
  createProject(input: { serviceName?: string; description?: string } = {}): string {
    if (input.serviceName !== undefined && !/^[0-9a-f]{32}$/.test(input.serviceName)) {
      throw new Error(`serviceName must be 32 lower-case hexadecimal characters, got ${input.serviceName}`);
    }
    return addProject(this.state, input).serviceName;
  }

  /** Adds an AI token to a project; returns its id and secret. */
  createAiToken(
    serviceName: string,
    input: { name: string; role: AiTokenRole; region?: string; labelSelector?: string | null },
  ): { id: string; value: string } {
    if (!this.state.projects.has(serviceName)) throw new Error(`Unknown project ${serviceName}: call createProject() first`);
    if (!AI_TOKEN_ROLES.includes(input.role)) throw new Error(`Unknown role ${String(input.role)}`);
    const token = addAiToken(this.state, { ...input, serviceName, now: this.#runtime.now() });
    return { id: token.id, value: token.value };
  }

  /**
   * Adds an IAM policy directly (no HTTP call, no IAM check), validated like `POST /v2/iam/policy`; throws on an
   * invalid body or a name in use. Returns the policy as the API shows it.
   * @example
   * const { identity } = sim.state.oauth2Clients.get(clientId)!;
   * sim.createPolicy({ name: 'ci', identities: [identity], resources: [sim.accountUrn], permissions: { allow: [{ action: 'account:apiovh:me/get' }] } });
   */
  createPolicy(input: CreatePolicyInput): IamPolicyView {
    const { readOnly = false, expiredAt, resources, ...rest } = input;
    const body = {
      ...rest,
      resources: resources.map((resource) => (typeof resource === 'string' ? { urn: resource } : resource)),
      ...(expiredAt !== undefined ? { expiredAt: expiredAt instanceof Date ? expiredAt.toISOString() : expiredAt } : {}),
    };
    const checked = validatePolicyBody(body, { allowReservedName: readOnly });
    if (!checked.ok) throw new Error(`createPolicy: ${checked.error.body.message}`);
    if (findPolicyByName(this.state, checked.value.name) !== undefined)
      throw new Error(`createPolicy: a policy named ${JSON.stringify(checked.value.name)} already exists`);
    return policyView(addPolicy(this.state, checked.value, { now: this.#runtime.now(), readOnly }));
  }

  /**
   * The IAM action a call needs and the resource URN it acts on, or `undefined` for a route without one (`/auth/*`,
   * the token endpoint) or an unknown route. `path` may carry the `/1.0` or `/v1` prefix (or be a full URL); a
   * path without prefix is a v1 path unless it starts with `/v2/`. Placeholders such as `{credentialId}` work.
   * @example sim.iamActionOf('GET', '/me/api/credential/42') // { action: 'account:apiovh:me/api/credential/get', resource: 'urn:v1:eu:resource:account:xx1111-ovh' }
   */
  iamActionOf(method: string, path: string): IamActionOf | undefined {
    const pathname = /^https?:\/\//i.test(path) ? new URL(path).pathname : (path.split(/[?#]/)[0] ?? '');
    const split = splitApiPath(pathname);
    const upper = method.toUpperCase();
    const found =
      this.#router.find(upper, split.path, (route) => route.api === split.api) ??
      (split.api === 'root' ? this.#router.find(upper, split.path, (route) => route.api === 'v1') : null);
    if (found === null) return undefined;
    return iamActionOfRoute(this.state, found.route.method, found.route.path, found.params);
  }

  /** The account's resource URN for IAM policies, e.g. `urn:v1:eu:resource:account:xx1111-ovh`. */
  get accountUrn(): string {
    return accountUrn(this.state);
  }

  /** Deletes an OAuth2 client; its access tokens stop working, its IAM policies stay. Returns whether it existed. */
  deleteOAuth2Client(clientId: string): boolean {
    return this.state.oauth2Clients.delete(clientId);
  }

  /** Sets the server clock skew (server clock = local clock + seconds). */
  setSkew(seconds: number): void {
    if (!Number.isFinite(seconds)) throw new RangeError(`skew must be a finite number of seconds, got ${seconds}`);
    this.#skewSeconds = seconds;
  }

  /** Delays every response by `ms`. */
  setLatency(ms: number): void {
    this.#faults.setLatency(ms);
  }

  /**
   * Answers the next matching request(s) with a chosen response (string bodies are sent raw).
   * @example sim.failNext({ status: 503, body: '<html>maintenance</html>', headers: { 'content-type': 'text/html' } })
   */
  failNext(options: FailNextOptions): void {
    this.#faults.failNext(options);
  }

  /** Drops the connection of the next matching request(s). */
  dropNext(options: DropNextOptions = {}): void {
    this.#faults.dropNext(options);
  }

  /** Removes queued faults and latency (skew is kept). */
  clearFaults(): void {
    this.#faults.clear();
  }

  /** Counts a call of `caller` against the rate limit; a 429 response when it is past it, else `null`. */
  #overRateLimit(caller: string): Response | null {
    const limit = this.#rateLimit;
    if (limit === undefined) return null;
    const now = this.#runtime.now();
    if (limit.burst !== undefined) return this.#overBucket(caller, { ...limit, burst: limit.burst }, now);
    const calls = this.#recentCalls.get(caller) ?? [];
    while (calls.length > 0 && (calls[0] as number) <= now - limit.perMs) calls.shift();
    this.#recentCalls.set(caller, calls);
    if (calls.length < limit.requests) {
      calls.push(now);
      return null;
    }
    return tooManyRequests((calls[0] as number) + limit.perMs - now);
  }

  /**
   * The token-bucket form of `#overRateLimit`. Tokens are counted in units of 1/`perMs` (a call costs `perMs`, each
   * ms adds `requests`, the bucket holds `burst × perMs`): whole numbers on a whole-ms clock, so no rounding lets a
   * call through early or refuses one that is due.
   */
  #overBucket(caller: string, limit: { requests: number; perMs: number; burst: number }, now: number): Response | null {
    const capacity = limit.burst * limit.perMs;
    let bucket = this.#buckets.get(caller);
    if (bucket === undefined) {
      bucket = { credit: capacity, at: now };
      this.#buckets.set(caller, bucket);
    } else if (now > bucket.at) {
      // A clock that goes back (a test's) neither adds nor removes tokens.
      bucket.credit = Math.min(capacity, bucket.credit + (now - bucket.at) * limit.requests);
      bucket.at = now;
    }
    if (bucket.credit >= limit.perMs) {
      bucket.credit -= limit.perMs;
      return null;
    }
    return tooManyRequests((limit.perMs - bucket.credit) / limit.requests);
  }

  #defaultApplicationId(): number {
    const key = this.#defaults?.applicationKey;
    for (const application of this.state.applications.values()) {
      if (application.applicationKey === key) return application.applicationId;
    }
    throw new Error('No applicationId given and no seeded application (seed: false)');
  }

  #credential(target: CredentialTarget): SimCredential {
    let credential: SimCredential | undefined;
    if (typeof target === 'number') {
      credential = this.state.credentials.get(target);
    } else if (/^https?:\/\//i.test(target)) {
      const token = new URL(target).searchParams.get('credentialToken');
      credential = token ? findCredentialByValidationToken(this.state, token) : undefined;
    } else {
      credential = findCredentialByConsumerKey(this.state, target);
    }
    if (credential === undefined) throw new Error(`No credential matches ${String(target)}`);
    return credential;
  }

  #pending(target: CredentialTarget, action: string): SimCredential {
    const credential = this.#credential(target);
    if (credential.status !== 'pendingValidation') {
      throw new Error(`Cannot ${action} credential ${credential.credentialId}: it is ${credential.status}, not pendingValidation`);
    }
    return credential;
  }
}
