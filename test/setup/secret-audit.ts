// Suite-wide secret audit (a vitest setup file, run before every test file).
//
// It collects what the suite produces that a user could see — every error the SDK creates (message, stack,
// JSON.stringify, util.inspect), every console line and process warning, and the output of every
// util.inspect / JSON.stringify call made from test or example code — and, after each file, asserts that none
// contains a secret used in that file. JSON.stringify / util.inspect calls are audited when their value came from
// the SDK (a value a resource or raw call returned) or holds an SDK object (client, error, Secret...), so tests
// remain free to build raw request bodies that carry secrets on purpose. Secrets are: every value the SDK ever `reveal()`ed (application secrets,
// consumer keys, client secrets, tokens: the SDK reveals a secret only to sign or send it), every secret held by
// a simulator the file used, and values tests register with `registerSecret`. Each is looked for in every form a
// server may echo it in, and a decoding may bring it back from (test/helpers/secret-forms.ts): raw, JSON-escaped
// (standard, PHP's `\/`, all-`\u`), percent-encoded in either case, form-encoded, and as util.inspect quotes it.
// Log lines that go to a logger of the test's own are audited when the test hands them over with `recordOutput`.
import { subscribe } from 'node:diagnostics_channel';
import { syncBuiltinESMExports } from 'node:module';
import util from 'node:util';
import { afterAll, expect } from 'vitest';
import { ERROR_CHANNEL } from '../../src/core/errors.js';
import { Secret } from '../../src/core/redact.js';
import { Transport } from '../../src/core/transport.js';
import * as testing from '../../src/testing/index.js';
import { secretForms } from '../helpers/secret-forms.js';

const MIN_LENGTH = 8;
const secrets = new Set<string>();
const outputs: Array<{ where: string; text: string }> = [];
const errors: Error[] = [];
const simulators = new Set<{ state?: unknown }>();

/** Marks a value as secret for the audit of the current test file. */
export function registerSecret(value: string): void {
  if (value.length >= MIN_LENGTH) secrets.add(value);
}
(globalThis as Record<string, unknown>).__registerSecret = registerSecret;

/** Hands the audit a text a user sees that it cannot capture itself (a line of the test's own logger). */
export function recordOutput(where: string, text: string): void {
  if (!auditing) outputs.push({ where, text });
}
(globalThis as Record<string, unknown>).__recordOutput = recordOutput;

const reveal = Secret.prototype.reveal;
Secret.prototype.reveal = function (this: Secret) {
  const value = reveal.call(this);
  registerSecret(value);
  return value;
};

// Every simulator class exported by ovh-credentials/testing: remember instances that handled a request.
for (const exported of Object.values(testing)) {
  const proto = typeof exported === 'function' ? (exported.prototype as Record<string, unknown> | undefined) : undefined;
  const handle = proto?.handle;
  if (!proto || typeof handle !== 'function') continue;
  proto.handle = function (this: { state?: unknown }, ...args: unknown[]) {
    simulators.add(this);
    return (handle as (...a: unknown[]) => unknown).apply(this, args);
  };
}

// Values the SDK handed back to callers.
const sdkValues = new WeakSet<object>();
const request = Transport.prototype.request;
Transport.prototype.request = async function (this: Transport, ...args: Parameters<Transport['request']>) {
  const result: unknown = await request.apply(this, args);
  if (result && typeof result === 'object') {
    sdkValues.add(result);
    if (Array.isArray(result)) for (const item of result) if (item && typeof item === 'object') sdkValues.add(item);
  }
  return result;
} as Transport['request'];
const PLAIN = new Set<unknown>([Object.prototype, Array.prototype, null]);
function fromSdk(value: unknown, depth = 0): boolean {
  if (!value || typeof value !== 'object') return false;
  if (sdkValues.has(value)) return true;
  const proto: unknown = Object.getPrototypeOf(value);
  if (!PLAIN.has(proto)) return !(value instanceof Date) && !(value instanceof RegExp);
  if (depth >= 3) return false;
  return Object.values(value).some((v) => fromSdk(v, depth + 1));
}

