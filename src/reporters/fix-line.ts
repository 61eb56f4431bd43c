import type { Report } from '../evaluation/report.js';
import type { Finding } from '../model/finding.js';
import { fixIn } from '../rules/define-rule.js';

/**
 * Each finding's fix line in the words of its target's source: the rule's
 * Compose fix for a Compose service, its manifest fix for a pod's container,
 * its `docker run` flags for run lines, live containers and inspect output
 * (engine findings included); a finding
 * with a fix of its own (the secret a variable moves into) gives that.
 */
export function fixLines(report: Report): (finding: Finding) => string | undefined {
  const fixes = new Map(report.rules.map((rule) => [rule.id, rule.fix]));
  const syntaxOf = new Map(report.targets.flatMap((target) => (target.kind === 'engine' ? [] : [[target.id, target.syntax] as const])));
  return (finding) => {
    if (finding.fix !== undefined) return finding.fix;
    const rule = fixes.get(finding.ruleId);
    return rule && fixIn({ fix: rule }, syntaxOf.get(finding.targetId) ?? 'run');
  };
}
