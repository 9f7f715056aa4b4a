// Instruction counts of a Node process, by valgrind (figures 1 and 5): unlike time, they do not move with the
// machine's load.
import { spawnSync } from 'node:child_process';

/** True when valgrind can be run here. */
export function hasValgrind(): boolean {
  return spawnSync('valgrind', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Instructions executed by `node <args>` from start to exit, counted by `valgrind --tool=cachegrind --cache-sim=no`
 * (threads included, child processes not). `process.execPath` is the node binary itself, not a launcher, so
 * valgrind counts Node's own work. Throws with valgrind's output when the process fails.
 */
export function countInstructions(args: readonly string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; what?: string } = {}): number {
  const run = spawnSync('valgrind', ['--tool=cachegrind', '--cache-sim=no', '--cachegrind-out-file=/dev/null', process.execPath, ...args], {
    env: options.env ?? process.env,
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const refs = /I\s+refs:\s+([\d,]+)/.exec(run.stderr);
  if (run.status !== 0 || refs?.[1] === undefined)
    throw new Error(`valgrind run of ${options.what ?? args.join(' ')} failed (${String(run.status)}):\n${run.stderr.slice(-2000)}`);
  return Number(refs[1].replaceAll(',', ''));
}
