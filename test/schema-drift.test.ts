// The drift check (npm run check:schemas): green on the vendored descriptions, red on planted drift, and its
// --refresh converters read the descriptions' own formats.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ovhBindings, ovhV2Bindings, webpaasBindings } from '../scripts/schemas/bindings.js';
import { checkDrift, type Binding, type Digest } from '../scripts/schemas/drift.js';
import { digestFromOpenApi, digestFromOvh, type OpenApiDescription, type OvhDescription } from '../scripts/schemas/refresh.js';

const root = join(import.meta.dirname, '..');
const load = (file: string): Digest => JSON.parse(readFileSync(join(root, 'schemas', 'published', `${file}.json`), 'utf8')) as Digest;
const kinds = (digest: Digest, bindings: readonly Binding[]) =>
  checkDrift(digest, bindings)
    .failures.map((f) => `${f.model}.${f.field}:${f.kind}`)
    .sort();

describe('drift check on the vendored descriptions', () => {
  it('finds no drift in OVH v1 (auth, me, cloud), OVH v2 (iam) nor in the Web PaaS spec', () => {
    expect(checkDrift(load('ovh-v1'), ovhBindings).failures).toEqual([]);
    expect(checkDrift(load('ovh-v2'), ovhV2Bindings).failures).toEqual([]);
    expect(checkDrift(load('webpaas'), webpaasBindings).failures).toEqual([]);
  });

  it('checks every model an operation of ours takes or returns', () => {
    const checked = new Set(checkDrift(load('ovh-v1'), ovhBindings).checked.map((c) => c.model));
    const ops = load('ovh-v1').operations as Record<string, { body?: string; response?: string | null }>;
    const used = new Set(
      Object.values(ops)
        .flatMap((o) => [o.body, o.response])
        .filter((m): m is string => typeof m === 'string'),
    );
    for (const model of used) expect(checked, model).toContain(model);
  });
});

