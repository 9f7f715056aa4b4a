// What package.json promises users: the Node versions it installs on.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { engines: { node: string } };

/** Whether a version satisfies an engines range made of `^x.y.z` and `>=x.y.z` parts joined by `||`. */
function satisfies(version: string, range: string): boolean {
  const v = version.split('.').map(Number) as [number, number, number];
  const cmp = (a: number[], b: number[]) => a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!;
  return range.split('||').some((part) => {
    const m = /^\s*(\^|>=)(\d+)\.(\d+)\.(\d+)\s*$/.exec(part);
    if (!m) throw new Error(`unexpected range part ${part}`);
    const base = [Number(m[2]), Number(m[3]), Number(m[4])];
    return m[1] === '>=' ? cmp(v, base) >= 0 : v[0] === base[0] && cmp(v, base) >= 0;
  });
}

describe('engines', () => {
  it.each(['22.12.0', '22.20.0', '23.11.0', '24.0.0', '24.21.0', '26.0.0', '26.10.0'])('admits Node %s', (version) => {
    expect(satisfies(version, pkg.engines.node)).toBe(true);
  });
  it.each(['20.19.0', '22.11.0'])('refuses Node %s (require() of ESM and the APIs we use need 22.12)', (version) => {
    expect(satisfies(version, pkg.engines.node)).toBe(false);
  });
});
