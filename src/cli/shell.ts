// Shell text: `export NAME=value` lines, for `login --print-env` and the simulator's start-up lines.

/** A value as a POSIX shell reads it back unchanged: bare when safe, else in single quotes (`'` as `'\''`). */
export function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`;
}

/** One `export NAME=value` line per variable, each ending with a newline. */
export function exportLines(vars: Readonly<Record<string, string>>): string {
  return Object.entries(vars)
    .map(([name, value]) => `export ${name}=${shellQuote(value)}\n`)
    .join('');
}
