/**
 * `ovh-credentials`: the bin for what every OVH user does by hand (get a consumer key, check which keys a script
 * uses). Its commands drive the SDK's public API only.
 */
import { audit } from './audit.js';
import { type Command, type CliIo, CliUsageError } from './io.js';
import { login } from './login.js';
import { whoami } from './whoami.js';

/** The commands, by name. */
export const COMMANDS: Readonly<Record<string, { readonly summary: string; readonly run: Command }>> = {
  login: { summary: 'get a consumer key (you authorize it in the browser) and save it to ./ovh.conf', run: login },
  whoami: { summary: 'show the credentials in use, where each setting comes from, and what the key may do', run: whoami },
  audit: { summary: 'what is risky on this account (old, unused, all-powerful keys...), and the plan to fix it', run: audit },
};

/** The `--help` text. */
export function usage(): string {
  const names = Object.entries(COMMANDS).map(([name, { summary }]) => `  ${name.padEnd(10)} ${summary}`);
  return `Usage: ovh-credentials <command> [options]\n\nCommands:\n${names.join('\n')}\n\nRun ovh-credentials <command> --help for a command's options.\n`;
}

/** Runs one command line; resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    io.err(`ovh-credentials: unknown command "${name}". Run ovh-credentials --help for the list.\n`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof CliUsageError) {
      io.err(`ovh-credentials ${name}: ${error.message}\nRun ovh-credentials ${name} --help for its options.\n`);
      return 2;
    }
    throw error;
  }
}
