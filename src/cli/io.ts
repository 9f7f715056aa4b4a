// What the bin's commands share: their view of the process (CliIo), option parsing, the ovh.conf files, error exits.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { InputValidationError, isOvhError } from '../index.js';

/** What a command may touch of the outside world: the bin passes the real process, tests their own (env, directory, input, signal). */
export interface CliIo {
  /** Writes to standard output (the command adds its own newlines). */
  readonly out: (text: string) => void;
  /** Writes to standard error: progress, warnings, errors. */
  readonly err: (text: string) => void;
  /** The environment the SDK's configuration is resolved from (`OVH_*`, `HOME` for ovh.conf). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The working directory: `./ovh.conf` is read and written here. */
  readonly cwd: string;
  /** Aborted on Ctrl-C (SIGINT): a command stops what it waits for and exits cleanly. */
  readonly signal: AbortSignal;
  /** Asks a question on the terminal; `secret` answers are not echoed. Rejects when there is no terminal. */
  readonly prompt: (question: string, options?: { readonly secret?: boolean }) => Promise<string>;
  /** Whether a person is at the terminal (prompts and confirmations are possible). */
  readonly interactive: boolean;
}

/** A command: its arguments (after the command name) in, its exit code out. */
export type Command = (args: readonly string[], io: CliIo) => Promise<number>;

/** A command-line mistake: printed with the usage hint, exit code 2. */
export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

/** Parses a command's options (no positionals); a mistake is a CliUsageError (exit 2). */
export function parseOptions<const O extends ParseArgsOptionsConfig>(args: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
}

/** `--config` alone, else the standard ovh.conf files that exist (lowest priority first), seen from the command's HOME and cwd. */
export function configFiles(io: CliIo, config: string | undefined): string[] {
  if (config !== undefined) return [resolve(io.cwd, config)];
  const home = io.env['HOME'];
  return ['/etc/ovh.conf', ...(home ? [join(home, '.ovh.conf')] : []), join(io.cwd, 'ovh.conf')].filter((path) => existsSync(path));
}

/**
 * Ends a command on an error: exit 2 for an InputValidationError (the SDK refused a command-line value, e.g. a misspelt rule, before
 * sending anything), 130 when Ctrl-C aborted it, 1 with the message and `hint` for an SDK error. Anything else is a bug, thrown on.
 */
export function fail(io: CliIo, command: string, error: unknown, hint: string): number {
  if (error instanceof InputValidationError) throw new CliUsageError(error.message);
  // Whatever the error (an OvhAbortError, a bulk read's BulkOperationError, the signal's own reason), Ctrl-C is why.
  if (io.signal.aborted) {
    io.err(`\novh-credentials ${command}: cancelled (Ctrl-C).${command === 'login' ? ' Nothing was written.' : ''}\n`);
    return 130;
  }
  if (!isOvhError(error)) throw error;
  io.err(`\novh-credentials ${command}: ${error.message}\n${hint ? `${hint}\n` : ''}`);
  return 1;
}