describe('planted drift is caught', () => {
  it('in the OVH description: a new enum value, a field turned nullable, a new field, a value removed', () => {
    const ovh = load('ovh-v1');
    ovh.enums['auth.HTTPMethodEnum']!.push('HEAD');
    const credential = ovh.models['auth.ApiCredential']!;
    credential.fields['creation'] = { ...credential.fields['creation']!, nullable: true, required: false };
    credential.fields['expiresSoon'] = { type: 'boolean', nullable: false, required: true };
    ovh.enums['cloud.project.ai.TokenRoleEnum'] = ovh.enums['cloud.project.ai.TokenRoleEnum']!.filter((r) => r !== 'quantum_reader');
    expect(kinds(ovh, ovhBindings)).toEqual([
      'auth.AccessRule.method:enum-missing',
      'auth.AccessRuleRequest.method:enum-missing',
      'auth.AccessRuleRequest.method:enum-missing',
      'auth.ApiCredential.creation:nullable',
      'auth.ApiCredential.creation:optional',
      'auth.ApiCredential.expiresSoon:missing-field',
      'cloud.project.ai.token.TokenSpec.role:enum-extra',
      'cloud.project.ai.token.TokenSpec.role:enum-extra',
    ]);
  });

  it('in OVH v2 IAM, GET /me and the Web PaaS Error model: what the SDK reads or sends changing', () => {
    const v2 = load('ovh-v2');
    v2.enums['iam.policy.Condition.OperatorEnum']!.push('XOR');
    v2.models['iam.policy.Creation']!.fields['tags'] = { type: 'map', nullable: false, required: true };
    v2.models['iam.policy.Response']!.fields['owner']!.nullable = true;
    v2.models['iam.policy.SingleResource']!.fields['type']!.type = 'integer';
    expect(kinds(v2, ovhV2Bindings)).toEqual([
      'iam.policy.Condition.operator:enum-missing',
      'iam.policy.Creation.tags:missing-field',
      'iam.policy.Response.owner:nullable',
      'iam.policy.SingleResource.type:type',
    ]);
    const v1 = load('ovh-v1');
    v1.models['nichandle.Nichandle']!.fields['nichandle']!.nullable = true;
    expect(kinds(v1, ovhBindings)).toEqual(['nichandle.Nichandle.nichandle:nullable']);
    const paas = load('webpaas');
    paas.models['Error']!.fields['code'] = { type: 'integer', nullable: false, required: true };
    expect(kinds(paas, webpaasBindings)).toEqual(['Error.code:missing-field']);
  });

  it('in the Web PaaS spec: a new activity state and a changed type; a field made stricter is not drift (we stay liberal)', () => {
    const paas = load('webpaas');
    paas.enums['Activity.state']!.push('queued');
    paas.models['ProjectVariable']!.fields['updated_at']!.nullable = false;
    paas.models['EnvironmentVariable']!.fields['is_enabled']!.type = 'string';
    expect(kinds(paas, webpaasBindings)).toEqual(['Activity.state:enum-missing', 'EnvironmentVariable.is_enabled:type']);
  });

  it('in our schemas: a closed response enum, a nullable field that refuses null, an input that sends an unknown value', () => {
    const ovh = load('ovh-v1');
    const closed: Binding = {
      ...ovhBindings.find((b) => b.model === 'auth.AccessRule')!,
      schema: z.object({ method: z.enum(['DELETE', 'GET', 'PATCH', 'POST', 'PUT']), path: z.string() }),
    };
    const notNull: Binding = {
      ...ovhBindings.find((b) => b.model === 'auth.Details')!,
      schema: z.looseObject({
        account: z.string(),
        allowedRoutes: z.array(z.unknown()).nullable(),
        description: z.string(),
        identities: z.array(z.string()),
        method: z.string(),
        roles: z.array(z.string()).nullable(),
        user: z.string().nullable(),
      }),
      sample: { account: 'a', allowedRoutes: null, description: 'd', identities: [], method: 'account', roles: null, user: null },
    };
    const sendsHead: Binding = {
      ...ovhBindings.find((b) => b.model === 'auth.AccessRuleRequest')!,
      schema: z.object({ method: z.enum(['DELETE', 'GET', 'HEAD', 'PATCH', 'POST', 'PUT']), path: z.string() }),
    };
    expect(kinds(ovh, [closed, notNull, sendsHead])).toEqual([
      'auth.AccessRule.method:enum-closed',
      'auth.AccessRuleRequest.method:enum-extra',
      // OVH v1 cannot tell null from absent: a nullable field must accept both.
      'auth.Details.allowedRoutes:optional',
      'auth.Details.description:nullable',
      'auth.Details.description:optional',
      'auth.Details.roles:optional',
      'auth.Details.user:optional',
    ]);
  });

  it('npm run check:schemas exits 1 with a readable report on a planted drift, 0 on the vendored copies', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'drift-'));
    const ovh = load('ovh-v1');
    ovh.enums['auth.CredentialStateEnum']!.push('suspended');
    writeFileSync(join(dir, 'ovh-v1.json'), JSON.stringify(ovh));
    writeFileSync(join(dir, 'ovh-v2.json'), JSON.stringify(load('ovh-v2')));
    writeFileSync(join(dir, 'webpaas.json'), JSON.stringify(load('webpaas')));
    const tsx = join(root, 'node_modules', '.bin', 'tsx');
    const run = promisify(execFile);
    const bad = await run(tsx, ['scripts/check-schemas.ts', '--dir', dir], { cwd: root }).then(
      () => ({ code: 0, stdout: '' }),
      (e: { code: number; stdout: string }) => e,
    );
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('✗ auth.ApiCredential ↔ Credential');
    expect(bad.stdout).toContain('status [enum-missing]: Credential.status does not list "suspended"');
    expect(bad.stdout).toContain('Fix the schema (src/)');
    const good = await run(tsx, ['scripts/check-schemas.ts'], { cwd: root });
    expect(good.stdout).toContain('No schema drift: 17 models checked against ovh-v1.json');
    expect(good.stdout).toContain('No schema drift: 7 models checked against ovh-v2.json');
    expect(good.stdout).toContain('No schema drift: 8 models checked against webpaas.json');
  });
});

