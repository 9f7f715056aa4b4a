/**
 * What a command of the `ovh-credentials` bin may touch of the outside world. The bin passes the real process; tests
 * pass their own, so every command runs in-process with a chosen environment, directory, input and signal.
 */
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
