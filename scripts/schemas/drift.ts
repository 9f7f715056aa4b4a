// The drift check: compares our zod schemas with digests of the APIs' published descriptions
// (schemas/published/*.json) and reports, field by field, where they differ. It probes each schema by parsing
// (a sample with one field changed), so it judges what the schema does, not how it is written.
//
// The rule it applies is the SDK's: strict in what we send, liberal in what we accept.
// - A response schema must accept every value the description allows: each enum value, null where a field is
//   nullable, absence where it is optional, the field's type; its known enum values must match the description's.
//   Accepting more (a field the description requires, read as optional) is liberal, and only noted.
// - An input schema must require what the description requires, accept null and absence where it allows them,
//   and send no field or enum value the description does not have.
// Every other difference is drift, unless the binding lists it as an intended deviation, with the reason.
import type { z } from 'zod';
import { knownValues } from '../../src/core/tolerant.js';

/** One field of a published model, as the digest records it. */
export interface DigestField {
  type: string;
  nullable: boolean;
  required: boolean;
  enum?: string;
  ref?: string;
  array?: boolean;
  format?: string;
}

/** A published model. */
export interface DigestModel {
  direction?: string;
  description?: string;
  fields: Record<string, DigestField>;
}

/** A digest of a published API description (schemas/published/*.json). */
export interface Digest {
  source: { name: string; urls: string[]; retrieved?: string };
  models: Record<string, DigestModel>;
  enums: Record<string, string[]>;
  [key: string]: unknown;
}

/** How one of our schemas maps to a published model. */
export interface Binding {
  /** The published model's name. */
  model: string;
  /** Our schema, and its name in reports. */
  schema: z.ZodType;
  name: string;
  /** `output`: a response schema; `input`: what a caller passes (checked against the body sent). */
  direction: 'input' | 'output';
  /** A value our schema accepts, the base of every probe. */
  sample: Record<string, unknown>;
  /** Published field → our field, where the names differ (inputs take camelCase options); `null`: never sent. */
  rename?: Record<string, string | null>;
  /** Only these published fields apply (e.g. the writable ones of a PUT body). */
  only?: readonly string[];
  /** Our fields that are not body fields (path parameters), with why. */
  notInBody?: Record<string, string>;
  /** Extra input enum values per our field that are aliases mapped before sending, with why. */
  aliases?: Record<string, { values: readonly string[]; why: string }>;
  /** Deviations kept on purpose: `<published field>:<kind>` → why. */
  intended?: Record<string, string>;
}

/** What kind of difference a finding is. */
export type FindingKind =
  | 'missing-field'
  | 'extra-field'
  | 'nullable'
  | 'optional'
  | 'required'
  | 'type'
  | 'enum-missing'
  | 'enum-extra'
  | 'enum-closed'
  | 'liberal';

/** One difference between a published model and our schema. */
export interface Finding {
  model: string;
  schema: string;
  field: string;
  kind: FindingKind;
  message: string;
  /** Set when the binding lists it as intended, or when it is only liberal. */
  accepted?: string;
}

/** The outcome: drift (failures) and notes (liberal or intended deviations). */
export interface DriftReport {
  failures: Finding[];
  notes: Finding[];
  checked: Array<{ model: string; schema: string; fields: number }>;
}

const UNKNOWN_ENUM_VALUE = 'DRIFT_CHECK_UNKNOWN_VALUE';

/** Compares every binding with its published model. */
export function checkDrift(digest: Digest, bindings: readonly Binding[]): DriftReport {
  const report: DriftReport = { failures: [], notes: [], checked: [] };
  for (const binding of bindings) {
    const model = digest.models[binding.model];
    if (!model) {
      report.failures.push(finding(binding, '(model)', 'missing-field', `the published description has no model ${binding.model} any more`));
      continue;
    }
    const found = compareModel(digest, model, binding);
    for (const f of found) (f.accepted ? report.notes : report.failures).push(f);
    report.checked.push({ model: binding.model, schema: binding.name, fields: Object.keys(model.fields).length });
  }
  return report;
}

