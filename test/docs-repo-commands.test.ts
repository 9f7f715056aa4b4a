// The guides ship in the package (README.md, docs/*.md), read where the repository is not: in node_modules and on the
// registry page. A command that needs the repository (`npm run demo`, `npx tsx examples/...`) must say so, with a
// link to it, in its section (from its heading to the next one).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string>; repository: { url: string } };
const REPOSITORY = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
const scripts = Object.keys(pkg.scripts).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
// `npm run <one of our scripts>`, `npm test`, or a file of the repository run with node, tsx or ts-node.
const REPO_ONLY = new RegExp(
  `npm run (?:${scripts.join('|')})(?![\\w:-])|npm test\\b|\\b(?:node|tsx|ts-node) (?:examples|bench|scripts|src|test)/`,
  'g',
);

/** Each repo-only command of a Markdown text whose section has no link to the repository: `line: command`. */
function unmarked(markdown: string): string[] {
  const found: string[] = [];
  const lines = markdown.split(/\r?\n/);
  let start = 0;
  const flush = (end: number) => {
    const section = lines.slice(start, end);
    if (section.join('\n').includes(`](${REPOSITORY}`)) return;
    section.forEach((line, i) => {
      for (const m of line.matchAll(REPO_ONLY)) found.push(`${start + i + 1}: ${m[0]}`);
    });
  };
  let fenced = false;
  lines.forEach((line, i) => {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (!fenced && /^#{1,6} /.test(line)) {
      flush(i);
      start = i;
    }
  });
  flush(lines.length);
  return found;
}

describe('shipped docs mark the commands that need the repository', () => {
  it('finds an unmarked command, and takes a section with a link to the repository as marked', () => {
    expect(unmarked('# A\n\nRun `npm run demo`.\n\n# B\n\n```sh\nnpx tsx examples/tour.ts\n```\n')).toEqual(['3: npm run demo', '8: tsx examples/']);
    expect(unmarked(`# A\n\nIn a clone of the [repository](${REPOSITORY}): \`npm run demo\`.\n`)).toEqual([]);
    expect(unmarked('# A\n\n`npm run something-of-yours` and `npx tsx my-script.ts` are yours.\n')).toEqual([]);
  });

  const files = [
    'README.md',
    ...readdirSync(join(root, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ];
  it.each(files)('%s', (file) => {
    expect(unmarked(readFileSync(join(root, file), 'utf8')), `mark these in ${file} with a link to ${REPOSITORY}`).toEqual([]);
  });
});
