// Writing ovh.conf: keys set in their sections, every other line (comments, other sections and keys) kept as it was.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';

const SECTION = /^\s*\[.*\]\s*$/;

/** Sets `key=value` lines in sections of an ovh.conf text, adding what is missing; the rest is untouched. */
export function setConfKeys(text: string, updates: Readonly<Record<string, Readonly<Record<string, string>>>>): string {
  const lines = text === '' ? [] : text.replace(/\r?\n$/, '').split(/\r?\n/);
  for (const [section, keys] of Object.entries(updates)) {
    let start = lines.findIndex((line) => line.trim() === `[${section}]`);
    if (start < 0) {
      if (lines.length > 0 && lines.at(-1)?.trim() !== '') lines.push('');
      start = lines.push(`[${section}]`) - 1;
    }
    const next = lines.findIndex((line, i) => i > start && SECTION.test(line));
    let end = next < 0 ? lines.length : next;
    for (const [key, value] of Object.entries(keys)) {
      // python-ovh's configparser reads `key = value` and `key: value`, keys in any case.
      const at = lines.findIndex((line, i) => i > start && i < end && new RegExp(`^\\s*${key}\\s*[=:]`, 'i').test(line));
      if (at >= 0) {
        lines[at] = `${key}=${value}`;
        continue;
      }
      let last = end;
      while (last > start + 1 && lines[last - 1]?.trim() === '') last -= 1;
      lines.splice(last, 0, `${key}=${value}`);
      end += 1;
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Merges `updates` into the ovh.conf at `path` (mode 600), first copying an existing one to `<path>.bak`, returned. */
export function writeConf(path: string, updates: Readonly<Record<string, Readonly<Record<string, string>>>>): string | undefined {
  const existing = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  const backup = existing === undefined ? undefined : `${path}.bak`;
  // Each file is written aside, created new (never through a link left there) with mode 600, then renamed: a reader
  // never sees half a file, no secret is ever in a file others can read, and a failed write leaves no copy behind.
  const replace = (target: string, text: string) => {
    const temp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      writeFileSync(temp, text, { mode: 0o600, flag: 'wx' });
      chmodSync(temp, 0o600);
      renameSync(temp, target);
    } finally {
      rmSync(temp, { force: true });
    }
  };
  if (backup !== undefined) replace(backup, existing ?? '');
  replace(path, setConfKeys(existing ?? '', updates));
  return backup;
}
