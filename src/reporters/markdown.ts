import type { Report } from '../evaluation/report.js';
import { SEVERITIES } from '../model/severity.js';
import { auditedTargets } from './audited.js';
import { fixLines } from './fix-line.js';
import { markdownEscape } from './escape.js';
import { activeFindings, describeProblem, describeWaiver, waivedFindings, whereOf } from './policy-text.js';

/** How many findings a pull-request comment lists before it points at the full report. */
const MAX_ROWS = 100;

const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;

/** A pull-request comment: counts, then the findings worst first, each with where and how to fix. */
export function renderMarkdown(report: Report): string {
  const fixOf = fixLines(report);
  const counts = SEVERITIES.map((severity) => `${report.summary[severity]} ${severity}`).join(', ');
  const findings = activeFindings(report);
  const lines = [
    '## dockward',
    '',
    `${auditedTargets(report)} audited (profile \`${report.profile}\`): **${findings.length} findings**, ${counts}.`,
    '',
  ];
  if (findings.length > 0) {
    lines.push('| severity | rule | target | where | finding | fix |', '| --- | --- | --- | --- | --- | --- |');
    for (const finding of findings.slice(0, MAX_ROWS)) {
      const where = whereOf(finding.location, finding.path);
      const fix = fixOf(finding) ?? '';
      lines.push(
        row([
          finding.severity,
          `\`${finding.ruleId}\``,
          ...[finding.target, where, finding.message, fix].map((cell) => markdownEscape(cell)),
        ]),
      );
    }
    if (findings.length > MAX_ROWS)
      lines.push('', `… and ${findings.length - MAX_ROWS} more; see the full report (\`--format json\` or \`sarif\`).`);
    lines.push('');
  }
  const waived = waivedFindings(report);
  if (waived.length > 0) {
    lines.push(`### Waived (${waived.length}, not counted)`, '', '| severity | rule | target | waiver |', '| --- | --- | --- | --- |');
    for (const finding of waived) {
      lines.push(
        row([
          finding.severity,
          `\`${finding.ruleId}\``,
          ...[finding.target, describeWaiver(finding.waiver)].map((cell) => markdownEscape(cell)),
        ]),
      );
    }
    lines.push('');
  }
  if (report.policy.problems.length > 0) {
    lines.push('### Waiver problems', '', ...report.policy.problems.map((problem) => `- ${markdownEscape(describeProblem(problem))}`), '');
  }
  if (report.suppressed.length > 0) lines.push(`${report.suppressed.length} findings suppressed inline with a reason.`, '');
  lines.push('Run `dockward explain <rule>` for why each rule matters and how to check it by hand.', '');
  return lines.join('\n');
}
