import type { Report } from '../engine/report.js';
import { SEVERITIES } from '../model/severity.js';
import { auditedTargets } from './audited.js';
import { markdownEscape } from './escape.js';

/** How many findings a pull-request comment lists before it points at the full report. */
const MAX_ROWS = 100;

/** A pull-request comment: counts, then the findings worst first, each with where and how to fix. */
export function renderMarkdown(report: Report): string {
  const fixOf = new Map(report.rules.map((rule) => [rule.id, rule.fix]));
  const counts = SEVERITIES.map((severity) => `${report.summary[severity]} ${severity}`).join(', ');
  const lines = [
    '## dockward',
    '',
    `${auditedTargets(report)} audited (profile \`${report.profile}\`): **${report.findings.length} findings**, ${counts}.`,
    '',
  ];
  if (report.findings.length > 0) {
    lines.push('| severity | rule | target | where | finding | fix |', '| --- | --- | --- | --- | --- | --- |');
    for (const finding of report.findings.slice(0, MAX_ROWS)) {
      const location = finding.location;
      const where = location?.file ? `${location.file}${location.line ? `:${location.line}` : ''}` : (location?.field ?? finding.path);
      const fix = fixOf.get(finding.ruleId)?.run ?? '';
      lines.push(
        `| ${finding.severity} | \`${finding.ruleId}\` | ${markdownEscape(finding.target)} | ${markdownEscape(where)} | ${markdownEscape(finding.message)} | ${markdownEscape(fix)} |`,
      );
    }
    if (report.findings.length > MAX_ROWS) lines.push('', `… and ${report.findings.length - MAX_ROWS} more; see the full report (\`--format json\` or \`sarif\`).`);
    lines.push('');
  }
  if (report.suppressed.length > 0) lines.push(`${report.suppressed.length} findings suppressed inline with a reason.`, '');
  lines.push('Run `dockward explain <rule>` for why each rule matters and how to check it by hand.', '');
  return lines.join('\n');
}