function compareModel(digest: Digest, model: DigestModel, b: Binding): Finding[] {
  const out: Finding[] = [];
  const add = (field: string, kind: FindingKind, message: string, liberal = false): void => {
    const intended = b.intended?.[`${field}:${kind}`];
    out.push({
      ...finding(b, field, kind, message),
      ...(intended ? { accepted: intended } : liberal ? { accepted: 'liberal: accepts more than the description requires' } : {}),
    });
  };
  const ours = shapeKeys(b.schema);
  const published = Object.entries(model.fields).filter(([name]) => !b.only || b.only.includes(name));
  const mapped = new Set<string>();

  if (!accepts(b.schema, b.sample)) {
    out.push(finding(b, '(sample)', 'type', `the binding's sample does not parse with ${b.name}: fix the sample in scripts/schemas/bindings.ts`));
    return out;
  }

  for (const [name, field] of published) {
    const renamed = b.rename?.[name];
    if (renamed === null) continue;
    const key = renamed ?? name;
    if (!ours.has(key)) {
      add(name, 'missing-field', `${b.name} has no field ${key} (the description has ${name}: ${describe(field)})`);
      continue;
    }
    mapped.add(key);
    const withValue = (value: unknown) => ({ ...b.sample, [key]: value });
    const without = () => {
      const copy = { ...b.sample };
      delete copy[key];
      return copy;
    };

    // Nullability and optionality.
    const takesNull = accepts(b.schema, withValue(null));
    const takesAbsent = accepts(b.schema, without());
    if (field.nullable && !takesNull) add(name, 'nullable', `${b.name}.${key} refuses null, which the description allows`);
    if (!field.required && !takesAbsent) add(name, 'optional', `${b.name}.${key} is required, but the description makes it optional`);
    if (field.required && takesAbsent) {
      if (b.direction === 'input')
        add(name, 'required', `${b.name}.${key} is optional, but the API requires ${name}: a call without it would be refused`);
      else add(name, 'liberal', `${b.name}.${key} may be absent, though the description requires it`, true);
    }

    // Type, by a value of the published type (or the sample's own, where it already has one of that type).
    const probe = typedValue(field, b.sample[key]);
    if (probe !== undefined && !accepts(b.schema, withValue(probe.value))) {
      add(name, 'type', `${b.name}.${key} refuses ${probe.label}, the description's type (${describe(field)})`);
    }
    if (b.direction === 'output' && field.type === 'datetime' && !field.array) {
      for (const date of ['2020-03-28T08:07:14+01:00', '2023-03-21T15:40:05.213Z']) {
        if (!accepts(b.schema, withValue(date))) add(name, 'type', `${b.name}.${key} refuses the date-time ${date}`);
      }
    }

    // Enums.
    if (field.enum) {
      const values = digest.enums[field.enum] ?? [];
      const element = (v: string): unknown => (field.array ? [v] : v);
      for (const v of values) {
        if (!accepts(b.schema, withValue(element(v)))) add(name, 'enum-missing', `${b.name}.${key} refuses "${v}", a value of ${field.enum}`);
      }
      const known = enumValues(fieldSchema(b.schema, key));
      const aliases = b.aliases?.[key]?.values ?? [];
      if (known) {
        const missing = values.filter((v) => !known.includes(v));
        const extra = known.filter((v) => !values.includes(v) && !aliases.includes(v));
        if (missing.length)
          add(
            name,
            'enum-missing',
            `${b.name}.${key} does not list ${missing.map((v) => `"${v}"`).join(', ')} (${field.enum} has ${values.join(', ')})`,
          );
        if (extra.length) {
          add(
            name,
            'enum-extra',
            b.direction === 'input'
              ? `${b.name}.${key} would send ${extra.map((v) => `"${v}"`).join(', ')}, which ${field.enum} does not list`
              : `${b.name}.${key} lists ${extra.map((v) => `"${v}"`).join(', ')}, which ${field.enum} no longer has`,
          );
        }
      }
      if (b.direction === 'output' && !accepts(b.schema, withValue(element(UNKNOWN_ENUM_VALUE)))) {
        add(name, 'enum-closed', `${b.name}.${key} refuses a value ${field.enum} may gain later: response enums must be open`);
      }
    }
  }

  for (const key of ours) {
    if (mapped.has(key) || b.notInBody?.[key] !== undefined) continue;
    const renamedFrom = Object.entries(b.rename ?? {}).find(([, to]) => to === key)?.[0];
    if (renamedFrom && b.only && !b.only.includes(renamedFrom)) {
      add(renamedFrom, 'extra-field', `${b.name}.${key} is sent, but ${renamedFrom} is not writable here`);
      continue;
    }
    add(renamedFrom ?? key, 'extra-field', `${b.name}.${key} is not in the published ${b.model}`);
  }
  return out;
}

function finding(b: Binding, field: string, kind: FindingKind, message: string): Finding {
  return { model: b.model, schema: b.name, field, kind, message };
}

function accepts(schema: z.ZodType, value: unknown): boolean {
  return schema.safeParse(value).success;
}

