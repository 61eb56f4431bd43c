import { dirname, join, resolve } from 'node:path';
import { CONFIG_FILE_NAMES } from './config-schema.js';

/** The first configuration file in `directory` or above it, as git and ESLint look for theirs. */
export async function findConfigFile(directory: string, exists: (path: string) => Promise<boolean>): Promise<string | undefined> {
  for (let current = resolve(directory); ; current = dirname(current)) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(current, name);
      if (await exists(candidate)) return candidate;
    }
    if (dirname(current) === current) return undefined;
  }
}
