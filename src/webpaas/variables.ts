// Web PaaS project- and environment-level variables. Options come in camelCase; objects come back as the API
// names them (snake_case). The level is chosen by whether `environment` is given.
import { z } from 'zod';
import type { KnownFields } from '../core/tolerant.js';
import { ConflictError, InputValidationError } from '../core/errors.js';
import { buildPath } from '../core/path.js';
import { Secret } from '../core/redact.js';
import type { CallOptions, Transport } from '../core/transport.js';
import { parseInput } from '../core/validate.js';
import { IsoDateTime } from '../core/schema-kit.js';
import { Activity, ProjectId, type ActivitiesResource, type ActivityList, type ActivityWaitOptions } from './activities.js';

// PHP-backed APIs may send an empty map as `[]`.
const Attributes = z.preprocess((v) => (Array.isArray(v) && v.length === 0 ? {} : v), z.record(z.string(), z.string()));

/** A project-level variable. `value` is absent when `is_sensitive`. Unknown fields (e.g. `_links`) pass through. */
export const ProjectVariable = z.looseObject({
  id: z.string(),
  name: z.string(),
  value: z.string().optional(),
  attributes: Attributes,
  is_json: z.boolean(),
  is_sensitive: z.boolean(),
  visible_build: z.boolean(),
  visible_runtime: z.boolean(),
  /** Required by the spec, but missing on older API versions. */
  application_scope: z.array(z.string()).optional(),
  /** Nullable in the spec. */
  created_at: IsoDateTime.nullable(),
  updated_at: IsoDateTime.nullable(),
});
/** A project-level variable. */
export type ProjectVariable = KnownFields<z.infer<typeof ProjectVariable>>;

/** An environment-level variable: a project variable's fields plus where it lives and whether it is inherited. */
export const EnvironmentVariable = z.looseObject({
  ...ProjectVariable.shape,
  project: z.string(),
  environment: z.string(),
  /** True when it comes from the project or a parent environment rather than being set on this environment. */
  inherited: z.boolean(),
  is_enabled: z.boolean(),
  is_inheritable: z.boolean(),
});
/** An environment-level variable. */
export type EnvironmentVariable = KnownFields<z.infer<typeof EnvironmentVariable>>;

/** A variable at either level. */
export type Variable = ProjectVariable | EnvironmentVariable;

/** An environment id: the branch name (`main`, `feature/x`). */
export const EnvironmentId = z
  .string({ message: 'must be an environment id (the branch name, a string)' })
  .refine((v) => v.trim() !== '', { message: 'must be a non-empty environment id (the branch name)' });

/**
 * A variable name as the CLI checks it: not empty, ≤ 256 characters, no spaces. Nothing more: the CLI applies no
 * pattern to `env:` names, so neither do we (the API is the judge).
 */
export const VariableName = z
  .string({ message: 'must be a string' })
  .min(1, { message: 'must not be empty' })
  .max(256, { message: 'must be at most 256 characters' })
  .refine((v) => !/\s/.test(v), { message: 'must not contain spaces' });

const NameRef = z.string({ message: 'must be a string' }).min(1, { message: 'must not be empty' });
const Value = z.union([z.string(), z.instanceof(Secret)], { message: 'must be a string (or a Secret)' });

const target = { project: ProjectId, environment: EnvironmentId.optional() };
const fields = {
  /** Hide the value from reads (write-only). Cannot be undone. */
  sensitive: z.boolean().optional(),
  /** The value is JSON (it must parse). */
  json: z.boolean().optional(),
  visibleBuild: z.boolean().optional(),
  visibleRuntime: z.boolean().optional(),
  /** Environment level only. */
  inheritable: z.boolean().optional(),
  /** Environment level only. */
  enabled: z.boolean().optional(),
  applicationScope: z.array(z.string().min(1)).optional(),
  attributes: z.record(z.string(), z.string()).optional(),
};

type Checked = {
  environment?: string | undefined;
  inheritable?: boolean | undefined;
  enabled?: boolean | undefined;
  json?: boolean | undefined;
  value?: string | Secret | undefined;
};

function levelAndJson(input: Checked, ctx: z.RefinementCtx): void {
  if (input.environment === undefined) {
    for (const field of ['inheritable', 'enabled'] as const) {
      if (input[field] !== undefined) {
        ctx.addIssue({ code: 'custom', path: [field], message: `is only available at environment level (pass environment)` });
      }
    }
  }
  if (input.json === true && input.value !== undefined) {
    try {
      JSON.parse(reveal(input.value));
    } catch {
      // Never quote the value or the parser's message (it embeds a slice of the value).
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'must be valid JSON when json is true (it does not parse)' });
    }
  }
}

