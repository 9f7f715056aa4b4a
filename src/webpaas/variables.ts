// Web PaaS project- and environment-level variables. Options come in camelCase; objects come back as the API
// names them (snake_case). The level is chosen by whether `environment` is given.
import type { z } from 'zod';
import { ConflictError, InputValidationError } from '../core/errors.js';
import { buildPath } from '../core/path.js';
import { secret } from '../core/redact.js';
import type { CallOptions, Transport } from '../core/transport.js';
import { optionKeys, parseObject, strictOptions } from '../core/options.js';
import { ACTIVITY_SECRETS, ACTIVITY_WAIT_KEYS, checkActivityWait, scrubActivity } from './activities.js';
import type { ActivitiesResource, ActivityWaitOptions } from './activities.js';
import type { Activity } from './activities.schemas.js';
import {
  DeleteResponse,
  EnvironmentVariable,
  EnvironmentVariables,
  EnvironmentWrite,
  ProjectVariable,
  ProjectVariables,
  ProjectWrite,
  type Variable,
  VariableCreate,
  VariableRef,
  VariableTarget,
  VariableUpdate,
} from './variables.schemas.js';

/** What `delete` returns: the activities the change triggered, and the API's status and code (`undefined` when it sent none, e.g. a 204). */
export interface VariableDeleteResult {
  /** Environment redeploys the change triggered (none at project level, or none listed); final states with `wait: true`. */
  activities: Activity[];
  /** With `wait: true`, activities staged for a later deploy: when not empty, a redeploy is due for the change to apply. */
  staged: Activity[];
  /** The answer's `status` (e.g. `ok`), when it has one. */
  status: string | undefined;
  /** The answer's `code` (e.g. 200), when it has one. */
  code: number | undefined;
}

/** What a create or update returns: also the variable, as the API embedded it, else read back with one GET. */
export interface VariableWriteResult<V extends Variable = Variable> extends VariableDeleteResult {
  variable: V;
}

/** What `upsert` returns: a write result, and whether the variable was created (false: it existed and was updated). */
export interface VariableUpsertResult<V extends Variable = Variable> extends VariableWriteResult<V> {
  created: boolean;
}

/** Options of writes: call options, and whether to wait for the triggered activities. */
export interface VariableWriteOptions extends ActivityWaitOptions {
  /** Wait for the triggered activities (the redeploy); ActivityFailedError if one fails. Default false: return once saved (the CLI's `--no-wait`). */
  wait?: boolean;
}
const WRITE_KEYS = optionKeys<VariableWriteOptions>()([...ACTIVITY_WAIT_KEYS, 'wait']);

type AtEnvironment<T> = T & { environment: string };
type AtProject<T> = T & { environment?: undefined };

/** Project-level (`/projects/{project}/variables`) and environment-level (`.../environments/{environment}/variables`) variables. */
export class VariablesResource {
  /** @internal Built by WebPaasClient: reach it as `paas.variables` / `paas.activities`. */
  constructor(
    private readonly transport: Transport,
    private readonly activities: ActivitiesResource,
  ) {}

  /**
   * Every variable of a project, or of an environment (with the ones it inherits, `inherited: true`).
   * @example const vars = await paas.variables.list({ project: 'abc', environment: 'main' });
   */
  list(target: AtEnvironment<VariableTarget>, options?: CallOptions): Promise<EnvironmentVariable[]>;
  list(target: AtProject<VariableTarget>, options?: CallOptions): Promise<ProjectVariable[]>;
  list(target: VariableTarget, options?: CallOptions): Promise<Variable[]>;
  async list(target: VariableTarget, options?: CallOptions): Promise<Variable[]> {
    const t = parse(VariableTarget, target, 'variables.list target');
    const schema = t.environment === undefined ? ProjectVariables : EnvironmentVariables;
    return this.transport.request('GET', collectionPath(t), { schema }, options);
  }

  /** One variable. Sensitive variables come back without `value`. */
  get(ref: AtEnvironment<VariableRef>, options?: CallOptions): Promise<EnvironmentVariable>;
  get(ref: AtProject<VariableRef>, options?: CallOptions): Promise<ProjectVariable>;
  get(ref: VariableRef, options?: CallOptions): Promise<Variable>;
  async get(ref: VariableRef, options?: CallOptions): Promise<Variable> {
    return this.#read(parse(VariableRef, ref, 'variables.get ref'), options);
  }

