/**
 * An inline `# dockward-ignore RULE[,RULE…] -- reason` comment. It covers
 * findings on its own line or the next one. One without a reason does not
 * apply, and is reported itself: accepting a risk needs a reason someone can
 * read later.
 */
export interface Suppression {
  file: string;
  line: number;
  column: number;
  rules: string[];
  reason?: string;
}

/** Whether a suppression covers a finding of this rule at this place. */
export function covers(suppression: Suppression, ruleId: string, location: { file?: string; line?: number } | undefined): boolean {
  if (suppression.reason === undefined || location?.file !== suppression.file || location.line === undefined) return false;
  const sameOrNextLine = location.line === suppression.line || location.line === suppression.line + 1;
  return sameOrNextLine && (suppression.rules.includes(ruleId) || suppression.rules.includes('all'));
}
