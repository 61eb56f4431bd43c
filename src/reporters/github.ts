import type { Report } from '../evaluation/report.js';
import type { Severity } from '../model/severity.js';
import { githubCommandEscape } from './escape.js';
import { activeFindings, describeProblem } from './policy-text.js';

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'notice',
  info: 'notice',
};

/** GitHub Actions workflow commands: one annotation per finding, on its file and line where it has one. */
export function renderGithub(report: Report): string {
  return activeFindings(report)
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
    .concat(
      report.policy.problems.map((problem) => {
        const { location } = problem;
        const properties = [
          ...(location?.file ? [`file=${githubCommandEscape(location.file, true)}`] : []),
          ...(location?.line ? [`line=${location.line}`] : []),
          `title=${githubCommandEscape(`dockward ${problem.kind} waiver`, true)}`,
        ];
        return `::warning ${properties.join(',')}::${githubCommandEscape(describeProblem(problem))}\n`;
      }),
    )
    .join('');
}
