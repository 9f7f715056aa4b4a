// What the commands share: argument parsing that reports mistakes as usage errors, and the one way an SDK error
// ends a command (a clean line for Ctrl-C, the SDK's message and what to do next otherwise).
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { isOvhError } from '../index.js';
import { type CliIo, CliUsageError } from './io.js';

/** Parses a command's options (no positionals); a mistake is a CliUsageError (exit 2). */
export function parseOptions<const O extends ParseArgsOptionsConfig>(args: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
}

/**
 * Ends a command on an error: 130 when Ctrl-C aborted it, 1 with the message and `hint` for an SDK error.
 * Anything else is a bug, thrown on.
 */
export function fail(io: CliIo, command: string, error: unknown, hint: string): number {
  // Whatever the error (an OvhAbortError, a bulk read's BulkOperationError, the signal's own reason), Ctrl-C is why.
  if (io.signal.aborted) {
    io.err(`\novh-credentials ${command}: cancelled (Ctrl-C).${command === 'login' ? ' Nothing was written.' : ''}\n`);
    return 130;
  }
  if (!isOvhError(error)) throw error;
  io.err(`\novh-credentials ${command}: ${error.message}\n${hint ? `${hint}\n` : ''}`);
  return 1;
}
