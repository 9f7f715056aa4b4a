// The node-only edge of configuration: finds and reads ovh.conf files. Everything else stays pure.
import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ConfigFile } from './config.js';
import { ConfigError } from './errors.js';
import type { Logger } from './options.js';

/** The files the official clients read, lowest priority first. */
export function defaultConfigPaths(cwd = process.cwd(), home = safeHome()): string[] {
  return ['/etc/ovh.conf', ...(home ? [join(home, '.ovh.conf')] : []), resolve(cwd, 'ovh.conf')];
}

function safeHome(): string | undefined {
  try {
    return homedir();
  } catch {
    return undefined;
  }
}

// A line holding a secret, in every form the parser accepts (config.ts): `=` or `:`, keys in any case.
const SECRET_KEYS = /^\s*(application_secret|consumer_key|client_secret|access_token)\s*[=:]/im;
const warned = new Set<string>();

/** Reads ovh.conf files (a missing standard one is skipped); warns once per file holding secrets that others can read. */
export function readConfigFiles(paths: readonly string[], options: { explicit: boolean; logger?: Logger | undefined }): ConfigFile[] {
  const files: ConfigFile[] = [];
  for (const path of paths) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (!options.explicit && (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EACCES' || code === 'EISDIR')) continue;
      throw new ConfigError(`Could not read config file ${path} (${code ?? 'error'}); check the path passed as configFile.`);
    }
    if (options.logger && SECRET_KEYS.test(text) && !warned.has(path)) {
      try {
        const mode = statSync(path).mode;
        if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
          warned.add(path);
          options.logger.warn(
            `ovh-credentials: ${path} holds secrets but is readable by group or others (mode ${(mode & 0o777).toString(8)}); run: chmod 600 ${path}`,
          );
        }
      } catch {
        // stat failing right after a successful read is not worth failing the client for.
      }
    }
    files.push({ path, text });
  }
  return files;
}
