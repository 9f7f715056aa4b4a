/**
 * Fault injection: latency, chosen responses and dropped connections, matched by method and path.
 */
import { accessPathMatches } from './access-rules.js';
import { dropConnection, JSON_CONTENT_TYPE } from './http.js';
import { delay } from '../core/poll.js';
import { optionKeys, strictOptions } from '../core/options.js';

/** Which requests a fault applies to; omitted fields match everything. */
export interface FaultMatch {
  /** Upper-case HTTP method. */
  method?: string;
  /**
   * API path as access rules write it (no `/1.0`/`/v1` prefix, `/v2` kept, no query string). A string uses the
   * access-rule syntax (`*` matches anything, e.g. `/me/*`); a RegExp is tested against that path.
   */
  path?: string | RegExp;
}

/** A chosen response for the next matching request(s). */
export interface FailNextOptions extends FaultMatch {
  /** Status to answer with. */
  status: number;
  /** A string is sent as is (HTML, malformed JSON…); anything else is sent as JSON; omitted → empty body. */
  body?: unknown;
  /** Extra response headers (`content-type` here overrides the default). */
  headers?: HeadersInit;
  /** How many matching requests get this response (default 1). */
  times?: number;
}
const FAIL_KEYS = optionKeys<FailNextOptions>()(['method', 'path', 'status', 'body', 'headers', 'times']);

/** Dropped connections for the next matching request(s). */
export interface DropNextOptions extends FaultMatch {
  /** How many matching requests are dropped (default 1). */
  times?: number;
}
const DROP_KEYS = optionKeys<DropNextOptions>()(['method', 'path', 'times']);

type Fault =
  | { kind: 'fail'; match: FaultMatch; remaining: number; options: FailNextOptions }
  | { kind: 'drop'; match: FaultMatch; remaining: number };

function checkTimes(times: number | undefined): number {
  const value = times ?? 1;
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`times must be a positive integer, got ${value}`);
  return value;
}

function matches(match: FaultMatch, method: string, path: string): boolean {
  if (match.method !== undefined && match.method.toUpperCase() !== method) return false;
  if (match.path === undefined) return true;
  return typeof match.path === 'string' ? accessPathMatches(match.path, path) : match.path.test(path);
}

function failureResponse(options: FailNextOptions): Response {
  const headers = new Headers(options.headers);
  let body: string | null = null;
  if (typeof options.body === 'string') {
    body = options.body;
    if (!headers.has('content-type')) headers.set('content-type', 'text/plain; charset=utf-8');
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    if (!headers.has('content-type')) headers.set('content-type', JSON_CONTENT_TYPE);
  }
  const nullBodyStatus = [101, 204, 205, 304].includes(options.status);
  return new Response(nullBodyStatus ? null : body, { status: options.status, headers });
}

/** Waits `ms`, rejecting with the signal's reason if it aborts first (no timer at all for 0 ms). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return signal?.aborted ? Promise.reject(signal.reason) : Promise.resolve();
  return delay(ms, signal, () => signal?.reason);
}

/** Holds the faults to inject; the simulator consults it before routing each request. */
export class FaultInjector {
  #latencyMs = 0;
  readonly #queue: Fault[] = [];

  /** Delay added before every response (ms). */
  get latencyMs(): number {
    return this.#latencyMs;
  }

  /** Sets the delay added before every response. */
  setLatency(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`latency must be a non-negative number of ms, got ${ms}`);
    this.#latencyMs = ms;
  }

  /** Queues a chosen response. */
  failNext(options: FailNextOptions): void {
    strictOptions(options, FAIL_KEYS, 'failNext options');
    if (!Number.isInteger(options.status) || options.status < 200 || options.status > 599) {
      throw new RangeError(`status must be an integer in 200..599, got ${options.status}`);
    }
    this.#queue.push({ kind: 'fail', match: options, remaining: checkTimes(options.times), options });
  }

  /** Queues dropped connections. */
  dropNext(options: DropNextOptions = {}): void {
    strictOptions(options, DROP_KEYS, 'dropNext options');
    this.#queue.push({ kind: 'drop', match: options, remaining: checkTimes(options.times) });
  }

  /** Removes queued faults and latency. */
  clear(): void {
    this.#queue.length = 0;
    this.#latencyMs = 0;
  }

  /** Number of queued fault uses left (all faults). */
  get pending(): number {
    return this.#queue.reduce((sum, fault) => sum + fault.remaining, 0);
  }

  /** Consumes the first fault matching the request and returns its response, or `null` (serve normally). */
  take(method: string, path: string): Response | null {
    const index = this.#queue.findIndex((fault) => matches(fault.match, method, path));
    const fault = this.#queue[index];
    if (fault === undefined) return null;
    if (--fault.remaining === 0) this.#queue.splice(index, 1);
    return fault.kind === 'drop' ? dropConnection() : failureResponse(fault.options);
  }
}
