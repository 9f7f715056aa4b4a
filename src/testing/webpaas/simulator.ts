/**
 * `WebPaasSimulator`: an in-memory OVHcloud Web PaaS API and its OAuth2 token endpoint behind one Fetch-API
 * handler, usable as msw handler, as a `fetch` function, or as a loopback HTTP(S) server.
 */
import { randomBytes } from 'node:crypto';
import { FaultInjector, sleep, type DropNextOptions, type FailNextOptions } from '../faults.js';
import { dropConnection, isDroppedConnection, Router, fetchFromHandler, readBodyText } from '../http.js';
import { LISTEN_OPTION_KEYS, type ListenOptions, type RecordedRequest } from '../ovh-simulator.js';
import { optionKeys, strictOptions } from '../../core/options.js';
import { serve, type ServedHandler } from '../server.js';
import { apiError } from './render.js';
import type { WebPaasRoute, WebPaasRuntime, WriteAnswers } from './route.js';
import { projectRoutes } from './routes/projects.js';
import { tokenRoutes } from './routes/token.js';
import { variableRoutes } from './routes/variables.js';
import { addEnvironment, addProject, createWebPaasState, effectiveVariables, type SimWebPaasVariable, type WebPaasState } from './state.js';

/** Options of `new WebPaasSimulator()`. */
export interface WebPaasSimulatorOptions {
  /** Clock in epoch ms (default `Date.now`), for deterministic tests. */
  now?: () => number;
  /** Seed a project with environments `main` and `staging` (a child of main); see `defaults`. Default true. */
  seed?: boolean;
  /** `expires_in` of issued access tokens, seconds. Default 900. */
  tokenLifetimeSeconds?: number;
  /** Time from an activity's creation to its completion, ms (pending for the first half, then in progress). Default 200. */
  activityDurationMs?: number;
  /** OAuth2 client id the token endpoint accepts (HTTP Basic `client_id:`). Default `ovh-eu-cli`. */
  clientId?: string;
  /**
   * How variable writes answer: `embedded` (default) adds `_embedded.entity` and `_embedded.activities`, as real
   * answers often do; `accepted` sends only the spec's `AcceptedResponse` `{status, code}`. Test both.
   */
  writeAnswers?: WriteAnswers;
}
const OPTION_KEYS = optionKeys<WebPaasSimulatorOptions>()(['now', 'seed', 'tokenLifetimeSeconds', 'activityDurationMs', 'clientId', 'writeAnswers']);

/** The seeded project. */
export interface WebPaasSimulatorDefaults {
  /** Project id. */
  project: string;
  /** Environment ids: `main` (root) and `staging` (child of main). */
  environments: string[];
}

/** A variable to seed with `addVariable` (camelCase, like the SDK's options). */
export interface SeedVariable {
  project?: string;
  environment?: string;
  name: string;
  value: string;
  sensitive?: boolean;
  json?: boolean;
  /** Default: true at project level, false at environment level (the API's defaults). */
  visibleBuild?: boolean;
  visibleRuntime?: boolean;
  inheritable?: boolean;
  enabled?: boolean;
  applicationScope?: string[];
  attributes?: Record<string, string>;
  /** Creation time in epoch ms, or `null` as the spec allows (older variables). Default: now. */
  createdAt?: number | null;
}

const DEFAULT_TOKEN_LIFETIME_SECONDS = 900;
const DEFAULT_ACTIVITY_MS = 200;

/**
 * A fake Web PaaS API in memory: API-token exchange, bearer checks, projects, environments with inheritance,
 * variables at both levels, and activities that complete after a short delay.
 * @example
 * const sim = new WebPaasSimulator();
 * const apiUrl = await sim.listen();
 * const paas = new WebPaasClient({ apiUrl, tokenUrl: sim.tokenUrl, apiToken: sim.createApiToken() }); // or fetch: sim.fetch
 */
export class WebPaasSimulator {
  /** The in-memory state (advanced: tests may inspect or edit it directly). */
  readonly state: WebPaasState = createWebPaasState();

