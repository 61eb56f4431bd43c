import { fixIn } from '../rules/define-rule.js';
import type { Report } from '../evaluation/report.js';
import type { Finding } from '../model/finding.js';
import type { ReporterContext } from './context.js';
import { xmlEscape } from './escape.js';
import { findingsByTarget } from './by-target.js';
import { fixLines } from './fix-line.js';
import { describeWaiver, whereOf } from './policy-text.js';

function where(finding: Finding): string {
  return whereOf(finding.location, finding.path);
}

function skipReason(finding: Finding | undefined): string {
  if (finding?.waiver) return describeWaiver(finding.waiver);
  return `suppressed: ${finding?.suppression?.reason ?? ''}`;
}

/**
 * JUnit XML: one test suite per target, one test case per target and applied
 * rule. A rule that raised nothing is a passing case; its findings are
 * failures; suppressed and waived ones are skipped with their reason.
 */
export function renderJunit(report: Report, { appliedRules }: ReporterContext): string {
  const suites: string[] = [];
  const all = [...report.findings, ...report.suppressed];
  const fixOf = fixLines(report);
  const findingsOf = findingsByTarget(all);
  const groups: { name: string; id: string; scope: 'container' | 'engine' | 'policy' }[] = [
    // Services are judged by the container rules, like the containers their tasks become.
    ...report.targets.map((target) => ({
      name: target.name,
      id: target.id,
      scope: target.kind === 'service' ? ('container' as const) : target.kind,
    })),
    ...[...new Set(all.filter((finding) => finding.ruleId === 'suppression-without-reason').map((finding) => finding.targetId))].map(
      (id) => ({
        name: findingsOf(id)[0]?.target ?? id,
        id,
        scope: 'policy' as const,
      }),
    ),
  ];
  let totalTests = 0;
  let totalFailures = 0;
  let totalSkipped = 0;
  for (const group of groups) {
    const rules = appliedRules.filter((rule) => rule.scope === group.scope);
    const ofGroup = findingsOf(group.id);
    const cases = rules.map((rule) => {
      const findings = ofGroup.filter((finding) => finding.ruleId === rule.id);
      const active = findings.filter((finding) => !finding.suppression && !finding.waiver);
      const body = active
        .map((finding) => {
          const text = `${finding.severity} ${finding.ruleId} at ${where(finding)}: ${finding.message}\nfix: ${fixOf(finding) ?? fixIn(rule, 'run') ?? ''}`;
          return `<failure message="${xmlEscape(finding.message)}" type="${finding.severity}">${xmlEscape(text)}</failure>`;
        })
        .join('');
      const skipped = active.length === 0 && findings.length > 0 ? `<skipped message="${xmlEscape(skipReason(findings[0]))}"/>` : '';
      return {
        failed: active.length > 0,
        skipped: skipped !== '',
        xml: `    <testcase classname="${xmlEscape(group.name)}" name="${xmlEscape(rule.id)}">${body}${skipped}</testcase>`,
      };
    });
    const failures = cases.filter((c) => c.failed).length;
    const skipped = cases.filter((c) => c.skipped).length;
    totalTests += cases.length;
    totalFailures += failures;
    totalSkipped += skipped;
    const counts = `tests="${cases.length}" failures="${failures}" skipped="${skipped}" errors="0"`;
    suites.push(`  <testsuite name="${xmlEscape(group.name)}" ${counts}>\n${cases.map((c) => c.xml).join('\n')}\n  </testsuite>`);
  }
  const counts = `tests="${totalTests}" failures="${totalFailures}" skipped="${totalSkipped}" errors="0"`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="dockward" ${counts}>\n${suites.join('\n')}\n</testsuites>\n`;
}
