/**
 * The simulator's in-memory state: the account, its applications, consumer keys (credentials), OAuth2 clients
 * with their issued access tokens, and AI tokens. Plain data in maps so later resources can extend it. Times
 * are epoch milliseconds on the server clock; they are formatted only when rendered.
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { AccessRule } from './access-rules.js';
import { formatV1Date, formatV2Date } from './dates.js';
import type { IamRegion, SimIamPolicy } from './iam.js';

/** Status of an API application. */
export type ApplicationStatus = 'active' | 'blocked' | 'inactive' | 'trusted';

/** Status of a consumer key. */
export type CredentialStatus = 'pendingValidation' | 'validated' | 'refused' | 'expired';

/** Flow of an OAuth2 client (service account). */
export type OAuth2Flow = 'AUTHORIZATION_CODE' | 'CLIENT_CREDENTIALS';

/** The account the simulator serves (`GET /me`). */
export interface SimAccount {
  nichandle: string;
  email: string;
  firstname: string;
  name: string;
  country: string;
  currency: { code: string; symbol: string };
  state: string;
  ovhSubsidiary: string;
  language: string;
  legalform: string;
  organisation: string;
  customerCode: string;
}

/** An API application (AK/AS pair). */
export interface SimApplication {
  applicationId: number;
  applicationKey: string;
  applicationSecret: string;
  name: string;
  description: string;
  status: ApplicationStatus;
}

/** A consumer key and what OVH knows about it. */
export interface SimCredential {
  credentialId: number;
  applicationId: number;
  consumerKey: string;
  rules: AccessRule[];
  status: CredentialStatus;
  /** Epoch ms. */
  creation: number;
  /** Epoch ms, or `null` for no expiry. */
  expiration: number | null;
  /** Epoch ms of the last successful signed call. */
  lastUse: number | null;
  ovhSupport: false;
  allowedIPs: string[] | null;
  redirection: string | null;
  /** The `credentialToken` of the validation URL. */
  validationToken: string;
  /** The account the key is linked to once validated. */
  account: string | null;
}

/** An OAuth2 client (service account). */
export interface SimOAuth2Client {
  clientId: string;
  clientSecret: string;
  name: string;
  description: string;
  flow: OAuth2Flow;
  callbackUrls: string[];
  /** Epoch ms. */
  createdAt: number;
  /** e.g. `urn:v1:eu:identity:credential:xx1111-ovh/oauth2-<clientId>`. */
  identity: string;
}

/** An access token issued by `POST /auth/oauth2/token`. */
export interface SimAccessToken {
  token: string;
  clientId: string;
  scope: string;
  /** Epoch ms on the server clock. */
  expiresAt: number;
}

/** Role of an AI Training app token. */
export type AiTokenRole = 'ai_training_operator' | 'ai_training_read' | 'quantum_operator' | 'quantum_reader';

/** A Public Cloud project (`/cloud/project/{serviceName}`). */
export interface SimProject {
  /** 32 hexadecimal characters. */
  serviceName: string;
  description: string;
}

/** An AI Training app token of a project. */
export interface SimAiToken {
  id: string;
  serviceName: string;
  name: string;
  region: string;
  role: AiTokenRole;
  labelSelector: string | null;
  /** The bearer secret. */
  value: string;
  version: number;
  /** Epoch ms. */
  createdAt: number;
  /** Epoch ms. */
  updatedAt: number;
}

/** Everything the simulator stores. */
export interface SimulatorState {
  account: SimAccount;
  applications: Map<number, SimApplication>;
  credentials: Map<number, SimCredential>;
  oauth2Clients: Map<string, SimOAuth2Client>;
  /** Issued OAuth2 access tokens, by token value. */
  accessTokens: Map<string, SimAccessToken>;
  /** Public Cloud projects, by serviceName. */
  projects: Map<string, SimProject>;
  /** AI Training tokens, by id. */
  aiTokens: Map<string, SimAiToken>;
  /** IAM policies (`/v2/iam/policy`), by id, oldest first. */
  policies: Map<string, SimIamPolicy>;
  /** The region IAM URNs name (`urn:v1:<region>:…`): identities of service accounts, resources. */
  region: IamRegion;
  /** Next integer ids. */
  ids: { application: number; credential: number };
}

/** The nic handle of the simulated account. */
export const ACCOUNT_NIC = 'xx1111-ovh';

/** The simulated account's `GET /me` fields. */
export function defaultAccount(): SimAccount {
  return {
    nichandle: ACCOUNT_NIC,
    email: 'john.doe@example.com',
    firstname: 'John',
    name: 'Doe',
    country: 'FR',
    currency: { code: 'EUR', symbol: 'EURO' },
    state: 'complete',
    ovhSubsidiary: 'FR',
    language: 'fr_FR',
    legalform: 'individual',
    organisation: '',
    customerCode: '1234-5678-90',
  };
}

