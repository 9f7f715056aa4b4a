// The `ovh-credentials` executable (package.json "bin"): the real process as a CliIo, Ctrl-C as an abort, the exit code.
import { Writable } from 'node:stream';
import { createInterface } from 'node:readline/promises';
import { main } from './index.js';
import type { CliIo } from './io.js';

const controller = new AbortController();
// The first Ctrl-C asks the running command to stop (it exits 130 with a line saying so); a second one ends at once.
process.once('SIGINT', () => {
  controller.abort();
  process.once('SIGINT', () => process.exit(130));
});

// A secret answer is read with the echo going nowhere: readline writes what is typed to its output.
const silent = new Writable({ write: (_chunk, _encoding, done) => done() });

const io: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
  interactive: Boolean(process.stdin.isTTY && process.stderr.isTTY),
  async prompt(question, options = {}) {
    if (!this.interactive) throw new Error('no terminal to ask on');
    process.stderr.write(question);
    const rl = createInterface({ input: process.stdin, output: options.secret ? silent : process.stderr, terminal: true });
    // The terminal is in raw mode while it asks, so Ctrl-C comes here, not as a signal: nothing has been sent yet.
    rl.on('SIGINT', () => {
      process.stderr.write('\novh-credentials: cancelled (Ctrl-C).\n');
      process.exit(130);
    });
    try {
      return await rl.question('', { signal: controller.signal });
    } finally {
      rl.close();
      if (options.secret) process.stderr.write('\n');
    }
  },
};

main(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`ovh-credentials: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
