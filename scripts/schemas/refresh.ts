// Turns the APIs' own published descriptions into our digest format (schemas/published/*.json), for the models the
// digest already lists, so that `npm run check:schemas -- --refresh` can re-download them and compare again.
import type { Digest, DigestField, DigestModel } from './drift.js';

/** Where each digest's descriptions are published. */
export const SOURCES = {
  'ovh-v1': ['https://eu.api.ovh.com/1.0/auth.json', 'https://eu.api.ovh.com/1.0/me.json', 'https://eu.api.ovh.com/1.0/cloud.json'],
  webpaas: ['https://raw.githubusercontent.com/upsun/upsun-sdk-node/main/schema/openapispec-upsun.json'],
  // OVH serves its v2 descriptions as OpenAPI 3 too (the copy vendored by OVH's own ovhcloud-cli is this format).
  'ovh-v2': ['https://eu.api.ovh.com/v2/iam.json?format=openapi3'],
} as const;

interface OvhProperty {
  type: string;
  canBeNull?: boolean;
  required?: boolean;
  readOnly?: boolean;
}
interface OvhModel {
  enum?: string[];
  properties?: Record<string, OvhProperty>;
}
/** An OVH v1 API description (`/1.0/<api>.json`): only the part read here. */
export interface OvhDescription {
  models?: Record<string, OvhModel>;
}

const OVH_TYPES: Record<string, Pick<DigestField, 'type' | 'format'>> = {
  string: { type: 'string' },
  text: { type: 'string' },
  password: { type: 'string', format: 'password' },
  uuid: { type: 'string', format: 'uuid' },
  ipBlock: { type: 'string', format: 'ipBlock' },
  ip: { type: 'string', format: 'ip' },
  long: { type: 'integer' },
  int: { type: 'integer' },
  double: { type: 'number' },
  float: { type: 'number' },
  boolean: { type: 'boolean' },
  datetime: { type: 'datetime' },
  date: { type: 'datetime' },
  'map[string]string': { type: 'map' },
};

/** Rebuilds the digest's models and enums from OVH's descriptions (several merged); other keys are kept. */
export function digestFromOvh(previous: Digest, descriptions: readonly OvhDescription[]): Digest {
  const models: Record<string, OvhModel> = Object.assign({}, ...descriptions.map((d) => d.models ?? {}));
  const next: Digest = { ...previous, models: {}, enums: {} };
  const wantEnum = (name: string): void => {
    const values = models[name]?.enum;
    if (values) next.enums[name] = [...values].sort();
  };
  for (const [name, old] of Object.entries(previous.models)) {
    const model = models[name];
    if (!model?.properties) continue;
    const input = old.direction === 'input';
    const fields: Record<string, DigestField> = {};
    for (const [field, prop] of Object.entries(model.properties)) {
      const array = prop.type.endsWith('[]');
      const base = array ? prop.type.slice(0, -2) : prop.type;
      const nullable = prop.canBeNull === true;
      const out: DigestField = { type: 'unknown', nullable, required: input ? prop.required === true : !nullable };
      if (models[base]?.enum) {
        Object.assign(out, { type: 'string', enum: base });
        wantEnum(base);
      } else if (models[base]) Object.assign(out, { type: 'object', ref: base });
      else Object.assign(out, OVH_TYPES[base] ?? { type: 'unknown', format: base });
      if (array) out.array = true;
      fields[field] = out;
    }
    next.models[name] = { ...old, fields } satisfies DigestModel;
  }
  // Enums the previous digest named stay listed even when no kept model refers to them any more.
  for (const name of Object.keys(previous.enums)) wantEnum(name);
  return next;
}

interface OpenApiSchema {
  allOf?: OpenApiSchema[];
  type?: string | string[];
  format?: string;
  nullable?: boolean;
  enum?: unknown[];
  items?: OpenApiSchema;
  $ref?: string;
  properties?: Record<string, OpenApiSchema>;
  required?: string[];
  additionalProperties?: boolean | OpenApiSchema;
}
/** An OpenAPI 3 description: only the part read here. */
export interface OpenApiDescription {
  components?: { schemas?: Record<string, OpenApiSchema> };
}

/**
 * Rebuilds the digest's models and enums from an OpenAPI description; models it lacks (client-only notes) are kept.
 * `ovh`: OVH's own descriptions, which list no `required` on answers: there, as in v1, an answer's field is required
 * unless nullable, and an enum is a model of its own (`{ allOf: [{ $ref }] }`), named as the description names it.
 */
export function digestFromOpenApi(previous: Digest, spec: OpenApiDescription, ovh = false): Digest {
  const schemas = spec.components?.schemas ?? {};
  const next: Digest = { ...previous, models: { ...previous.models }, enums: { ...previous.enums } };
  for (const [name, old] of Object.entries(previous.models)) {
    const schema = schemas[name];
    if (!schema?.properties) continue;
    const required = new Set(schema.required ?? []);
    const fields: Record<string, DigestField> = {};
    for (const [field, prop] of Object.entries(schema.properties)) {
      // `{ allOf: [{ $ref }], nullable }` is how OVH's descriptions give a field a model and still make it nullable.
      const raw = prop.allOf?.length === 1 ? { ...prop.allOf[0], ...prop } : prop;
      const array = raw.type === 'array' || (Array.isArray(raw.type) && raw.type.includes('array'));
      const item = array ? (raw.items ?? {}) : raw;
      const types = Array.isArray(item.type) ? item.type : [item.type];
      const nullable = raw.nullable === true || (Array.isArray(raw.type) && raw.type.includes('null'));
      const output = old.direction === 'output';
      const out: DigestField = { type: 'unknown', nullable, required: ovh && output ? !nullable : required.has(field) };
      const ref = item.$ref?.split('/').pop() ?? '';
      const refEnum = schemas[ref]?.enum;
      if (ovh && refEnum) {
        Object.assign(out, { type: 'string', enum: ref });
        next.enums[ref] = refEnum.filter((v): v is string => typeof v === 'string').sort();
      } else if (item.$ref) Object.assign(out, { type: 'object', ref });
      else if (types.includes('string') && item.format === 'date-time') out.type = 'datetime';
      else if (types.includes('string')) out.type = 'string';
      else if (types.includes('integer')) out.type = 'integer';
      else if (types.includes('number')) out.type = 'number';
      else if (types.includes('boolean')) out.type = 'boolean';
      else if (types.includes('object')) {
        const extra = item.additionalProperties;
        out.type = typeof extra === 'object' && extra.type === 'string' ? 'map' : 'object';
      }
      if (item.enum) {
        const enumName = `${name}.${field}`;
        out.enum = enumName;
        next.enums[enumName] = item.enum.filter((v): v is string => typeof v === 'string').sort();
      }
      if (array) out.array = true;
      fields[field] = out;
    }
    next.models[name] = { ...old, fields };
  }
  return next;
}