/** A fresh, empty state. */
export function createState(): SimulatorState {
  return {
    account: defaultAccount(),
    applications: new Map(),
    credentials: new Map(),
    oauth2Clients: new Map(),
    accessTokens: new Map(),
    projects: new Map(),
    aiTokens: new Map(),
    policies: new Map(),
    region: 'eu',
    ids: { application: 100_001, credential: 300_000_001 },
  };
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A random string over `alphabet` (alphanumeric by default), from a CSPRNG. */
export function randomString(length: number, alphabet: string = ALPHANUMERIC): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** Adds an application with fresh keys (AK: 16 chars, AS: 32 chars). */
export function addApplication(
  state: SimulatorState,
  input: { name?: string; description?: string; status?: ApplicationStatus } = {},
): SimApplication {
  const applicationId = state.ids.application++;
  const application: SimApplication = {
    applicationId,
    applicationKey: randomString(16),
    applicationSecret: randomString(32),
    name: input.name ?? `app-${applicationId}`,
    description: input.description ?? '',
    status: input.status ?? 'active',
  };
  state.applications.set(applicationId, application);
  return application;
}

/** Adds a consumer key (32 chars) for an application. A validated key is linked to the account. */
export function addCredential(
  state: SimulatorState,
  input: {
    applicationId: number;
    rules: AccessRule[];
    now: number;
    status?: CredentialStatus;
    expiration?: number | null;
    allowedIPs?: string[] | null;
    redirection?: string | null;
  },
): SimCredential {
  const status = input.status ?? 'validated';
  const credential: SimCredential = {
    credentialId: state.ids.credential++,
    applicationId: input.applicationId,
    consumerKey: randomString(32),
    rules: input.rules.map((rule) => ({ ...rule })),
    status,
    creation: input.now,
    expiration: input.expiration ?? null,
    lastUse: null,
    ovhSupport: false,
    allowedIPs: input.allowedIPs ? [...input.allowedIPs] : null,
    redirection: input.redirection ?? null,
    validationToken: randomString(48),
    account: status === 'pendingValidation' ? null : state.account.nichandle,
  };
  state.credentials.set(credential.credentialId, credential);
  return credential;
}

/** Adds an OAuth2 client; its id looks like `EU.0123456789abcdef`. */
export function addOAuth2Client(
  state: SimulatorState,
  input: { now: number; name?: string; description?: string; flow?: OAuth2Flow; callbackUrls?: string[] },
): SimOAuth2Client {
  const clientId = `EU.${randomString(16, '0123456789abcdef')}`;
  const client: SimOAuth2Client = {
    clientId,
    clientSecret: randomString(32),
    name: input.name ?? clientId,
    description: input.description ?? '',
    flow: input.flow ?? 'CLIENT_CREDENTIALS',
    callbackUrls: [...(input.callbackUrls ?? [])],
    createdAt: input.now,
    identity: `urn:v1:${state.region}:identity:credential:${state.account.nichandle}/oauth2-${clientId}`,
  };
  state.oauth2Clients.set(clientId, client);
  return client;
}

/** The application owning an application key, if any. */
export function findApplicationByKey(state: SimulatorState, applicationKey: string): SimApplication | undefined {
  for (const application of state.applications.values()) {
    if (application.applicationKey === applicationKey) return application;
  }
  return undefined;
}

// consumer key → credential id, per state. Tests may edit `state.credentials` directly, so a hit is checked
// against the map and a miss falls back to a scan that rebuilds the index: lookups stay O(1) with 10 000 keys.
const consumerKeyIndex = new WeakMap<SimulatorState, Map<string, number>>();

/** The credential of a consumer key, if any. */
export function findCredentialByConsumerKey(state: SimulatorState, consumerKey: string): SimCredential | undefined {
  let index = consumerKeyIndex.get(state);
  const id = index?.get(consumerKey);
  if (id !== undefined) {
    const hit = state.credentials.get(id);
    if (hit?.consumerKey === consumerKey) return hit;
  }
  index = new Map();
  let found: SimCredential | undefined;
  for (const credential of state.credentials.values()) {
    index.set(credential.consumerKey, credential.credentialId);
    if (credential.consumerKey === consumerKey) found = credential;
  }
  consumerKeyIndex.set(state, index);
  return found;
}

/** The credential a validation URL's `credentialToken` points to, if any. */
export function findCredentialByValidationToken(state: SimulatorState, token: string): SimCredential | undefined {
  for (const credential of state.credentials.values()) {
    if (credential.validationToken === token) return credential;
  }
  return undefined;
}

/** The status as the API reports it at `now`: a passed expiration date reads as `expired`. */
export function effectiveStatus(credential: SimCredential, now: number): CredentialStatus {
  if (credential.expiration !== null && credential.expiration <= now) return 'expired';
  return credential.status;
}

/**
 * The account owner's answer to a pending consumer key (the validation page, or `validateConsumerKey()` /
 * `refuseConsumerKey()`): granted, it becomes validated and linked to the account; refused, it is refused.
 */
export function answerCredentialValidation(state: SimulatorState, credential: SimCredential, grant: boolean): void {
  if (grant) {
    credential.status = 'validated';
    credential.account = state.account.nichandle;
  } else {
    credential.status = 'refused';
  }
}

/** A credential as `GET /auth/currentCredential` and `GET /me/api/credential/{id}` return it. */
export interface CredentialView {
  credentialId: number;
  applicationId: number;
  creation: string;
  expiration: string | null;
  lastUse: string | null;
  ovhSupport: boolean;
  rules: AccessRule[];
  status: CredentialStatus;
  allowedIPs: string[] | null;
}

/** Renders a credential the way the v1 API does. */
export function credentialView(credential: SimCredential, now: number): CredentialView {
  return {
    allowedIPs: credential.allowedIPs ? [...credential.allowedIPs] : null,
    applicationId: credential.applicationId,
    creation: formatV1Date(credential.creation),
    credentialId: credential.credentialId,
    expiration: credential.expiration === null ? null : formatV1Date(credential.expiration),
    lastUse: credential.lastUse === null ? null : formatV1Date(credential.lastUse),
    ovhSupport: credential.ovhSupport,
    rules: credential.rules.map((rule) => ({ ...rule })),
    status: effectiveStatus(credential, now),
  };
}

/** The rules the seeded consumer key gets: every method on every path. */
export const FULL_ACCESS_RULES: readonly AccessRule[] = Object.freeze(
  (['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const).map((method) => Object.freeze({ method, path: '/*' })),
);

/** The AI Training roles. */
export const AI_TOKEN_ROLES: readonly AiTokenRole[] = ['ai_training_operator', 'ai_training_read', 'quantum_operator', 'quantum_reader'];

/** Regions where the simulator offers AI Training. */
export const AI_REGIONS: readonly string[] = ['GRA', 'BHS'];

/** Adds a Public Cloud project (a random 32-hex id unless one is given). */
export function addProject(state: SimulatorState, input: { serviceName?: string; description?: string } = {}): SimProject {
  const serviceName = input.serviceName ?? randomString(32, '0123456789abcdef');
  const project: SimProject = { serviceName, description: input.description ?? `project-${serviceName.slice(0, 8)}` };
  state.projects.set(serviceName, project);
  return project;
}

/** Adds an AI token to a project, with a fresh secret at version 1. */
export function addAiToken(
  state: SimulatorState,
  input: { serviceName: string; name: string; role: AiTokenRole; region?: string; labelSelector?: string | null; now: number },
): SimAiToken {
  const token: SimAiToken = {
    id: randomUUID(),
    serviceName: input.serviceName,
    name: input.name,
    region: input.region ?? 'GRA',
    role: input.role,
    labelSelector: input.labelSelector ?? null,
    value: randomString(64),
    version: 1,
    createdAt: input.now,
    updatedAt: input.now,
  };
  state.aiTokens.set(token.id, token);
  return token;
}

/** An application as `GET /me/api/application/{id}` returns it (never the secret). */
export function applicationView(application: SimApplication): Record<string, unknown> {
  return {
    applicationId: application.applicationId,
    applicationKey: application.applicationKey,
    description: application.description,
    name: application.name,
    status: application.status,
  };
}

/** An OAuth2 client as `GET /me/api/oauth2/client/{clientId}` returns it (never the secret). */
export function oauth2ClientView(client: SimOAuth2Client): Record<string, unknown> {
  return {
    callbackUrls: [...client.callbackUrls],
    clientId: client.clientId,
    createdAt: formatV1Date(client.createdAt),
    description: client.description,
    flow: client.flow,
    identity: client.identity,
    name: client.name,
  };
}

/**
 * An AI token as the API returns it. The secret is included only when `withValue` (create and renew answers);
 * UNCONFIRMED whether OVH also returns it on reads, so reads here answer `value: null`.
 */
export function aiTokenView(token: SimAiToken, withValue: boolean): Record<string, unknown> {
  return {
    createdAt: formatV2Date(token.createdAt),
    id: token.id,
    spec: { labelSelector: token.labelSelector, name: token.name, region: token.region, role: token.role },
    status: { value: withValue ? token.value : null, version: token.version },
    updatedAt: formatV2Date(token.updatedAt),
  };
}