function describe(field: DigestField): string {
  const base = field.enum ? `enum ${field.enum}` : field.ref ? field.ref : field.type;
  return `${field.array ? `${base}[]` : base}${field.nullable ? ', nullable' : ''}${field.required ? ', required' : ', optional'}`;
}

/** A value of the field's published type: the sample's own when it already has that type, else a made one. */
function typedValue(field: DigestField, current: unknown): { value: unknown; label: string } | undefined {
  const one = (v: unknown): boolean => {
    switch (field.type) {
      case 'string':
      case 'datetime':
        return typeof v === 'string';
      case 'integer':
        return Number.isInteger(v);
      case 'number':
        return typeof v === 'number';
      case 'boolean':
        return typeof v === 'boolean';
      case 'map':
      case 'object':
        return typeof v === 'object' && v !== null && !Array.isArray(v);
      default:
        return true;
    }
  };
  if (current !== undefined && current !== null) {
    const ok = field.array ? Array.isArray(current) && current.every(one) : one(current);
    return ok ? undefined : { value: made(field), label: `a ${field.type}${field.array ? ' array' : ''}` };
  }
  const value = made(field);
  return value === undefined ? undefined : { value, label: `a ${field.type}${field.array ? ' array' : ''}` };
}

function made(field: DigestField): unknown {
  const single = ((): unknown => {
    if (field.format === 'ipBlock') return '192.0.2.0/24';
    switch (field.type) {
      case 'string':
        return field.enum ? undefined : 'drift-check';
      case 'datetime':
        return '2020-03-28T08:07:14+01:00';
      case 'integer':
        return 42;
      case 'number':
        return 1.5;
      case 'boolean':
        return true;
      case 'map':
        return { key: 'value' };
      default:
        return undefined;
    }
  })();
  if (single === undefined) return undefined;
  return field.array ? [single] : single;
}

interface Def {
  type?: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  entries?: Record<string, string>;
  /** A lazy schema's (recursive models: IAM conditions). */
  getter?: () => z.ZodType;
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { def: Def }).def;
}

/** The object schema under wrappers (optional, nullable, default, pipes, refinements). */
function objectOf(schema: z.ZodType): Def | undefined {
  let s: z.ZodType | undefined = schema;
  for (let i = 0; s && i < 20; i++) {
    const def = defOf(s);
    if (def.type === 'object') return def;
    s = def.innerType ?? def.in ?? def.getter?.();
  }
  return undefined;
}

function shapeKeys(schema: z.ZodType): Set<string> {
  return new Set(Object.keys(objectOf(schema)?.shape ?? {}));
}

function fieldSchema(schema: z.ZodType, key: string): z.ZodType | undefined {
  return objectOf(schema)?.shape?.[key];
}

/** Known values of an enum field: an open enum's list, or a closed enum's options (through wrappers and arrays). */
function enumValues(schema: z.ZodType | undefined): readonly string[] | undefined {
  let s = schema;
  for (let i = 0; s && i < 20; i++) {
    const known = knownValues(s);
    if (known) return known;
    const def = defOf(s);
    if (def.type === 'enum' && def.entries) return Object.values(def.entries);
    s = def.innerType ?? def.in ?? def.element;
  }
  return undefined;
}

/** The report as text: every failure, then the notes, then what was checked. */
export function formatReport(report: DriftReport, sources: readonly string[]): string {
  const lines: string[] = [];
  const byModel = (list: Finding[]): Map<string, Finding[]> => {
    const map = new Map<string, Finding[]>();
    for (const f of list) map.set(`${f.model} ↔ ${f.schema}`, [...(map.get(`${f.model} ↔ ${f.schema}`) ?? []), f]);
    return map;
  };
  if (report.failures.length) {
    lines.push(`Schema drift: ${report.failures.length} difference(s) between our schemas and the published descriptions.`, '');
    for (const [pair, list] of byModel(report.failures)) {
      lines.push(`✗ ${pair}`);
      for (const f of list) lines.push(`    ${f.field} [${f.kind}]: ${f.message}`);
    }
    lines.push(
      '',
      'Fix the schema (src/), or, when a deviation is on purpose, list it with its reason under `intended` in scripts/schemas/bindings.ts.',
    );
  } else {
    lines.push(`No schema drift: ${report.checked.length} models checked against ${sources.join(', ')}.`);
  }
  if (report.notes.length) {
    lines.push('', `Accepted deviations (${report.notes.length}):`);
    for (const f of report.notes) lines.push(`  · ${f.model}.${f.field} ↔ ${f.schema} [${f.kind}]: ${f.accepted}`);
  }
  return lines.join('\n');
}
