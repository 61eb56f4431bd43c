import type { ContainerTarget } from '../model/target.js';
import { classifySecret } from '../secrets/classify.js';
import { secretValues } from '../secrets/named-values.js';
import { findSecretFormats, type SecretCandidate, type SecretFormats } from '../secrets/secret-formats.js';

/** What a secret value is shown as. */
export const MASK = '********';

/** `name: value`, `NAME=value` and `--name=value` as a printed line writes them, list dashes and quotes aside. */
const NAMED_ON_LINE = /^[\s+-]*["']?-{0,2}([A-Za-z_][\w.-]*)["']?\s*[:=]\s*["']?(.*?)["']?\s*(?:#.*)?$/;

/**
 * What the detector is asked about the printed text itself: each line's
 * named value and every word. A diff's context lines and the parts of a
 * file no container setting reads (an x- extension, a comment) are shown too,
 * so they go through the detector the findings use.
 */
function candidatesOf(text: string): SecretCandidate[] {
  return text.split('\n').flatMap((line) => {
    const named = NAMED_ON_LINE.exec(line);
    const words = line.split(/[\s"'`,;[\]{}()]+/).filter((word) => word.length > 0);
    return [
      // A flow collection (`services: {a: …}`) is not one value: its words are judged one by one.
      ...(named?.[1] !== undefined && named[2] && !/^[[{]/.test(named[2]) ? [{ name: named[1], value: named[2] }] : []),
      // A word as written (a URL with its credentials) and past its first = or : (`--token=…`, `TOKEN=…`).
      ...words.flatMap((word) => [...new Set([word, word.replace(/^[^=:]*[=:](?=.)/, '')])].map((value) => ({ name: 'argument', value }))),
    ];
  });
}

/**
 * What replaces every secret value in texts that are shown (a diff's two
 * sides, a command, a generated service): the values the targets' settings
 * hold, and whatever in the texts the detector takes for a secret. The texts
 * are judged together, so a value is masked alike wherever it appears.
 */
export async function secretMasker(
  texts: readonly string[],
  targets: readonly ContainerTarget[],
  formats: SecretFormats,
): Promise<(text: string) => string> {
  const candidates = texts.flatMap(candidatesOf);
  const textFormats = await findSecretFormats(candidates);
  const values = [
    ...targets.flatMap((target) => secretValues(target.spec, formats)),
    ...candidates.filter(({ name, value }) => classifySecret(name, value, textFormats)).map(({ value }) => value),
  ]
    .filter((value) => value.length > 0 && value !== MASK)
    // Longest first: a value that holds another is masked whole.
    .sort((a, b) => b.length - a.length);
  return (text) => values.reduce((current, value) => current.split(value).join(MASK), text);
}

export async function maskSecrets(
  text: string,
  targets: readonly ContainerTarget[],
  formats: SecretFormats,
): Promise<{ text: string; masked: boolean }> {
  const masked = (await secretMasker([text], targets, formats))(text);
  return { text: masked, masked: masked !== text };
}
