import type { Report } from '../evaluation/report.js';
import type { Finding } from '../model/finding.js';

/**
 * Each finding's fix line in the words of its target's source: the rule's
 * Compose fix for a Compose service, its `docker run` flags for run lines,
 * live containers and inspect output (engine findings included); a finding
 * with a fix of its own (the secret a variable moves into) gives that.
 */
export function fixLines(report: Report): (finding: Finding) => string | undefined {
  const fixes = new Map(report.rules.map((rule) => [rule.id, rule.fix]));
  const composeTargets = new Set(
    report.targets.filter((target) => target.kind !== 'engine' && target.syntax === 'compose').map((target) => target.id),
  );
  return (finding) => {
    if (finding.fix !== undefined) return finding.fix;
    const fix = fixes.get(finding.ruleId);
    return fix && (composeTargets.has(finding.targetId) ? fix.compose : fix.run);
  };
}