  /**
   * Creates a variable (409 ConflictError when it exists; see `upsert`).
   * @example await paas.variables.create({ project: 'abc', environment: 'main', name: 'env:API_KEY', value: 's', sensitive: true });
   */
  create(input: AtEnvironment<VariableCreate>, options?: VariableWriteOptions): Promise<VariableWriteResult<EnvironmentVariable>>;
  create(input: AtProject<VariableCreate>, options?: VariableWriteOptions): Promise<VariableWriteResult<ProjectVariable>>;
  create(input: VariableCreate, options?: VariableWriteOptions): Promise<VariableWriteResult>;
  async create(input: VariableCreate, options: VariableWriteOptions = {}): Promise<VariableWriteResult> {
    const [v, call] = begin(VariableCreate, input, options, 'create');
    return this.#finish(v, await this.#write('POST', collectionPath(v), v, call), options, call);
  }

  /**
   * Changes only the fields given (PATCH); `sensitive: false` on a sensitive variable is refused before it is sent.
   * @example await paas.variables.update({ project: 'abc', name: 'FEATURE_FLAG', value: 'on' });
   */
  update(input: AtEnvironment<VariableUpdate>, options?: VariableWriteOptions): Promise<VariableWriteResult<EnvironmentVariable>>;
  update(input: AtProject<VariableUpdate>, options?: VariableWriteOptions): Promise<VariableWriteResult<ProjectVariable>>;
  update(input: VariableUpdate, options?: VariableWriteOptions): Promise<VariableWriteResult>;
  async update(input: VariableUpdate, options: VariableWriteOptions = {}): Promise<VariableWriteResult> {
    const [v, call] = begin(VariableUpdate, input, options, 'update');
    return this.#finish(v, await this.#patch(v, call), options, call);
  }

  /**
   * Creates the variable, or updates it when it exists (the CLI's `variable:create --update`): POST, on 409 PATCH.
   * @example await paas.variables.upsert({ project: 'abc', environment: 'main', name: 'env:TOKEN', value: t, sensitive: true });
   */
  upsert(input: AtEnvironment<VariableCreate>, options?: VariableWriteOptions): Promise<VariableUpsertResult<EnvironmentVariable>>;
  upsert(input: AtProject<VariableCreate>, options?: VariableWriteOptions): Promise<VariableUpsertResult<ProjectVariable>>;
  upsert(input: VariableCreate, options?: VariableWriteOptions): Promise<VariableUpsertResult>;
  async upsert(input: VariableCreate, options: VariableWriteOptions = {}): Promise<VariableUpsertResult> {
    const [v, call] = begin(VariableCreate, input, options, 'upsert');
    let created = true;
    const response = await this.#write('POST', collectionPath(v), v, call).catch((error: unknown) => {
      if (!(error instanceof ConflictError)) throw error;
      created = false;
      return this.#patch(v, call);
    });
    return { ...(await this.#finish(v, response, options, call)), created };
  }

  /** Deletes a variable. An inherited one cannot be deleted at environment level: delete it where it is defined, or override it. */
  async delete(ref: VariableRef, options: VariableWriteOptions = {}): Promise<VariableDeleteResult> {
    const [r, call] = begin(VariableRef, ref, options, 'delete');
    const res = await this.transport.request('DELETE', itemPath(r), { schema: DeleteResponse }, call);
    return this.#outcome(r.project, res, options, []);
  }

  async #patch(v: VariableOut, call: CallOptions): Promise<WriteResponse> {
    if (v.sensitive === false && (await this.#read(v, call)).is_sensitive) {
      throw new InputValidationError(
        'sensitive',
        `Invalid sensitive: variable ${v.name} is sensitive, and a sensitive variable cannot be made non-sensitive again. Delete and re-create it instead. Nothing was changed.`,
      );
    }
    return this.#write('PATCH', itemPath(v), v, call);
  }

  /** Sends a write; the value is a secret of the call, kept out of any error the API answers with. */
  #write(method: 'POST' | 'PATCH', path: string, v: VariableOut, call: CallOptions): Promise<WriteResponse> {
    const secrets = v.value === undefined ? {} : { secrets: [secret(v.value).reveal()] };
    const spec = { ...secrets, body: toBody(v, method === 'POST'), schema: v.environment === undefined ? ProjectWrite : EnvironmentWrite };
    return this.transport.request(method, path, spec, call);
  }

  async #finish(v: VariableOut, res: WriteResponse, options: VariableWriteOptions, call: CallOptions): Promise<VariableWriteResult> {
    // The value is a secret of the activities it triggers too: their logs may quote it.
    const outcome = await this.#outcome(v.project, res, options, v.value === undefined ? [] : [secret(v.value).reveal()]);
    // The documented answer is `{status, code}` alone: read the variable back rather than return none.
    return { variable: res._embedded?.entity ?? (await this.#read(v, call)), ...outcome };
  }

  #read(ref: { project: string; environment?: string | undefined; name: string }, call?: CallOptions): Promise<Variable> {
    return this.transport.request('GET', itemPath(ref), { schema: ref.environment === undefined ? ProjectVariable : EnvironmentVariable }, call);
  }

  /** The activities a change triggered, scrubbed of what it `sent` (see ACTIVITY_SECRETS) and waited for with `wait`. */
  async #outcome(project: string, res: DeleteAnswer, options: VariableWriteOptions, sent: readonly string[]): Promise<VariableDeleteResult> {
    const { status, code } = res;
    const listed = res._embedded?.activities ?? [];
    const { wait, ...waitOptions } = options;
    if (!wait) return { activities: listed.map((activity) => scrubActivity(this.transport, activity, sent)), staged: [], status, code };
    const done = await this.activities.wait({ project, activities: listed }, { ...waitOptions, [ACTIVITY_SECRETS]: sent } as ActivityWaitOptions);
    return { activities: [...done], staged: done.staged, status, code };
  }
}

