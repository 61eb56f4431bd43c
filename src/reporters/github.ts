import type { Report } from '../engine/report.js';
import type { Severity } from '../model/severity.js';
import { githubCommandEscape } from './escape.js';

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { critical: 'error', high: 'error', medium: 'warning', low: 'notice', info: 'notice' };

/** GitHub Actions workflow commands: one annotation per finding, on its file and line where it has one. */
export function renderGithub(report: Report): string {
  return report.findings
    .map((finding) => {
      const { location } = finding;
      const properties = [
        ...(location?.file ? [`file=${githubCommandEscape(location.file, true)}`] : []),
        ...(location?.line ? [`line=${location.line}`] : []),
        ...(location?.column ? [`col=${location.column}`] : []),
        `title=${githubCommandEscape(`dockward ${finding.ruleId} (${finding.severity})`, true)}`,
      ];
      return `::${COMMAND[finding.severity]} ${properties.join(',')}::${githubCommandEscape(`${finding.target}: ${finding.message}`)}\n`;
    })
    .join('');
}