/** Options of `create` and `upsert`. */
export const VariableCreate = z.strictObject({ ...target, name: VariableName, value: Value, ...fields }).superRefine(levelAndJson);
/** Options of `create` and `upsert`: `{ project, environment?, name, value, sensitive?, json?, ... }`. */
export type VariableCreate = z.input<typeof VariableCreate>;

/** Options of `update`: the variable, then only the fields to change. */
export const VariableUpdate = z
  .strictObject({ ...target, name: NameRef, value: Value.optional(), ...fields })
  .superRefine(levelAndJson)
  .superRefine((input, ctx) => {
    const { project: _p, environment: _e, name: _n, ...changes } = input;
    if (Object.values(changes).every((v) => v === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['changes'], message: 'update needs at least one field to change (value, sensitive, json, ...)' });
    }
  });
/** Options of `update`. */
export type VariableUpdate = z.input<typeof VariableUpdate>;

/** Which variable: `{ project, environment?, name }`. */
export const VariableRef = z.strictObject({ ...target, name: NameRef });
/** Which variable. */
export type VariableRef = z.input<typeof VariableRef>;

/** Which level: `{ project, environment? }`. */
export const VariableTarget = z.strictObject(target);
/** Which level. */
export type VariableTarget = z.input<typeof VariableTarget>;

// Writes are documented as AcceptedResponse `{status, code}`; real answers may add `_embedded.entity` (the variable)
// and `_embedded.activities`, both optional (as the CLI's own client reads them). Every shape is accepted.
const Envelope = z.looseObject({ status: z.string(), code: z.number().int() });
const ActivityArray = z.array(Activity).optional();
const ProjectWrite = Envelope.extend({ _embedded: z.looseObject({ entity: ProjectVariable.optional(), activities: ActivityArray }).optional() });
const EnvironmentWrite = Envelope.extend({
  _embedded: z.looseObject({ entity: EnvironmentVariable.optional(), activities: ActivityArray }).optional(),
});
const DeleteResponse = Envelope.extend({ _embedded: z.looseObject({ activities: ActivityArray }).optional() });
const ProjectVariables = z.array(ProjectVariable);
const EnvironmentVariables = z.array(EnvironmentVariable);

/**
 * What a create or update returns: the variable, the activities it triggered, and the API's status and code.
 * The variable is the one the API embedded in its answer; when the answer carries none (the documented
 * `{status, code}` shape), it is read back with one GET.
 */
export interface VariableWriteResult<V extends Variable = Variable> {
  variable: V;
  /**
   * Environment redeploys triggered by the change (none at project level, or none listed in the answer). Final
   * states when `wait: true`.
   */
  activities: Activity[];
  /**
   * Activities staged for a later deploy (with `wait: true`): when not empty, the change takes effect only with
   * the next deploy of the environment, so a redeploy is due. Empty without `wait`.
   */
  staged: Activity[];
  status: string;
  code: number;
}

/** What `upsert` returns: a write result, and whether the variable was created (false: it existed and was updated). */
export interface VariableUpsertResult<V extends Variable = Variable> extends VariableWriteResult<V> {
  created: boolean;
}

/** What `delete` returns. */
export interface VariableDeleteResult {
  activities: Activity[];
  /** Activities staged for a later deploy (with `wait: true`); see `VariableWriteResult.staged`. */
  staged: Activity[];
  status: string;
  code: number;
}

/** Options of writes: call options, and whether to wait for the triggered activities. */
export interface VariableWriteOptions extends ActivityWaitOptions {
  /**
   * Wait until every triggered activity (the environment redeploy) completes; throws ActivityFailedError when one
   * fails. Default false: return as soon as the change is saved (the CLI's `--no-wait`, right for cron jobs).
   */
  wait?: boolean;
}

type AtEnvironment<T> = T & { environment: string };
type AtProject<T> = T & { environment?: undefined };
const WAIT_KEYS = ['wait', 'waitTimeout', 'pollInterval', 'onProgress', 'signal', 'timeout'] as const;

/**
 * Project-level (`/projects/{project}/variables`) and environment-level
 * (`/projects/{project}/environments/{environment}/variables`) variables.
 */
export class VariablesResource {
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
  async list(target: VariableTarget, options: CallOptions = {}): Promise<Variable[]> {
    const t = parse(VariableTarget, TARGET_KEYS, target);
    return this.transport.request('GET', collectionPath(t), {
      ...callOf(options),
      schema: t.environment === undefined ? ProjectVariables : EnvironmentVariables,
    });
  }

  /** One variable. Sensitive variables come back without `value`. */
  get(ref: AtEnvironment<VariableRef>, options?: CallOptions): Promise<EnvironmentVariable>;
  get(ref: AtProject<VariableRef>, options?: CallOptions): Promise<ProjectVariable>;
  get(ref: VariableRef, options?: CallOptions): Promise<Variable>;
  async get(ref: VariableRef, options: CallOptions = {}): Promise<Variable> {
    const r = parse(VariableRef, REF_KEYS, ref);
    return this.transport.request('GET', itemPath(r), { ...callOf(options), schema: entitySchema(r) });
  }

