/**
 * What `fix --write` does beside the Compose file when it moves a secret
 * out of `environment`: the secret file the new `secrets:` entry names,
 * holding the value, so that the service keeps it; and `secrets/` in the
 * project's .gitignore and .dockerignore, where those exist, so that the
 * file does not end up in the repository or an image.
 */
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ContainerTarget } from '../model/target.js';
import type { FixPlan } from './fix-plan.js';

/** Where a moved secret is kept, relative to the Compose file (Compose reads `file:` from the project folder). */
export const SECRETS_FOLDER = 'secrets';

export function secretFileOf(secret: string): string {
  return `./${SECRETS_FOLDER}/${secret}.txt`;
}

export interface SecretFilesWritten {
  /** Files written, relative to the Compose file's folder. */
  written: string[];
  /** Files that were there already: left as they are, their content the user's. */
  kept: string[];
  /** The ignore files `secrets/` was added to. */
  ignoredIn: string[];
}

/** True when a line of an ignore file already keeps the secrets folder out. */
function ignoresSecrets(text: string): boolean {
  return text
    .split(/\r?\n/)
    .some((line) => [SECRETS_FOLDER, `${SECRETS_FOLDER}/`, `/${SECRETS_FOLDER}`, `/${SECRETS_FOLDER}/`].includes(line.trim()));
}

export async function writeSecretFiles(
  composeFile: string,
  plans: ReadonlyMap<string, FixPlan>,
  targets: readonly ContainerTarget[],
): Promise<SecretFilesWritten> {
  const folder = dirname(composeFile);
  const result: SecretFilesWritten = { written: [], kept: [], ignoredIn: [] };
  for (const [name, plan] of plans) {
    const env = targets.find((target) => target.name === name)?.spec.env ?? [];
    for (const { variable, secret } of plan.secrets) {
      const value = env.find((entry) => entry.name === variable)?.value;
      if (value === undefined) continue;
      const relative = secretFileOf(secret);
      await mkdir(join(folder, SECRETS_FOLDER), { recursive: true, mode: 0o700 });
      try {
        // wx: a file the user made already holds what they chose.
        await writeFile(join(folder, relative), value, { mode: 0o600, flag: 'wx' });
        result.written.push(relative);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        result.kept.push(relative);
      }
    }
  }
  if (result.written.length + result.kept.length === 0) return result;
  for (const ignoreFile of ['.gitignore', '.dockerignore']) {
    let text: string;
    try {
      text = await readFile(join(folder, ignoreFile), 'utf8');
    } catch {
      continue; // only where the project has one
    }
    if (ignoresSecrets(text)) continue;
    await appendFile(join(folder, ignoreFile), `${text === '' || text.endsWith('\n') ? '' : '\n'}${SECRETS_FOLDER}/\n`);
    result.ignoredIn.push(ignoreFile);
  }
  return result;
}
