// Schema conformance, OVH API v1: the fixtures written from OVHcloud's published descriptions
// (test/fixtures/published/ovh/*.json, by someone who never read src/) must parse with the exported schemas and
// come back unchanged through every resource method: open enums (PATCH rules, quantum roles, values not published
// yet) pass through, nullable fields absent from the answer read as null, unknown fields (`futureField`) are kept.
// The digest of the descriptions (schemas/published/ovh-v1.json) drives the field, enum and nullability checks.
import { readFileSync } from 'node:fs';
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  ACCESS_RULE_METHODS,
  AI_TOKEN_ROLES,
  APPLICATION_STATUSES,
  AUTH_DETAILS_METHODS,
  CREDENTIAL_STATES,
  OAUTH2_FLOWS,
  Secret,
} from '../src/index.js';
import { AiToken, AiTokenSpec, Application, AuthDetails, ConsumerKeyResponse, Credential, OAuth2Client } from '../src/schemas.js';
import { API, mockClient, mockOvh } from './helpers/resource-mocks.js';

// ---------------------------------------------------------------------------------------------------------------
// Fixtures and digest
// ---------------------------------------------------------------------------------------------------------------

type Json = Record<string, any>;

const load = <T = Json[]>(path: string): T => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as T;
const fixture = (model: string): Json[] => load(`./fixtures/published/ovh/${model}.json`);

interface DigestField {
  type: string;
  nullable: boolean;
  required: boolean;
  enum?: string;
  ref?: string;
  array?: boolean;
}
interface Digest {
  models: Record<string, { direction: string; unusedLegacy?: boolean; fields: Record<string, DigestField> }>;
  enums: Record<string, string[]>;
}
const digest = load<Digest>('../schemas/published/ovh-v1.json');

const CREDENTIALS = fixture('auth.ApiCredential');
const APPLICATIONS = fixture('auth.ApiApplication');
const KEY_REQUESTS = fixture('auth.ApiCredentialRequest');
const DETAILS = fixture('auth.Details');
const CLIENTS = fixture('oauth2.client');
const SECRETS = fixture('oauth2.clientSecret');
const TOKENS = fixture('cloud.project.ai.token.Token');

const PROJECT = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const UNKNOWN = 'someValueNotPublishedYet';

const clone = <T>(v: T): T => structuredClone(v);
const nullableFields = (model: string): string[] =>
  Object.entries(digest.models[model]?.fields ?? {})
    .filter(([, f]) => f.nullable)
    .map(([name]) => name);

/** The fixture as the SDK must return it: each nullable (canBeNull) field of the model that is absent reads null. */
function withNulls(model: string, obj: Json): Json {
  const out = clone(obj);
  for (const field of nullableFields(model)) if (!(field in out)) out[field] = null;
  return out;
}

/** The value of `path` in an object (dotted, e.g. `spec.labelSelector`). */
const at = (obj: unknown, path: readonly string[]): unknown => path.reduce<unknown>((o, k) => (o as Json | undefined)?.[k], obj);

/** A parsed AI token with its secret revealed, comparable to the raw fixture. */
function plainToken(token: AiToken): Json {
  const { status, ...rest } = token;
  const { value, ...restStatus } = status;
  return { ...rest, status: { ...restStatus, value: value === null ? null : value.reveal() } };
}

/** The AI token fixture as the SDK must return it: spec.labelSelector and status.value absent → null. */
function expectedToken(obj: Json): Json {
  return {
    ...clone(obj),
    spec: withNulls('cloud.project.ai.token.TokenSpec', obj.spec),
    status: { ...clone(obj.status), value: obj.status.value ?? null },
  };
}

/** Asserts an AI token result carries the fixture's values (status.value a Secret or null, compared as plain text). */
function expectToken(result: AiToken, obj: Json): void {
  expect(result.status.value === null || result.status.value instanceof Secret).toBe(true);
  expect(plainToken(result)).toEqual(expectedToken(obj));
}

/** safeParse with the issues in the failure message, so a failing fixture names its field. */
function parseOk<S extends z.ZodType>(schema: S, value: unknown, label: string): z.output<S> {
  const result = schema.safeParse(value);
  expect(result.success, `${label}: ${result.success ? '' : JSON.stringify(result.error.issues)}`).toBe(true);
  return result.data as z.output<S>;
}

