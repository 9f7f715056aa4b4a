// Writing ovh.conf: keys set in their sections, every other line (comments, other sections and keys) kept as it was.
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

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

/**
 * Merges `updates` into the ovh.conf at `path` (created when missing), readable by its owner only (mode 600). An
 * existing file is first copied to `<path>.bak` (mode 600 too), whose path is returned.
 */
export function writeConf(path: string, updates: Readonly<Record<string, Readonly<Record<string, string>>>>): string | undefined {
  const existing = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  const backup = existing === undefined ? undefined : `${path}.bak`;
  if (backup !== undefined) {
    writeFileSync(backup, existing ?? '', { mode: 0o600 });
    chmodSync(backup, 0o600);
  }
  // Written aside then renamed: a reader never sees half a file, and the secret is never in a file others can read.
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, setConfKeys(existing ?? '', updates), { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, path);
  return backup;
}