type WriteResponse = z.output<typeof ProjectWrite> | z.output<typeof EnvironmentWrite>;
type DeleteAnswer = z.output<typeof DeleteResponse>;
/** A create's or an update's input, parsed (a create's has every field an update's may have). */
type VariableOut = z.output<typeof VariableUpdate>;

/** Checks a write's input, then its options, before anything is sent; returns the parsed input and the per-call options. */
function begin<S extends z.ZodObject>(schema: S, input: unknown, options: VariableWriteOptions, method: string): [z.output<S>, CallOptions] {
  const v = parse(schema, input, `variables.${method} ${method === 'delete' ? 'ref' : 'input'}`);
  strictOptions(options, WRITE_KEYS, `variables.${method} options`);
  checkActivityWait(options);
  const { wait: _wait, waitTimeout: _timeout, pollInterval: _interval, onProgress: _progress, ...call } = options;
  return [v, call];
}

/** Parses caller input, its keys checked first: an option of the second argument (`wait`, `signal`...) is named as such. */
function parse<S extends z.ZodObject>(schema: S, input: unknown, where: string): z.output<S> {
  const misplaced = input && typeof input === 'object' ? WRITE_KEYS.find((key) => Object.hasOwn(input, key)) : undefined;
  if (misplaced !== undefined) {
    throw new InputValidationError(
      misplaced,
      `Invalid ${misplaced}: it goes in the options argument, e.g. create({ project, name, value }, { ${misplaced}: ... }). Nothing was sent.`,
    );
  }
  return parseObject(schema, input, '', where);
}

function collectionPath(t: { project: string; environment?: string | undefined }): string {
  return t.environment === undefined
    ? buildPath('/projects/{project}/variables', { project: t.project })
    : buildPath('/projects/{project}/environments/{environment}/variables', { project: t.project, environment: t.environment });
}

function itemPath(r: { project: string; environment?: string | undefined; name: string }): string {
  return collectionPath(r) + buildPath('/{name}', { name: r.name });
}

const API_NAMES = {
  attributes: 'attributes',
  json: 'is_json',
  sensitive: 'is_sensitive',
  visibleBuild: 'visible_build',
  visibleRuntime: 'visible_runtime',
  applicationScope: 'application_scope',
  enabled: 'is_enabled',
  inheritable: 'is_inheritable',
} as const;

/** The API body: the fields given, under the API's names. */
function toBody(v: VariableOut, withName: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = withName ? { name: v.name } : {};
  if (v.value !== undefined) body.value = secret(v.value).reveal();
  for (const [from, to] of Object.entries(API_NAMES) as Array<[keyof typeof API_NAMES, string]>) {
    if (v[from] !== undefined) body[to] = v[from];
  }
  return body;
}
