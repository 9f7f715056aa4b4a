// Proves the suite-wide secret audit (test/setup/secret-audit.ts) can fail: a child vitest runs a fixture that
// leaks a secret and must fail, naming where the secret appeared.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
function runFixture(kind: string) {
  const result = spawnSync(
    process.execPath,
    [`${root}node_modules/vitest/vitest.mjs`, 'run', '--config', 'test/fixtures/vitest.fixture.config.ts', '--reporter', 'dot'],
    { cwd: root, encoding: 'utf8', env: { ...process.env, LEAK_KIND: kind, CI: '1' }, timeout: 120_000 },
  );
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('secret audit', () => {
  it('fails a file that prints a consumer key', () => {
    const { status, output } = runFixture('console');
    expect(status).not.toBe(0);
    expect(output).toContain('secrets leaked into output');
    expect(output).toContain('console.log contains a secret');
  });

  it('fails a file where an SDK error carries the application secret', () => {
    const { status, output } = runFixture('error');
    expect(status).not.toBe(0);
    expect(output).toMatch(/InputValidationError\.(message|stack) contains a secret/);
  });

  it('fails a file where an SDK error carries a secret percent-encoded, as a hostile server echoes it', () => {
    const { status, output } = runFixture('encoded');
    expect(status).not.toBe(0);
    expect(output).toContain('InputValidationError.message contains a secret (lea…, 19 chars, as ');
    expect(output).toContain('leak%2fSecre');
  });

  it('fails a file where a diagnostics-channel subscriber saw a secret that the error lost afterwards', () => {
    const { status, output } = runFixture('channel');
    expect(status).not.toBe(0);
    expect(output).toContain('diagnostics channel (InputValidationError) contains a secret');
    expect(output).not.toMatch(/InputValidationError\.(message|stack) contains a secret/);
  });
});