const originalStringify = JSON.stringify;
const originalInspect = util.inspect;
// What a subscriber sees the moment an error is published, not only what the error holds at the end of the file.
subscribe(ERROR_CHANNEL, (published) => {
  const error = published as Error;
  errors.push(error);
  outputs.push({ where: `diagnostics channel (${error.name})`, text: `${error.message}\n${error.stack ?? ''}\n${originalStringify(error) ?? ''}` });
});
let auditing = false;
const fromSuiteCode = (): boolean => {
  const stack = new Error().stack ?? '';
  // Frame 0 is this helper, 1 the wrapper, 2 the caller.
  const caller = stack.split('\n').slice(3, 4).join('');
  return /\/(test|examples)\//.test(caller) && !/\/test\/setup\//.test(caller);
};
JSON.stringify = function (this: unknown, ...args: Parameters<typeof JSON.stringify>) {
  const text = originalStringify.apply(this, args);
  if (!auditing && typeof text === 'string' && fromSdk(args[0]) && fromSuiteCode()) outputs.push({ where: 'JSON.stringify', text });
  return text;
} as typeof JSON.stringify;
const inspect = function (this: unknown, ...args: Parameters<typeof util.inspect>) {
  const text = originalInspect.apply(this, args);
  if (!auditing && fromSdk(args[0]) && fromSuiteCode()) outputs.push({ where: 'util.inspect', text });
  return text;
};
Object.assign(inspect, originalInspect);
util.inspect = inspect as typeof util.inspect;
syncBuiltinESMExports();

for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
  const original = console[method];
  console[method] = (...args: unknown[]) => {
    outputs.push({ where: `console.${method}`, text: util.format(...args) });
    original.apply(console, args);
  };
}
const emitWarning = process.emitWarning;
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  outputs.push({ where: 'process.emitWarning', text: typeof warning === 'string' ? warning : `${warning.message}\n${warning.stack ?? ''}` });
  return (emitWarning as (...a: unknown[]) => void).call(process, warning, ...rest);
}) as typeof process.emitWarning;

/**
 * Finds each secret, in each of its forms, in a text: the forms are indexed by their first MIN_LENGTH characters
 * (every form is at least that long), so a text is read once however many secrets a file used.
 */
function finder(values: Iterable<string>): (text: string) => Array<{ value: string; form: string }> {
  const byPrefix = new Map<string, Array<{ value: string; form: string }>>();
  for (const value of values) {
    for (const form of secretForms(value)) {
      const key = form.slice(0, MIN_LENGTH);
      byPrefix.set(key, [...(byPrefix.get(key) ?? []), { value, form }]);
    }
  }
  return (text) => {
    const found = new Map<string, { value: string; form: string }>();
    for (let i = 0; i + MIN_LENGTH <= text.length; i++) {
      const candidates = byPrefix.get(text.slice(i, i + MIN_LENGTH));
      if (candidates === undefined) continue;
      for (const candidate of candidates)
        if (!found.has(candidate.value) && text.startsWith(candidate.form, i)) found.set(candidate.value, candidate);
    }
    return [...found.values()];
  };
}

// Validation tokens end up in validationUrl, which is meant to be shown to the account owner.
const SECRET_KEY = /^(?!validation)(.*(secret|consumerkey|token|password|value))/i;
function collectStateSecrets(value: unknown, key: string, seen: Set<unknown>): void {
  if (typeof value === 'string') {
    if (SECRET_KEY.test(key) && value.length >= 16) secrets.add(value);
    return;
  }
  if (typeof value !== 'object' || value === null || seen.has(value)) return;
  seen.add(value);
  if (value instanceof Map) {
    for (const [k, v] of value) {
      collectStateSecrets(v, key, seen);
      // A map keyed by the entry's own `id` (e.g. AI tokens by id) is keyed by an identifier, not a secret.
      const keyedById = typeof v === 'object' && v !== null && (v as { id?: unknown }).id === k;
      if (typeof k === 'string' && SECRET_KEY.test(key) && !keyedById) collectStateSecrets(k, key, seen);
    }
    return;
  }
  for (const [k, v] of Object.entries(value)) collectStateSecrets(v, k, seen);
}

afterAll(() => {
  auditing = true;
  try {
    const seen = new Set<unknown>();
    for (const sim of simulators) collectStateSecrets(sim.state, 'state', seen);
    const texts = [...outputs];
    for (const error of errors) {
      texts.push({ where: `${error.name}.message`, text: error.message });
      texts.push({ where: `${error.name}.stack`, text: error.stack ?? '' });
      texts.push({ where: `JSON.stringify(${error.name})`, text: originalStringify(error) ?? '' });
      texts.push({ where: `util.inspect(${error.name})`, text: originalInspect(error, { depth: 6 }) });
    }
    const leaks: string[] = [];
    const find = finder(secrets);
    for (const { where, text } of texts) {
      for (const { value, form } of find(text)) {
        const how = form === value ? '' : `, as ${JSON.stringify(form.slice(0, 12))}…`;
        leaks.push(`${where} contains a secret (${value.slice(0, 3)}…, ${value.length} chars${how}): ${text.slice(0, 160)}`);
      }
    }
    expect(leaks, 'secrets leaked into output').toEqual([]);
  } finally {
    auditing = false;
  }
});