  /**
   * Creates a variable (409 ConflictError when it exists; see `upsert`).
   * @example
   * await paas.variables.create({ project: 'abc', environment: 'main', name: 'env:API_KEY', value: 's', sensitive: true });
   */
  create(input: AtEnvironment<VariableCreate>, options?: VariableWriteOptions): Promise<VariableWriteResult<EnvironmentVariable>>;
  create(input: AtProject<VariableCreate>, options?: VariableWriteOptions): Promise<VariableWriteResult<ProjectVariable>>;
  create(input: VariableCreate, options?: VariableWriteOptions): Promise<VariableWriteResult>;
  async create(input: VariableCreate, options: VariableWriteOptions = {}): Promise<VariableWriteResult> {
    const v = parseCreate(input);
    return this.#finish(v, await this.#post(v, options), options);
  }

  /**
   * Changes only the fields given (PATCH). A sensitive variable cannot be made non-sensitive: `sensitive: false`
   * on one is refused before the PATCH is sent.
   * @example await paas.variables.update({ project: 'abc', name: 'FEATURE_FLAG', value: 'on' });
   */
  update(input: AtEnvironment<VariableUpdate>, options?: VariableWriteOptions): Promise<VariableWriteResult<EnvironmentVariable>>;
  update(input: AtProject<VariableUpdate>, options?: VariableWriteOptions): Promise<VariableWriteResult<ProjectVariable>>;
  update(input: VariableUpdate, options?: VariableWriteOptions): Promise<VariableWriteResult>;
  async update(input: VariableUpdate, options: VariableWriteOptions = {}): Promise<VariableWriteResult> {
    const v = parse(VariableUpdate, WRITE_KEYS, input);
    return this.#finish(v, await this.#patch(v, options), options);
  }

  /**
   * Creates the variable, or updates it when it exists (the CLI's `variable:create --update`): POST, and on 409
   * PATCH with the same fields.
   * @example await paas.variables.upsert({ project: 'abc', environment: 'main', name: 'env:TOKEN', value: t, sensitive: true });
   */
  upsert(input: AtEnvironment<VariableCreate>, options?: VariableWriteOptions): Promise<VariableUpsertResult<EnvironmentVariable>>;
  upsert(input: AtProject<VariableCreate>, options?: VariableWriteOptions): Promise<VariableUpsertResult<ProjectVariable>>;
  upsert(input: VariableCreate, options?: VariableWriteOptions): Promise<VariableUpsertResult>;
  async upsert(input: VariableCreate, options: VariableWriteOptions = {}): Promise<VariableUpsertResult> {
    const v = parseCreate(input);
    let created = true;
    let response: WriteResponse;
    try {
      response = await this.#post(v, options);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      created = false;
      response = await this.#patch(v, options);
    }
    return { ...(await this.#finish(v, response, options)), created };
  }

  /**
   * Deletes a variable. Inherited variables cannot be deleted at environment level: delete them where they are
   * defined (the project or the parent environment), or override them.
   */
  async delete(ref: VariableRef, options: VariableWriteOptions = {}): Promise<VariableDeleteResult> {
    const r = parse(VariableRef, REF_KEYS, ref);
    const res = await this.transport.request('DELETE', itemPath(r), { ...callOf(options), schema: DeleteResponse });
    const activities = await this.#wait(r.project, res._embedded?.activities ?? [], options);
    return { activities: [...activities], staged: activities.staged, status: res.status, code: res.code };
  }

  #post(v: z.output<typeof VariableCreate>, options: VariableWriteOptions): Promise<WriteResponse> {
    return this.transport.request('POST', collectionPath(v), {
      ...callOf(options),
      ...sentValue(v),
      body: toBody(v, true),
      schema: v.environment === undefined ? ProjectWrite : EnvironmentWrite,
    });
  }

  async #patch(v: z.output<typeof VariableUpdate>, options: VariableWriteOptions): Promise<WriteResponse> {
    if (v.sensitive === false) {
      const current = await this.transport.request('GET', itemPath(v), { ...callOf(options), schema: entitySchema(v) });
      if (current.is_sensitive) {
        throw new InputValidationError(
          'sensitive',
          `Invalid sensitive: variable ${v.name} is sensitive, and a sensitive variable cannot be made non-sensitive again. Delete and re-create it instead. Nothing was changed.`,
        );
      }
    }
    return this.transport.request('PATCH', itemPath(v), {
      ...callOf(options),
      ...sentValue(v),
      body: toBody(v, false),
      schema: v.environment === undefined ? ProjectWrite : EnvironmentWrite,
    });
  }