/** Tolerance object of a fixture file: the one with `futureField`. */
function tolerance(list: Json[]): Json {
  const found = list.filter((o) => 'futureField' in o);
  expect(found).toHaveLength(1);
  return found[0] as Json;
}

// ---------------------------------------------------------------------------------------------------------------
// 1. Through the exported schemas
// ---------------------------------------------------------------------------------------------------------------

interface ModelCase {
  model: string;
  file: Json[];
  schema: z.ZodType;
}
const MODELS: ModelCase[] = [
  { model: 'auth.ApiCredential', file: CREDENTIALS, schema: Credential },
  { model: 'auth.ApiApplication', file: APPLICATIONS, schema: Application },
  { model: 'auth.ApiCredentialRequest', file: KEY_REQUESTS, schema: ConsumerKeyResponse },
  { model: 'auth.Details', file: DETAILS, schema: AuthDetails },
  { model: 'oauth2.client', file: CLIENTS, schema: OAuth2Client },
  { model: 'cloud.project.ai.token.Token', file: TOKENS, schema: AiToken },
];

describe('fixtures parse with the exported schemas', () => {
  for (const { model, file, schema } of MODELS) {
    it(`${model}: every fixture object parses and keeps its values`, () => {
      expect(file.length).toBeGreaterThan(0);
      file.forEach((obj, i) => {
        const parsed = parseOk(schema, obj, `${model}[${i}]`);
        if (model === 'cloud.project.ai.token.Token') expectToken(parsed as AiToken, obj);
        else expect(parsed, `${model}[${i}]`).toEqual(withNulls(model, obj));
      });
    });

    it(`${model}: the unknown field futureField is kept at runtime`, () => {
      const obj = tolerance(file);
      const parsed = parseOk(schema, obj, model) as Json;
      expect(parsed).toHaveProperty('futureField');
      expect(parsed.futureField).toEqual(obj.futureField);
    });
  }

  it('auth.ApiCredential: PATCH rules, the support key and every state come back as sent', () => {
    const parsed = CREDENTIALS.map((c) => Credential.parse(c));
    expect(parsed.flatMap((c) => c.rules.map((r) => r.method))).toContain('PATCH');
    expect(parsed.find((c) => c.credentialId === 471538903)?.rules).toContainEqual({ method: 'PATCH', path: '/v2/iam/policy/*' });
    expect(new Set(parsed.map((c) => c.status))).toEqual(new Set(CREDENTIAL_STATES));
    const support = parsed.find((c) => c.credentialId === 265331);
    expect(support).toMatchObject({ applicationId: 1, ovhSupport: true, rules: [], allowedIPs: [], lastUse: '2026-12-01T23:59:59.999999Z' });
    // absent nullable fields read null, present nulls stay null
    expect(parsed.find((c) => c.credentialId === 512004417)).toMatchObject({ allowedIPs: null, expiration: null, lastUse: null });
    expect(parsed.find((c) => c.credentialId === 440912378)).toMatchObject({
      allowedIPs: null,
      lastUse: null,
      expiration: '2024-03-01T00:00:00+00:00',
    });
    expect(parsed.find((c) => c.credentialId === 471538902)).toMatchObject({ allowedIPs: null, expiration: null });
  });

  it('auth.Details: PATCH routes, every method, and absent nullable fields as null', () => {
    const parsed = DETAILS.map((d) => AuthDetails.parse(d));
    expect(parsed[0]?.allowedRoutes?.map((r) => r.method)).toEqual(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
    expect(new Set(parsed.map((d) => d.method))).toEqual(new Set(AUTH_DETAILS_METHODS));
    expect(parsed[1]).toMatchObject({ allowedRoutes: null, roles: [], user: null });
    expect(parsed[3]).toMatchObject({ allowedRoutes: null, description: null, roles: null, user: 'john.doe@example.com' });
    expect(parsed[4]).toMatchObject({ identities: [], description: '', user: null });
  });

  it('oauth2.client: both flows, absent callbackUrls and identity read null', () => {
    const parsed = CLIENTS.map((c) => OAuth2Client.parse(c));
    expect(new Set(parsed.map((c) => c.flow))).toEqual(new Set(OAUTH2_FLOWS));
    expect(parsed.find((c) => c.clientId === 'CA.9e8d7c6b5a4f3e2d')).toMatchObject({ callbackUrls: null, identity: null, description: '' });
    expect(parsed.find((c) => c.clientId === 'a1b2c3d4e5f60718')?.callbackUrls).toEqual([]);
  });

  it('cloud.project.ai.token.Token: quantum roles, labelSelector absent → null, the value wrapped in a Secret', () => {
    const parsed = TOKENS.map((t) => AiToken.parse(t));
    expect(parsed.map((t) => t.spec.role)).toEqual([
      'ai_training_operator',
      'ai_training_read',
      'quantum_operator',
      'quantum_reader',
      'ai_training_operator',
    ]);
    expect(new Set(parsed.map((t) => t.spec.role))).toEqual(new Set(AI_TOKEN_ROLES));
    expect(parsed[2]?.spec.labelSelector).toBeNull();
    expect(parsed[0]?.status.value).toBeInstanceOf(Secret);
    expect(parsed[0]?.status.value?.reveal()).toBe(TOKENS[0]?.status.value);
    expect(parsed[1]?.status.value).toBeNull();
    expect(parsed.map((t) => t.status.version)).toEqual([1, 3, 1, 2, 4]);
    // nested objects are loose too
    expect(AiTokenSpec.parse({ ...TOKENS[0]?.spec, futureField: 1 })).toHaveProperty('futureField', 1);
  });

  it('auth.ApiApplication: every status, an empty description and unicode come back as sent', () => {
    const parsed = APPLICATIONS.map((a) => Application.parse(a));
    expect(new Set(parsed.map((a) => a.status))).toEqual(new Set(APPLICATION_STATUSES));
    expect(parsed.find((a) => a.applicationId === 211402)?.description).toBe('Inventory exporter (été 2026) — ünïcödé description');
    expect(parsed.find((a) => a.applicationId === 95120)?.description).toBe('');
  });
});

describe('the SDK schemas against the digest of the descriptions', () => {
  // Digest model → the SDK schema and where it sits in the parsed answer.
  const DIGEST_SCHEMAS: Array<{ model: string; schema: z.ZodObject; root: z.ZodType; path: string[]; sample: Json }> = [
    { model: 'auth.ApiCredential', schema: Credential, root: Credential, path: [], sample: CREDENTIALS[0] as Json },
    { model: 'auth.ApiApplication', schema: Application, root: Application, path: [], sample: APPLICATIONS[0] as Json },
    { model: 'auth.ApiCredentialRequest', schema: ConsumerKeyResponse, root: ConsumerKeyResponse, path: [], sample: KEY_REQUESTS[0] as Json },
    { model: 'auth.Details', schema: AuthDetails, root: AuthDetails, path: [], sample: DETAILS[0] as Json },
    { model: 'oauth2.client', schema: OAuth2Client, root: OAuth2Client, path: [], sample: CLIENTS[1] as Json },
    { model: 'cloud.project.ai.token.Token', schema: AiToken, root: AiToken, path: [], sample: TOKENS[3] as Json },
    { model: 'cloud.project.ai.token.TokenSpec', schema: AiTokenSpec, root: AiToken, path: ['spec'], sample: TOKENS[3] as Json },
    {
      model: 'cloud.project.ai.token.TokenStatus',
      schema: AiToken.shape.status as unknown as z.ZodObject,
      root: AiToken,
      path: ['status'],
      sample: TOKENS[3] as Json,
    },
  ];

  for (const { model, schema } of DIGEST_SCHEMAS) {
    it(`${model}: every published field is typed by the SDK schema`, () => {
      expect(Object.keys(schema.shape).sort()).toEqual(expect.arrayContaining(Object.keys(digest.models[model]?.fields ?? {}).sort()));
    });
  }

  it('every published value of every response enum is a value the SDK knows', () => {
    expect([...CREDENTIAL_STATES].sort()).toEqual([...(digest.enums['auth.CredentialStateEnum'] ?? [])].sort());
    expect([...ACCESS_RULE_METHODS].sort()).toEqual([...(digest.enums['auth.HTTPMethodEnum'] ?? [])].sort());
    expect([...AUTH_DETAILS_METHODS].sort()).toEqual([...(digest.enums['auth.MethodEnum'] ?? [])].sort());
    expect([...APPLICATION_STATUSES].sort()).toEqual([...(digest.enums['auth.ApplicationStatusEnum'] ?? [])].sort());
    expect([...OAUTH2_FLOWS].sort()).toEqual([...(digest.enums['oauth2.ClientFlowEnum'] ?? [])].sort());
    expect([...AI_TOKEN_ROLES].sort()).toEqual([...(digest.enums['cloud.project.ai.TokenRoleEnum'] ?? [])].sort());
  });

  describe('nullable (canBeNull) fields: null and absent both parse, and read null', () => {
    for (const { model, root, path, sample } of DIGEST_SCHEMAS) {
      for (const field of nullableFields(model)) {
        it(`${model}.${field}`, () => {
          const absent = clone(sample);
          const present = clone(sample);
          delete (at(absent, path) as Json)[field];
          (at(present, path) as Json)[field] = null;
          const fromNull = parseOk(root, present, `${model}.${field}: null`);
          const fromAbsent = parseOk(root, absent, `${model}.${field}: absent`);
          expect(at(fromNull, [...path, field]), `${model}.${field} sent as null`).toBeNull();
          expect(at(fromAbsent, [...path, field]), `${model}.${field} absent from the answer`).toBeNull();
        });
      }
    }
  });

  describe('open enums: a value the API adds later comes back unchanged', () => {
    const cases: Array<[string, z.ZodType, Json, (o: Json) => void, (p: Json) => unknown]> = [
      ['auth.ApiCredential.status', Credential, CREDENTIALS[0] as Json, (o) => (o.status = UNKNOWN), (p) => p.status],
      ['auth.ApiCredential.rules[].method', Credential, CREDENTIALS[0] as Json, (o) => (o.rules[0].method = 'TRACE'), (p) => p.rules[0].method],
      ['auth.ApiCredentialRequest.state', ConsumerKeyResponse, KEY_REQUESTS[0] as Json, (o) => (o.state = UNKNOWN), (p) => p.state],
      ['auth.Details.method', AuthDetails, DETAILS[0] as Json, (o) => (o.method = UNKNOWN), (p) => p.method],
      [
        'auth.Details.allowedRoutes[].method',
        AuthDetails,
        DETAILS[0] as Json,
        (o) => (o.allowedRoutes[3].method = 'TRACE'),
        (p) => p.allowedRoutes[3].method,
      ],
      ['auth.ApiApplication.status', Application, APPLICATIONS[0] as Json, (o) => (o.status = UNKNOWN), (p) => p.status],
      ['oauth2.client.flow', OAuth2Client, CLIENTS[0] as Json, (o) => (o.flow = 'DEVICE_CODE'), (p) => p.flow],
      ['cloud.project.ai.token.TokenSpec.role', AiToken, TOKENS[0] as Json, (o) => (o.spec.role = 'quantum_admin'), (p) => p.spec.role],
    ];
    for (const [name, schema, sample, change, read] of cases) {
      it(name, () => {
        const obj = clone(sample);
        change(obj);
        const parsed = parseOk(schema, obj, name) as Json;
        expect(read(parsed)).toBe(read(obj));
      });
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------
// 2. End to end through the resource methods (msw answers with the fixtures)
// ---------------------------------------------------------------------------------------------------------------

const mock = mockOvh();
const json = (body: unknown, status = 200) => HttpResponse.json(body as Json, { status });
const urls = () => mock.requests.map((r) => `${r.method} ${r.url}`);
const byId = <K extends string>(list: Json[], key: K) => new Map(list.map((o) => [String(o[key]), o]));

describe('ovh.credentials and ovh.auth answer with the auth.ApiCredential fixtures', () => {
  it('credentials.get(id) returns each fixture (nulls for absent nullable fields, futureField kept)', async () => {
    const fixtures = byId(CREDENTIALS, 'credentialId');
    mock.on('GET', '/me/api/credential/:id', ({ params }) => json(fixtures.get(String(params.id))));
    const ovh = mockClient();
    for (const obj of CREDENTIALS) {
      const credential = await ovh.credentials.get(obj.credentialId);
      expect(credential, `credential ${obj.credentialId}`).toEqual(withNulls('auth.ApiCredential', obj));
    }
    expect(urls()).toEqual(CREDENTIALS.map((c) => `GET ${API}/me/api/credential/${c.credentialId}`));
  });

  it('auth.currentCredential() returns each fixture', async () => {
    let next: Json = {};
    mock.on('GET', '/auth/currentCredential', () => json(next));
    const ovh = mockClient();
    for (const obj of CREDENTIALS) {
      next = obj;
      expect(await ovh.auth.currentCredential()).toEqual(withNulls('auth.ApiCredential', obj));
    }
  });

  it('credentials.listDetails() reads the ids, then each one: every fixture, in order, none missing', async () => {
    const fixtures = byId(CREDENTIALS, 'credentialId');
    const ids = CREDENTIALS.map((c) => c.credentialId as number);
    mock.on('GET', '/me/api/credential', () => json(ids));
    mock.on('GET', '/me/api/credential/:id', ({ params }) => json(fixtures.get(String(params.id))));
    const details = await mockClient().credentials.listDetails({}, { concurrency: 3 });
    expect([...details]).toEqual(CREDENTIALS.map((c) => withNulls('auth.ApiCredential', c)));
    expect(details.missing).toEqual([]);
    expect(mock.requests).toHaveLength(1 + ids.length);
    expect(details.find((c) => c.credentialId === 509877120)).toHaveProperty('futureField', { addedBy: 'a later version of the API', level: 2 });
    expect(details.flatMap((c) => c.rules.map((r) => r.method))).toContain('PATCH');
  });

  for (const [label, batch, key] of [
    ['batch: true, string keys', true, (id: number) => String(id)],
    ['batch: 3, numeric keys', 3, (id: number) => id],
  ] as const) {
    it(`credentials.listDetails({}, { ${label} }) reads {key, value} wrappers: every fixture, in order`, async () => {
      const fixtures = byId(CREDENTIALS, 'credentialId');
      const ids = CREDENTIALS.map((c) => c.credentialId as number);
      mock.on('GET', '/me/api/credential', () => json(ids));
      mock.on('GET', '/me/api/credential/:ids', ({ request, params }) => {
        expect(request.headers.get('x-ovh-batch')).toBe(',');
        const asked = String(params.ids).split(',');
        // answered in reverse order: the SDK must match by key
        return json(asked.reverse().map((id) => ({ key: key(Number(id)), value: fixtures.get(id) })));
      });
      const details = await mockClient().credentials.listDetails({}, { batch });
      expect([...details]).toEqual(CREDENTIALS.map((c) => withNulls('auth.ApiCredential', c)));
      expect(details.missing).toEqual([]);
      const batches = mock.requests.slice(1);
      expect(batches).toHaveLength(batch === true ? 1 : Math.ceil(ids.length / batch));
      expect(batches[0]?.url).toBe(`${API}/me/api/credential/${ids.slice(0, batch === true ? 50 : batch).join(',')}`);
    });
  }

  it('auth.details() returns each auth.Details fixture (allowedRoutes with PATCH, absent fields null)', async () => {
    let next: Json = {};
    mock.on('GET', '/auth/details', () => json(next));
    const ovh = mockClient();
    for (const [i, obj] of DETAILS.entries()) {
      next = obj;
      expect(await ovh.auth.details(), `details[${i}]`).toEqual(withNulls('auth.Details', obj));
    }
    expect(urls()).toEqual(DETAILS.map(() => `GET ${API}/auth/details`));
  });

  it('auth.requestConsumerKey() returns each auth.ApiCredentialRequest fixture, the key as a Secret', async () => {
    let next: Json = {};
    mock.on('POST', '/auth/credential', () => json(next));
    const ovh = mockClient();
    for (const [i, obj] of KEY_REQUESTS.entries()) {
      next = obj;
      const pending = await ovh.auth.requestConsumerKey({ accessRules: [{ method: 'PATCH', path: '/v2/iam/*' }], allowedIPs: null });
      expect(pending.consumerKey, `request[${i}]`).toBeInstanceOf(Secret);
      expect(pending.consumerKey.reveal()).toBe(obj.consumerKey);
      expect({ validationUrl: pending.validationUrl, state: pending.state }).toEqual({ validationUrl: obj.validationUrl, state: obj.state });
      expect(JSON.parse(mock.requests.at(-1)?.body ?? '')).toEqual({ accessRules: [{ method: 'PATCH', path: '/v2/iam/*' }], allowedIPs: null });
    }
    expect(new Set(KEY_REQUESTS.map((r) => r.state))).toEqual(new Set(CREDENTIAL_STATES));
  });
});

describe('applications answer with the auth.ApiApplication fixtures', () => {
  it('credentials.getApplication(id) returns each fixture', async () => {
    let next: Json = {};
    mock.on('GET', '/me/api/credential/:id/application', () => json(next));
    const ovh = mockClient();
    for (const obj of APPLICATIONS) {
      next = obj;
      expect(await ovh.credentials.getApplication(471538902)).toEqual(obj);
    }
    expect(urls()).toEqual(APPLICATIONS.map(() => `GET ${API}/me/api/credential/471538902/application`));
  });

  it('applications.get(id) returns each fixture', async () => {
    const fixtures = byId(APPLICATIONS, 'applicationId');
    mock.on('GET', '/me/api/application/:id', ({ params }) => json(fixtures.get(String(params.id))));
    const ovh = mockClient();
    for (const obj of APPLICATIONS) expect(await ovh.applications.get(obj.applicationId)).toEqual(obj);
    expect(urls()).toEqual(APPLICATIONS.map((a) => `GET ${API}/me/api/application/${a.applicationId}`));
  });

  it('applications.listDetails() returns every fixture, in order, none missing', async () => {
    const fixtures = byId(APPLICATIONS, 'applicationId');
    mock.on('GET', '/me/api/application', () => json(APPLICATIONS.map((a) => a.applicationId)));
    mock.on('GET', '/me/api/application/:id', ({ params }) => json(fixtures.get(String(params.id))));
    const details = await mockClient().applications.listDetails();
    expect([...details]).toEqual(APPLICATIONS);
    expect(details.missing).toEqual([]);
    expect(details.find((a) => a.applicationId === 211402)).toHaveProperty('futureField', ['unknown', 'values']);
  });
});

describe('oauth2Clients answer with the oauth2.client and oauth2.clientSecret fixtures', () => {
  it('oauth2Clients.get(clientId) returns each fixture (absent callbackUrls/identity null)', async () => {
    const fixtures = byId(CLIENTS, 'clientId');
    mock.on('GET', '/me/api/oauth2/client/:id', ({ params }) => json(fixtures.get(String(params.id))));
    const ovh = mockClient();
    for (const obj of CLIENTS) expect(await ovh.oauth2Clients.get(obj.clientId)).toEqual(withNulls('oauth2.client', obj));
    expect(urls()).toEqual(CLIENTS.map((c) => `GET ${API}/me/api/oauth2/client/${c.clientId}`));
  });

  it('oauth2Clients.listDetails() returns every fixture, in order, none missing', async () => {
    const fixtures = byId(CLIENTS, 'clientId');
    mock.on('GET', '/me/api/oauth2/client', () => json(CLIENTS.map((c) => c.clientId)));
    mock.on('GET', '/me/api/oauth2/client/:id', ({ params }) => json(fixtures.get(String(params.id))));
    const details = await mockClient().oauth2Clients.listDetails({ concurrency: 2 });
    expect([...details]).toEqual(CLIENTS.map((c) => withNulls('oauth2.client', c)));
    expect(details.missing).toEqual([]);
    expect(details.find((c) => c.clientId === 'EU.77aa88bb99cc00dd')).toHaveProperty('futureField', true);
  });

  it('oauth2Clients.create() returns each oauth2.clientSecret fixture, the secret as a Secret', async () => {
    let next: Json = {};
    mock.on('POST', '/me/api/oauth2/client', () => json(next));
    const ovh = mockClient();
    for (const obj of SECRETS) {
      next = obj;
      const created = await ovh.oauth2Clients.create({ name: 'ci', description: 'CI deployer', flow: 'CLIENT_CREDENTIALS' });
      expect(created.clientId).toBe(obj.clientId);
      expect(created.clientSecret).toBeInstanceOf(Secret);
      expect(created.clientSecret.reveal()).toBe(obj.clientSecret);
    }
    expect(mock.requests.map((r) => JSON.parse(r.body))).toEqual(
      SECRETS.map(() => ({ name: 'ci', description: 'CI deployer', flow: 'CLIENT_CREDENTIALS' })),
    );
  });
});

describe('aiTokens answer with the cloud.project.ai.token.Token fixtures', () => {
  const base = `/cloud/project/${PROJECT}/ai/token`;

  it('aiTokens.list() returns every fixture (quantum roles, labelSelector absent → null, futureField kept)', async () => {
    mock.on('GET', base, () => json(TOKENS));
    const tokens = await mockClient().aiTokens.list(PROJECT);
    expect(tokens).toHaveLength(TOKENS.length);
    for (const [i, t] of tokens.entries()) expectToken(t, TOKENS[i] as Json);
    expect(tokens.map((t) => t.spec.role)).toEqual(expect.arrayContaining(['quantum_operator', 'quantum_reader']));
    expect(tokens.find((t) => t.id === '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b')).toHaveProperty('futureField', { expiresAt: null });
  });

  it('aiTokens.get() returns each fixture', async () => {
    const fixtures = byId(TOKENS, 'id');
    mock.on('GET', `${base}/:id`, ({ params }) => json(fixtures.get(String(params.id))));
    const ovh = mockClient();
    for (const obj of TOKENS) expectToken(await ovh.aiTokens.get(PROJECT, obj.id), obj);
    expect(urls()).toEqual(TOKENS.map((t) => `GET ${API}${base}/${t.id}`));
  });

  it('aiTokens.create() returns each fixture', async () => {
    let next: Json = {};
    mock.on('POST', base, () => json(next));
    const ovh = mockClient();
    for (const obj of TOKENS) {
      next = obj;
      const token = await ovh.aiTokens.create(PROJECT, { name: obj.spec.name, role: obj.spec.role, region: obj.spec.region });
      expectToken(token, obj);
      expect(JSON.parse(mock.requests.at(-1)?.body ?? '')).toEqual({ name: obj.spec.name, region: obj.spec.region, role: obj.spec.role });
    }
  });

  it('aiTokens.renew() returns each fixture', async () => {
    const fixtures = byId(TOKENS, 'id');
    mock.on('POST', `${base}/:id/renew`, ({ params }) => json(fixtures.get(String(params.id))));
    const ovh = mockClient();
    for (const obj of TOKENS) expectToken(await ovh.aiTokens.renew(PROJECT, obj.id), obj);
    expect(urls()).toEqual(TOKENS.map((t) => `POST ${API}${base}/${t.id}/renew`));
  });
});

describe('end to end: enum values the API adds later pass through every method', () => {
  it('credential status and rule method, details method, application status, client flow, token role', async () => {
    const credential: Json = { ...clone(CREDENTIALS[0] as Json), status: UNKNOWN, rules: [{ method: 'TRACE', path: '/*' }] };
    const details: Json = { ...clone(DETAILS[0] as Json), method: UNKNOWN, allowedRoutes: [{ method: 'TRACE', path: '/*' }] };
    const application: Json = { ...clone(APPLICATIONS[0] as Json), status: UNKNOWN };
    const client: Json = { ...clone(CLIENTS[0] as Json), flow: 'DEVICE_CODE' };
    const token: Json = { ...clone(TOKENS[1] as Json), spec: { ...clone(TOKENS[1]?.spec), role: 'quantum_admin' } };
    const request: Json = { ...clone(KEY_REQUESTS[0] as Json), state: UNKNOWN };
    mock.on('GET', '/me/api/credential/:id', () => json(credential));
    mock.on('GET', '/auth/details', () => json(details));
    mock.on('GET', '/me/api/application/:id', () => json(application));
    mock.on('GET', '/me/api/oauth2/client/:id', () => json(client));
    mock.on('GET', `/cloud/project/${PROJECT}/ai/token/:id`, () => json(token));
    mock.on('POST', '/auth/credential', () => json(request));
    const ovh = mockClient();
    expect(await ovh.credentials.get(credential.credentialId)).toMatchObject({ status: UNKNOWN, rules: [{ method: 'TRACE', path: '/*' }] });
    expect(await ovh.auth.details()).toMatchObject({ method: UNKNOWN, allowedRoutes: [{ method: 'TRACE', path: '/*' }] });
    expect((await ovh.applications.get(application.applicationId)).status).toBe(UNKNOWN);
    expect((await ovh.oauth2Clients.get(client.clientId)).flow).toBe('DEVICE_CODE');
    expect((await ovh.aiTokens.get(PROJECT, token.id)).spec.role).toBe('quantum_admin');
    expect((await ovh.auth.requestConsumerKey({ accessRules: [{ method: 'GET', path: '/me' }] })).state).toBe(UNKNOWN);
  });
});
