import type { ContainerTarget } from '../model/target.js';
import { secretValues } from '../secrets/named-values.js';
import type { SecretFormats } from '../secrets/secret-formats.js';

/** What a secret value is shown as. */
export const MASK = '********';

/** Replaces every secret value in text that is shown: a diff, a command, a generated service. */
export function maskSecrets(text: string, targets: readonly ContainerTarget[], formats: SecretFormats): { text: string; masked: boolean } {
  const values = targets.flatMap((target) => secretValues(target.spec, formats)).filter((value) => value.length > 0);
  const masked = values.reduce((current, value) => current.split(value).join(MASK), text);
  return { text: masked, masked: masked !== text };
}