  async #finish(ref: VariableRefOut, res: WriteResponse, options: VariableWriteOptions): Promise<VariableWriteResult> {
    const activities = await this.#wait(ref.project, res._embedded?.activities ?? [], options);
    // The documented answer is `{status, code}` alone: read the variable back rather than return none.
    const variable = res._embedded?.entity ?? (await this.transport.request('GET', itemPath(ref), { ...callOf(options), schema: entitySchema(ref) }));
    return { variable, activities: [...activities], staged: activities.staged, status: res.status, code: res.code };
  }

  async #wait(project: string, activities: Activity[], options: VariableWriteOptions): Promise<ActivityList> {
    if (!options.wait) return Object.assign([...activities], { staged: [] });
    const { wait: _wait, ...waitOptions } = options;
    return this.activities.wait({ project, activities }, waitOptions);
  }
}

type WriteResponse = z.output<typeof ProjectWrite> | z.output<typeof EnvironmentWrite>;
type VariableRefOut = { project: string; environment?: string | undefined; name: string };

function parseCreate(input: VariableCreate): z.output<typeof VariableCreate> {
  return parse(VariableCreate, WRITE_KEYS, input);
}

/**
 * Names an unknown option as the field at fault (zod's strict objects report it at the root): `wait`, `signal`...
 * belong in the options argument; anything else is most likely a typo.
 */
function checkKeys(input: unknown, allowed: readonly string[]): void {
  if (!input || typeof input !== 'object') return;
  const misplaced = WAIT_KEYS.find((key) => Object.hasOwn(input, key));
  if (misplaced !== undefined) {
    throw new InputValidationError(
      misplaced,
      `Invalid ${misplaced}: it goes in the options argument, e.g. create({ project, name, value }, { ${misplaced}: ... }). Nothing was sent.`,
    );
  }
  const unknown = Object.keys(input).find((key) => !allowed.includes(key));
  if (unknown !== undefined) {
    throw new InputValidationError(unknown, `Invalid ${unknown}: unknown option; expected ${allowed.join(', ')}. Nothing was sent.`);
  }
}

/** Parses caller input after checking its keys. */
function parse<S extends z.ZodType>(schema: S, keys: readonly string[], input: unknown): z.output<S> {
  checkKeys(input, keys);
  return parseInput(schema, input, '');
}

const TARGET_KEYS = Object.keys(target);
const REF_KEYS = [...TARGET_KEYS, 'name'];
const WRITE_KEYS = [...REF_KEYS, 'value', ...Object.keys(fields)];

function collectionPath(t: { project: string; environment?: string | undefined }): string {
  return t.environment === undefined
    ? buildPath('/projects/{project}/variables', { project: t.project })
    : buildPath('/projects/{project}/environments/{environment}/variables', { project: t.project, environment: t.environment });
}

function itemPath(r: { project: string; environment?: string | undefined; name: string }): string {
  return collectionPath(r) + buildPath('/{name}', { name: r.name });
}

function entitySchema(r: { environment?: string | undefined }): typeof ProjectVariable | typeof EnvironmentVariable {
  return r.environment === undefined ? ProjectVariable : EnvironmentVariable;
}

function reveal(value: string | Secret): string {
  return typeof value === 'string' ? value : value.reveal();
}

/** The API body: camelCase options to the API's snake_case fields, only those given. */
function toBody(v: z.output<typeof VariableUpdate>, withName: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (withName) body.name = v.name;
  if (v.value !== undefined) body.value = reveal(v.value);
  const map = {
    attributes: 'attributes',
    json: 'is_json',
    sensitive: 'is_sensitive',
    visibleBuild: 'visible_build',
    visibleRuntime: 'visible_runtime',
    applicationScope: 'application_scope',
    enabled: 'is_enabled',
    inheritable: 'is_inheritable',
  } as const;
  for (const [from, to] of Object.entries(map) as Array<[keyof typeof map, string]>) {
    if (v[from] !== undefined) body[to] = v[from];
  }
  return body;
}

function callOf(options: CallOptions): CallOptions {
  const { signal, timeout, totalTimeout, retry, headers } = options;
  return {
    ...(signal ? { signal } : {}),
    ...(timeout !== undefined ? { timeout } : {}),
    ...(totalTimeout !== undefined ? { totalTimeout } : {}),
    ...(retry !== undefined ? { retry } : {}),
    ...(headers ? { headers } : {}),
  };
}

/** The value a write sends, as a secret of the call: the transport keeps it out of any error the API answers with. */
function sentValue(v: { value?: string | Secret | undefined }): { secrets?: string[] } {
  return v.value === undefined ? {} : { secrets: [reveal(v.value)] };
}
