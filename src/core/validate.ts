// Input validation: zod schemas checked before anything is sent, failures turned into InputValidationError.
import { z } from 'zod';
import { InputValidationError } from './errors.js';
import type { CallOptions } from './transport.js';

/** Parses caller input with a zod schema, or throws an InputValidationError naming every bad field under `root`. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, root: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    field: [root, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.message,
  }));
  const first = issues[0] ?? { field: root, message: 'invalid' };
  const others = issues.slice(1).map((i) => i.field);
  const more = others.length ? ` ${others.length === 1 ? 'Also invalid' : `Also invalid (${others.length})`}: ${others.join(', ')}.` : '';
  throw new InputValidationError(first.field, `Invalid ${first.field}: ${first.message}.${more} Nothing was sent.`, issues);
}

/** parseInput for an object schema, its keys checked first by strictOptions (an unknown key named, with the closest known one). */
export function parseObject<S extends z.ZodObject>(schema: S, value: unknown, root: string, where: string): z.output<S> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) strictOptions(value, Object.keys(schema.shape), where, root || undefined);
  return parseInput(schema, value, root);
}

const POSITIVE_MS = { error: 'must be a positive number of milliseconds' };
const NON_NEGATIVE_MS = { error: 'must be a non-negative number of milliseconds' };
const Wait = z.object({
  pollInterval: z.number(POSITIVE_MS).positive(POSITIVE_MS).optional(),
  waitTimeout: z.number(NON_NEGATIVE_MS).nonnegative(NON_NEGATIVE_MS).optional(),
  onPoll: z.custom((value) => typeof value === 'function', { error: 'must be a function (it is called after each poll)' }).optional(),
});
/** A wait's own options, checked before anything is sent: finite ms (a positive poll interval, a non-negative timeout), `onPoll` a function. */
export function checkWait(options: object): void {
  parseInput(Wait, options, '');
}

/**
 * The keys of an options type `T`: the list compiles only when it names every key of `T` and nothing else.
 * @example const KEYS = optionKeys<RuleOptions>()(['recursive']);
 */
export function optionKeys<T>(): <const K extends readonly (keyof T & string)[]>(keys: K & ExactKeys<T, K>) => K {
  return (keys) => keys;
}
type ExactKeys<T, K extends readonly PropertyKey[]> = [Exclude<keyof T, K[number]>] extends [never]
  ? unknown
  : { missing: Exclude<keyof T, K[number]> };

/** The per-call options every method takes (CallOptions): the transport checks them; option types that extend it list them too. */
export const CALL_OPTION_KEYS = optionKeys<CallOptions>()(['signal', 'timeout', 'totalTimeout', 'retry', 'headers']);

/**
 * Refuses a non-object or a key not in `known`, so a plain-JS typo such as `dryrun` never runs a destructive default.
 * @example strictOptions(options, ['dryRun', 'signal'], 'revokeAll options') // `dryrun` → "did you mean `dryRun`?"
 */
export function strictOptions(value: unknown, known: readonly string[], where: string, field?: string): void {
  if (value === undefined) return;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputValidationError(
      'options',
      `Invalid ${where}: expected an object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}. Nothing was sent.`,
    );
  }
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue;
    const near = closest(key, known);
    throw new InputValidationError(
      field ?? key,
      `Unknown option \`${key}\` in ${where}${near ? `: did you mean \`${near}\`?` : '.'} Known options: ${known.join(', ')}. Nothing was sent.`,
    );
  }
}

/** The known key nearest to `key` (case-insensitive edit distance, at most a third of its length), if any. */
export function closest(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.ceil(key.length / 3)) + 1;
  for (const candidate of known) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Levenshtein distance between two short strings. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length] as number;
}