  readonly #faults = new FaultInjector();
  readonly #router = new Router<WebPaasRoute>([...tokenRoutes, ...variableRoutes, ...projectRoutes]);
  readonly #runtime: WebPaasRuntime;
  readonly #requests: RecordedRequest[] = [];
  readonly #requestIdPrefix = randomBytes(4).toString('hex');
  #requestCounter = 0;
  #failActivities = 0;
  #stageActivities = 0;
  #defaults: WebPaasSimulatorDefaults | undefined;
  #server: ServedHandler | undefined;

  /** Creates a simulator; seeded with a project (`main`, `staging`) unless `seed: false`. */
  constructor(options: WebPaasSimulatorOptions = {}) {
    strictOptions(options, OPTION_KEYS, 'WebPaasSimulator options');
    const now = options.now ?? (() => Date.now());
    this.#runtime = {
      state: this.state,
      now,
      tokenLifetimeSeconds: checkNonNegative('tokenLifetimeSeconds', options.tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS),
      clientId: options.clientId ?? 'ovh-eu-cli',
      activityDurationMs: checkNonNegative('activityDurationMs', options.activityDurationMs ?? DEFAULT_ACTIVITY_MS),
      takeActivityFailure: () => {
        if (this.#failActivities === 0) return false;
        this.#failActivities -= 1;
        return true;
      },
      takeActivityStaging: () => {
        if (this.#stageActivities === 0) return false;
        this.#stageActivities -= 1;
        return true;
      },
      writeAnswers: checkWriteAnswers(options.writeAnswers ?? 'embedded'),
    };
    if (options.seed ?? true) {
      const project = this.createProject({ title: 'Seeded by WebPaasSimulator' });
      this.createEnvironment({ project, id: 'staging', parent: 'main' });
      this.#defaults = { project, environments: ['main', 'staging'] };
    }
  }

  /**
   * Answers one request. Host and scheme are ignored: `/oauth2/token` is the token endpoint, `/projects/...` the API.
   * @example server.use(http.all('https://*.webpaas.ovhcloud.com/*', ({ request }) => sim.handle(request)));
   */
  async handle(request: Request): Promise<Response> {
    const requestId = `${this.#requestIdPrefix}-${++this.#requestCounter}`;
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    const body = await readBodyText(request);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    this.#requests.push({ method, url: request.url, headers, body });

    try {
      await sleep(this.#faults.latencyMs, request.signal);
    } catch {
      // The caller gave up while we were "slow": nobody reads the answer, so drop it quietly (msw would log a
      // rejected handler as an unhandled exception).
      return dropConnection();
    }
    const injected = this.#faults.take(method, url.pathname);
    if (injected !== null) return withRequestId(injected, requestId);
    let response: Response;
    try {
      response = await this.#dispatch(request, url, method, body);
    } catch (error) {
      response = apiError(500, `Simulator error: ${error instanceof Error ? error.message : String(error)}`);
    }
    return withRequestId(response, requestId);
  }

  async #dispatch(request: Request, url: URL, method: string, body: string): Promise<Response> {
    const found = this.#router.find(method, url.pathname);
    if (found === null) return apiError(404, `No route for ${method} ${url.pathname}`);
    const { route, params } = found;
    let token = null;
    if (route.auth === 'bearer') {
      const match = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '');
      const known = match?.[1] ? this.state.accessTokens.get(match[1]) : undefined;
      const apiToken = known ? this.state.apiTokens.get(known.apiToken) : undefined;
      if (!known || known.expiresAt <= this.#runtime.now() || !apiToken || apiToken.revoked) {
        return apiError(401, 'Invalid or expired access token.', 'Send a valid access token in the Authorization header.');
      }
      token = known;
    }
    return route.handle({ request, url, body, params, token, runtime: this.#runtime });
  }

  /**
   * A `fetch` backed by `handle()` (no network). A dropped connection rejects with `TypeError('fetch failed')`
   * like Node's fetch; an aborted signal rejects with its reason.
   */
  readonly fetch: typeof fetch = fetchFromHandler((request) => this.handle(request), 'WebPaasSimulator');

  /**
   * Serves the simulator on 127.0.0.1 and resolves to the API URL (the origin, e.g. `http://127.0.0.1:34567`).
   * The same server answers the token endpoint at `tokenUrl` (`<origin>/oauth2/token`).
   */
  async listen(options: ListenOptions = {}): Promise<string> {
    strictOptions(options, LISTEN_OPTION_KEYS, 'listen options');
    if (this.#server !== undefined) throw new Error('WebPaasSimulator is already listening; call close() first');
    this.#server = await serve((request) => this.handle(request), {
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(options.tls !== undefined ? { tls: options.tls } : {}),
    });
    return this.#server.url;
  }

  /** Stops the server started by `listen()` (no-op when not listening). */
  async close(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    await server?.close();
  }

  /** Origin of the running server; throws when not listening. */
  get origin(): string {
    if (this.#server === undefined) throw new Error('WebPaasSimulator is not listening; call listen() first');
    return this.#server.url;
  }

  /** API URL of the running server (its origin). */
  get apiUrl(): string {
    return this.origin;
  }

  /** Token URL of the running server (`<origin>/oauth2/token`). */
  get tokenUrl(): string {
    return `${this.origin}/oauth2/token`;
  }

  /** The seeded project; throws when created with `seed: false`. */
  get defaults(): WebPaasSimulatorDefaults {
    if (this.#defaults === undefined) throw new Error('WebPaasSimulator was created with seed: false: there are no defaults');
    return { ...this.#defaults, environments: [...this.#defaults.environments] };
  }

  /** Every request handled so far, oldest first (token exchanges included). */
  get requests(): readonly RecordedRequest[] {
    return this.#requests;
  }

  /** Forgets the recorded requests. */
  clearRequests(): void {
    this.#requests.length = 0;
  }

  /** Creates an API token the token endpoint accepts, and returns it. */
  createApiToken(input: { name?: string } = {}): string {
    const token = `wpt_${randomBytes(20).toString('hex')}`;
    this.state.apiTokens.set(token, { token, name: input.name ?? 'simulated', created_at: this.#runtime.now(), revoked: false });
    return token;
  }

  /** Revokes an API token: exchanges fail, and access tokens issued for it stop working. Returns whether it existed. */
  revokeApiToken(token: string): boolean {
    const known = this.state.apiTokens.get(token);
    if (known) known.revoked = true;
    return known !== undefined;
  }

  /** Makes every access token issued so far expired (the next API call gets a 401). */
  expireAccessTokens(): void {
    for (const token of this.state.accessTokens.values()) token.expiresAt = Number.NEGATIVE_INFINITY;
  }

  /** Sets `expires_in` of access tokens issued from now on, in seconds. */
  setTokenLifetime(seconds: number): void {
    this.#runtime.tokenLifetimeSeconds = checkNonNegative('tokenLifetimeSeconds', seconds);
  }

  /** Sets how long activities created from now on take to complete, in ms. */
  setActivityDuration(ms: number): void {
    this.#runtime.activityDurationMs = checkNonNegative('activityDurationMs', ms);
  }

  /** Makes the next `times` (default 1) activities finish with `result: 'failure'`. */
  failNextActivity(times = 1): void {
    if (!Number.isInteger(times) || times < 1) throw new RangeError(`times must be a positive integer, got ${times}`);
    this.#failActivities += times;
  }

  /**
   * Makes the next `times` (default 1) activities staged for a later deploy: `scheduled`, then `staged` for good,
   * as when an environment's deployments are held. They never complete on their own.
   */
  stageNextActivity(times = 1): void {
    if (!Number.isInteger(times) || times < 1) throw new RangeError(`times must be a positive integer, got ${times}`);
    this.#stageActivities += times;
  }

  /** Sets how variable writes answer from now on (see the `writeAnswers` option). */
  setWriteAnswers(shape: WriteAnswers): void {
    this.#runtime.writeAnswers = checkWriteAnswers(shape);
  }

  /** Adds a project with a root environment `main`; returns its id. */
  createProject(input: { id?: string; title?: string } = {}): string {
    return addProject(this.state, { ...input, now: this.#runtime.now() }).id;
  }

  /** Adds an environment (branch) to a project, a child of `parent` (default `main`; `null` for a root). */
  createEnvironment(input: { project?: string; id: string; parent?: string | null; title?: string }): void {
    addEnvironment(this.#project(input.project), { ...input, now: this.#runtime.now() });
  }

  /**
   * Seeds a variable directly (no activity, no name checks: any non-empty name, to test odd data), at environment
   * level when `environment` is given. Replaces one of the same name.
   */
  addVariable(input: SeedVariable): void {
    if (input.name === '') throw new Error('A variable name must not be empty');
    const project = this.#project(input.project);
    const target = input.environment === undefined ? project.variables : this.#environment(project.id, input.environment).variables;
    const variable: SimWebPaasVariable = {
      name: input.name,
      value: input.value,
      attributes: { ...input.attributes },
      is_json: input.json ?? false,
      is_sensitive: input.sensitive ?? false,
      visible_build: input.visibleBuild ?? input.environment === undefined,
      visible_runtime: input.visibleRuntime ?? true,
      application_scope: [...(input.applicationScope ?? [])],
      is_enabled: input.enabled ?? true,
      is_inheritable: input.inheritable ?? true,
      created_at: input.createdAt === undefined ? this.#runtime.now() : input.createdAt,
      updated_at: null,
    };
    target.set(input.name, variable);
  }

  /**
   * A variable as stored, sensitive value included (what the API never shows), or `undefined`. At environment
   * level, returns what the environment sees (its own, else inherited) with `inherited`.
   */
  getVariable(input: { project?: string; environment?: string; name: string }): (SimWebPaasVariable & { inherited: boolean }) | undefined {
    const project = this.#project(input.project);
    if (input.environment === undefined) {
      const found = project.variables.get(input.name);
      return found ? { ...found, inherited: false } : undefined;
    }
    const found = effectiveVariables(project, this.#environment(project.id, input.environment)).get(input.name);
    return found ? { ...found.variable, inherited: found.inherited } : undefined;
  }

  /** Delays every response by `ms`. */
  setLatency(ms: number): void {
    this.#faults.setLatency(ms);
  }

  /** Answers the next matching request(s) (path as the URL's pathname, e.g. `/projects/*`) with a chosen response. */
  failNext(options: FailNextOptions): void {
    this.#faults.failNext(options);
  }

  /** Drops the connection of the next matching request(s). */
  dropNext(options: DropNextOptions = {}): void {
    this.#faults.dropNext(options);
  }

  /** Removes queued faults, latency and pending activity failures. */
  clearFaults(): void {
    this.#faults.clear();
    this.#failActivities = 0;
  }

  #project(id: string | undefined) {
    const projectId = id ?? this.#defaults?.project;
    const project = projectId === undefined ? undefined : this.state.projects.get(projectId);
    if (project === undefined)
      throw new Error(projectId === undefined ? 'No project given and no seeded project (seed: false)' : `Unknown project ${projectId}`);
    return project;
  }

  #environment(projectId: string, id: string) {
    const environment = this.#project(projectId).environments.get(id);
    if (environment === undefined) throw new Error(`Unknown environment ${id} in project ${projectId}`);
    return environment;
  }
}

function checkWriteAnswers(shape: WriteAnswers): WriteAnswers {
  if (shape !== 'embedded' && shape !== 'accepted') throw new RangeError(`writeAnswers must be 'embedded' or 'accepted', got ${String(shape)}`);
  return shape;
}

function checkNonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a non-negative number, got ${value}`);
  return value;
}

function withRequestId(response: Response, id: string): Response {
  if (isDroppedConnection(response)) return response;
  try {
    response.headers.set('X-Request-Id', id);
    return response;
  } catch {
    const headers = new Headers(response.headers);
    headers.set('X-Request-Id', id);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }
}
