/**
 * The simulator's in-memory state: the account, its applications, consumer keys (credentials), OAuth2 clients
 * with their issued access tokens, and AI tokens. Plain data in maps so later resources can extend it. Times
 * are epoch milliseconds on the server clock; they are formatted only when rendered.
 */
import { randomInt } from 'node:crypto';
import type { AccessRule } from './access-rules.js';
import { formatV1Date } from './dates.js';

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
export type AiTokenRole = 'ai_training_operator' | 'ai_training_read';

/** An AI Training app token (routes come later; the shape is kept here so state has one home). */
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
  /** AI Training tokens, by id. */
  aiTokens: Map<string, SimAiToken>;
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
    aiTokens: new Map(),
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
    identity: `urn:v1:eu:identity:credential:${state.account.nichandle}/oauth2-${clientId}`,
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

/** The credential of a consumer key, if any. */
export function findCredentialByConsumerKey(state: SimulatorState, consumerKey: string): SimCredential | undefined {
  for (const credential of state.credentials.values()) {
    if (credential.consumerKey === consumerKey) return credential;
  }
  return undefined;
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
  (['GET', 'POST', 'PUT', 'DELETE'] as const).map((method) => Object.freeze({ method, path: '/*' })),
);
