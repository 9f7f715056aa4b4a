// `ovh-credentials`: the bin for what every OVH user does by hand (get a consumer key, check which keys a script uses).
// Its commands drive the SDK's public API only.
import { audit } from './audit.js';
import { type Command, type CliIo, CliUsageError } from './io.js';
import { login } from './login.js';
import { whoami } from './whoami.js';

const COMMANDS: Readonly<Record<string, Command>> = { login, whoami, audit };

const USAGE = `Usage: ovh-credentials <command> [options]

Commands:
  login      get a consumer key (you authorize it in the browser) and save it to ./ovh.conf
  whoami     show the credentials in use, where each setting comes from, and what the key may do
  audit      what is risky on this account (old, unused, all-powerful keys...), and the plan to fix it

Run ovh-credentials <command> --help for a command's options.
`;

/** Runs one command line; resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (command === undefined) {
    io.err(`ovh-credentials: unknown command "${name}". Run ovh-credentials --help for the list.\n`);
    return 2;
  }
  try {
    return await command(rest, io);
  } catch (error) {
    if (error instanceof CliUsageError) {
      io.err(`ovh-credentials ${name}: ${error.message}\nRun ovh-credentials ${name} --help for its options.\n`);
      return 2;
    }
    throw error;
  }
}
