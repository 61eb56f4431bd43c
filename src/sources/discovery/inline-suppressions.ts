import { InputError } from '../../errors.js';
import type { Suppression } from '../../model/suppression.js';

const SUPPRESSION = /#\s*dockward-ignore\s+([\w,-]+)\s*(?:--\s*(.*?))?\s*$/;
/** Any comment that means to be one: `# dockward-ignore=x` (hadolint's spelling), `# dockward-ignore: x`, … */
const MENTION = /#\s*dockward-ignore\b/i;
const MENTION_ANYWHERE = /dockward-ignore/i;

const SYNTAX = '# dockward-ignore RULE[,RULE…] -- reason';

/**
 * Finds `# dockward-ignore` comments in any text that uses # comments (YAML,
 * shell, Makefiles). One that is not written as a suppression is a problem
 * at its place, as ESLint reports a disable comment it cannot read: left
 * alone, it would seem to suppress what it does not.
 */
export function findSuppressions(text: string, file: string): { suppressions: Suppression[]; problems: InputError[] } {
  const suppressions: Suppression[] = [];
  const problems: InputError[] = [];
  // Most files hold none: one search of the text instead of two of each line (a 10,000-object stream has 150,000).
  if (!MENTION_ANYWHERE.test(text)) return { suppressions, problems };
  text.split('\n').forEach((line, index) => {
    const match = SUPPRESSION.exec(line);
    if (!match) {
      const mention = MENTION.exec(line);
      if (mention)
        problems.push(
          new InputError(
            { file, line: index + 1, column: mention.index + 1 },
            `not a suppression comment dockward can read: write ${SYNTAX}`,
          ),
        );
      return;
    }
    const reason = match[2]?.trim();
    suppressions.push({
      file,
      line: index + 1,
      column: match.index + 1,
      rules: (match[1] ?? '').split(',').filter(Boolean),
      ...(reason && { reason }),
    });
  });
  return { suppressions, problems };
}
