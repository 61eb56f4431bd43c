import type { Suppression } from '../../model/suppression.js';

const SUPPRESSION = /#\s*dockward-ignore\s+([\w,-]+)\s*(?:--\s*(.*?))?\s*$/;

/** Finds `# dockward-ignore` comments in any text that uses # comments (YAML, shell, Makefiles). */
export function findSuppressions(text: string, file: string): Suppression[] {
  const found: Suppression[] = [];
  text.split('\n').forEach((line, index) => {
    const match = SUPPRESSION.exec(line);
    if (!match) return;
    const reason = match[2]?.trim();
    found.push({
      file,
      line: index + 1,
      column: match.index + 1,
      rules: (match[1] ?? '').split(',').filter(Boolean),
      ...(reason && { reason }),
    });
  });
  return found;
}
