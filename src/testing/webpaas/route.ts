/**
 * What a Web PaaS simulator route is and what it receives. Route files (routes/*.ts) export arrays of routes.
 */
import type { SimWebPaasAccessToken, WebPaasState } from './state.js';

/**
 * How the simulator answers variable writes: `embedded` adds `_embedded.entity` (the variable) and
 * `_embedded.activities`, as real answers often do; `accepted` sends the spec's bare `AcceptedResponse` `{status, code}`.
 */
export type WriteAnswers = 'embedded' | 'accepted';

/** Shared, mutable simulator internals handed to routes. */
export interface WebPaasRuntime {
  readonly state: WebPaasState;
  /** Clock in epoch ms. */
  now(): number;
  /** Lifetime of issued access tokens, in seconds. */
  tokenLifetimeSeconds: number;
  /** The OAuth2 client id the token endpoint accepts. */
  readonly clientId: string;
  /** Time from an activity's creation to its completion, ms. */
  activityDurationMs: number;
  /** Whether the next activity created must fail (consumed on read). */
  takeActivityFailure(): boolean;
  /** Whether the next activity created is staged for a later deploy (consumed on read). */
  takeActivityStaging(): boolean;
  /** How writes answer: `embedded` (`_embedded.entity` and `.activities`) or `accepted` (`{status, code}` only). */
  writeAnswers: WriteAnswers;
}

/** What a route handler receives. */
export interface WebPaasRouteContext {
  /** The request (its body has been read: use `body`). */
  readonly request: Request;
  readonly url: URL;
  /** Body text, `''` when none. */
  readonly body: string;
  /** Decoded `{param}` values. */
  readonly params: Readonly<Record<string, string>>;
  /** The access token used, on `bearer` routes. */
  readonly token: SimWebPaasAccessToken | null;
  readonly runtime: WebPaasRuntime;
}

/** One route. */
export interface WebPaasRoute {
  /** Upper-case method. */
  readonly method: string;
  /** Path pattern, e.g. `/projects/{project}/variables/{name}`. */
  readonly path: string;
  /** `none`: anyone (the token endpoint); `bearer`: a valid, unexpired access token. */
  readonly auth: 'none' | 'bearer';
  handle(context: WebPaasRouteContext): Response | Promise<Response>;
}
