/**
 * What a simulator route is and what it receives. Route files (routes/*.ts) export arrays of `SimRoute`.
 */
import type { SimAccessToken, SimApplication, SimCredential, SimOAuth2Client, SimulatorState } from './state.js';

/** Which URL space a route lives in: `/1.0`|`/v1` (v1), `/v2`, or unprefixed (e.g. `/auth/oauth2/token`). */
export type ApiSpace = 'v1' | 'v2' | 'root';

/** How a route authenticates its caller. */
export type RouteAuth =
  /** Anyone. */
  | 'none'
  /** A known, non-blocked `X-Ovh-Application` only (e.g. `POST /auth/credential`). */
  | 'application'
  /** A signed AK/AS/CK call, or a bearer token. */
  | 'signed';

/** Who made an authenticated call. */
export type Identity =
  | { kind: 'consumerKey'; application: SimApplication; credential: SimCredential }
  | { kind: 'oauth2'; client: SimOAuth2Client; token: SimAccessToken };

/** Shared, mutable simulator internals handed to routes and checks. */
export interface SimRuntime {
  /** The state. */
  readonly state: SimulatorState;
  /** Server clock in epoch ms (local clock + skew). */
  now(): number;
  /** Accepted distance between `X-Ovh-Timestamp` and the server clock, in seconds. */
  readonly timestampWindowSeconds: number;
  /** Lifetime of issued OAuth2 access tokens, in seconds. */
  readonly tokenLifetimeSeconds: number;
  /** Whether IAM policies are enforced for service accounts (the simulator's `iam` option). */
  readonly iam: boolean;
  /** Tried in order on `Authorization: Bearer`; the first identity returned wins. */
  readonly bearerVerifiers: readonly BearerVerifier[];
}

/** Maps a bearer token to an identity, or `null` when it does not know the token. */
export type BearerVerifier = (token: string, runtime: SimRuntime) => Identity | null;

/** What a route handler receives. */
export interface RouteContext {
  /** The request (its body has been read: use `body`). */
  readonly request: Request;
  /** The parsed request URL. */
  readonly url: URL;
  /** The request body text, `''` when there is none. */
  readonly body: string;
  /** Decoded `{param}` values. */
  readonly params: Readonly<Record<string, string>>;
  /** The caller, on `signed` routes. */
  readonly identity: Identity | null;
  /** The calling application, on `application` routes (and for consumer-key identities). */
  readonly application: SimApplication | null;
  /** Simulator internals. */
  readonly runtime: SimRuntime;
}

/** One route of the simulator. */
export interface SimRoute {
  /** URL space. */
  readonly api: ApiSpace;
  /** Upper-case method. */
  readonly method: string;
  /** Path pattern within the space, e.g. `/me/api/credential/{credentialId}` (v2 patterns start with `/v2`). */
  readonly path: string;
  /** Authentication. */
  readonly auth: RouteAuth;
  /** Let a consumer key pending validation or refused through (only `GET /auth/currentCredential`, which shows its status). */
  readonly allowPendingCredential?: boolean;
  /** Skip access rules (the `/auth/*` routes). */
  readonly bypassAccessRules?: boolean;
  /** Refuse bearer identities (routes about the consumer key itself). */
  readonly consumerKeyOnly?: boolean;
  /** Builds the response. */
  handle(context: RouteContext): Response | Promise<Response>;
}
