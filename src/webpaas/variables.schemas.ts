// The zod schemas of Web PaaS variables (what the API answers, what a call takes), beside their types.
import { z } from 'zod';
import { Secret } from '../core/redact.js';
import { IsoDateTime, type KnownFields } from '../core/tolerant.js';
import { Activity, ProjectId } from './activities.schemas.js';

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

/** A variable name as the CLI checks it: not empty, ≤ 256 characters, no spaces; no pattern (the API is the judge). */
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

const Update = z.strictObject({ ...target, name: NameRef, value: Value.optional(), ...fields });

// What both VariableCreate and VariableUpdate check: environment-only fields, and a JSON value that parses.
function levelAndJson(input: z.output<typeof Update>, ctx: z.RefinementCtx): void {
  for (const field of ['inheritable', 'enabled'] as const) {
    if (input.environment === undefined && input[field] !== undefined) {
      ctx.addIssue({ code: 'custom', path: [field], message: `is only available at environment level (pass environment)` });
    }
  }
  if (input.json === true && input.value !== undefined) {
    try {
      JSON.parse(typeof input.value === 'string' ? input.value : input.value.reveal());
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
export const VariableUpdate = Update.superRefine(levelAndJson).superRefine((input, ctx) => {
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
// and `_embedded.activities`, both optional (as the CLI's own client reads them). Every shape is accepted, and, as
// that client does, an empty body (a 204) reads as `{}` and `status`/`code` may be missing: the write was done.
const Envelope = z.looseObject({ status: z.string().optional(), code: z.number().int().optional() });
const ActivityArray = z.array(Activity).optional();
const answered = <S extends z.ZodType>(schema: S) => z.preprocess((v) => v ?? {}, schema);
const written = <V extends z.ZodType>(entity: V) =>
  answered(Envelope.extend({ _embedded: z.looseObject({ entity: entity.optional(), activities: ActivityArray }).optional() }));
/** The answer of a project-level create or update. */
export const ProjectWrite = written(ProjectVariable);
/** The answer of an environment-level create or update. */
export const EnvironmentWrite = written(EnvironmentVariable);
/** The answer of a delete. */
export const DeleteResponse = answered(Envelope.extend({ _embedded: z.looseObject({ activities: ActivityArray }).optional() }));
/** A project's variables. */
export const ProjectVariables = z.array(ProjectVariable);
/** An environment's variables, inherited ones included. */
export const EnvironmentVariables = z.array(EnvironmentVariable);