describe('--refresh reads the descriptions in their own formats', () => {
  it("OVH v1: models with canBeNull, typed arrays, enums as models; the vendored digest's models come back the same", () => {
    const previous = load('ovh-v1');
    // An OVH-format description written back from the digest: what /1.0/auth.json and friends look like.
    const back: Record<string, unknown> = {};
    const ovhType: Record<string, string> = { integer: 'long', boolean: 'boolean', datetime: 'datetime', map: 'map[string]string' };
    for (const [name, model] of Object.entries(previous.models)) {
      const properties: Record<string, unknown> = {};
      for (const [field, f] of Object.entries(model.fields)) {
        const base = f.enum ?? f.ref ?? (f.type === 'string' ? (f.format ?? 'string') : (ovhType[f.type] ?? f.type));
        properties[field] = {
          type: f.array ? `${base}[]` : base,
          canBeNull: f.nullable,
          readOnly: true,
          ...(model.direction === 'input' ? { required: f.required } : {}),
        };
      }
      back[name] = { id: name.split('.').pop(), namespace: name.split('.').slice(0, -1).join('.'), properties };
    }
    for (const [name, values] of Object.entries(previous.enums)) back[name] = { enumType: 'string', enum: values };
    const half = Object.entries(back);
    const split: OvhDescription[] = [
      { models: Object.fromEntries(half.slice(0, 5)) as never },
      { models: Object.fromEntries(half.slice(5)) as never },
    ];
    const next = digestFromOvh(previous, split);
    for (const [name, model] of Object.entries(previous.models)) {
      for (const [field, f] of Object.entries(model.fields)) {
        const got = next.models[name]!.fields[field]!;
        expect(
          { type: got.type, nullable: got.nullable, required: got.required, enum: got.enum, ref: got.ref, array: got.array ?? false },
          `${name}.${field}`,
        ).toEqual({
          type: f.type,
          nullable: f.nullable,
          required: f.required,
          enum: f.enum,
          ref: f.ref,
          array: f.array ?? false,
        });
      }
    }
    expect(next.enums['auth.HTTPMethodEnum']).toEqual(['DELETE', 'GET', 'PATCH', 'POST', 'PUT']);
  });

  it('OpenAPI 3: required lists, nullable, date-time, inline enums, maps, $ref items', () => {
    const previous = load('webpaas');
    const spec: OpenApiDescription = {
      components: {
        schemas: {
          Activity: {
            type: 'object',
            required: ['id', 'state'],
            properties: {
              id: { type: 'string' },
              state: { type: 'string', enum: ['pending', 'staged', 'complete'] },
              completed_at: { type: 'string', format: 'date-time', nullable: true },
              timings: { type: 'object', additionalProperties: { type: 'number' } },
              commands: { type: 'array', items: { $ref: '#/components/schemas/ActivityCommand' } },
            },
          },
          ProjectVariable: {
            type: 'object',
            required: ['name'],
            properties: { name: { type: 'string' }, attributes: { type: 'object', additionalProperties: { type: 'string' } } },
          },
        },
      },
    };
    const next = digestFromOpenApi(previous, spec);
    expect(next.models['Activity']!.fields).toEqual({
      id: { type: 'string', nullable: false, required: true },
      state: { type: 'string', enum: 'Activity.state', nullable: false, required: true },
      completed_at: { type: 'datetime', nullable: true, required: false },
      timings: { type: 'object', nullable: false, required: false },
      commands: { type: 'object', ref: 'ActivityCommand', array: true, nullable: false, required: false },
    });
    expect(next.enums['Activity.state']).toEqual(['complete', 'pending', 'staged']);
    expect(next.models['ProjectVariable']!.fields['attributes']).toEqual({ type: 'map', nullable: false, required: false });
    // A model the spec does not have (the client-only EmbeddedWrite note) is kept as it was.
    expect(next.models['EmbeddedWrite']).toEqual(previous.models['EmbeddedWrite']);
  });

  it('OVH v2 (OpenAPI 3 from OVH): answers required unless nullable, enum models through allOf, nullable $refs', () => {
    const previous = load('ovh-v2');
    const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
    const spec: OpenApiDescription = {
      components: {
        schemas: {
          'iam.policy.Condition.OperatorEnum': { type: 'string', enum: ['OR', 'AND', 'NOT', 'MATCH'] },
          'iam.policy.Condition': {
            type: 'object',
            properties: {
              conditions: { type: 'array', nullable: true, items: ref('iam.policy.Condition') },
              operator: { allOf: [ref('iam.policy.Condition.OperatorEnum')] },
              values: { type: 'object', nullable: true, additionalProperties: { type: 'string' } },
            },
          },
          'iam.policy.Creation': {
            type: 'object',
            required: ['name'],
            properties: { name: { type: 'string' }, conditions: { allOf: [ref('iam.policy.Condition')], nullable: true } },
          },
        },
      },
    };
    const next = digestFromOpenApi(previous, spec, true);
    expect(next.models['iam.policy.Condition']!.fields).toEqual({
      conditions: { type: 'object', ref: 'iam.policy.Condition', array: true, nullable: true, required: false },
      operator: { type: 'string', enum: 'iam.policy.Condition.OperatorEnum', nullable: false, required: true },
      values: { type: 'map', nullable: true, required: false },
    });
    expect(next.enums['iam.policy.Condition.OperatorEnum']).toEqual(['AND', 'MATCH', 'NOT', 'OR']);
    expect(next.models['iam.policy.Creation']!.fields).toEqual({
      name: { type: 'string', nullable: false, required: true },
      conditions: { type: 'object', ref: 'iam.policy.Condition', nullable: true, required: false },
    });
    // The vendored digest is what the converter makes of OVH's description: its Condition matches this one.
    expect(previous.models['iam.policy.Condition']!.fields).toEqual(next.models['iam.policy.Condition']!.fields);
  });
});
