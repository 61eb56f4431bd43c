import { createColors } from 'picocolors';
import type { Report } from '../evaluation/report.js';
import { runsByEngine } from './by-engine.js';
import type { Severity } from '../model/severity.js';
import type { Finding } from '../model/finding.js';
import { SEVERITIES } from '../model/severity.js';
import { auditedTargets } from './audited.js';
import { findingsByTarget } from './by-target.js';
import { fixLines } from './fix-line.js';
import { terminalSafe } from './escape.js';
import { wrapLine } from './wrap.js';
import { activeFindings, describeProblem, describeWaiver, waivedFindings } from './policy-text.js';

export interface TableOptions {
  color: boolean;
  showCapabilities: boolean;
  /** The closing line with the counts (default; not with --quiet). */
  summary?: boolean;
  /** The terminal's width, to wrap lines to; piped output is not wrapped. */
  width?: number;
}

/** `line:column` of a finding in its file, or nothing when the source gave no line. */
function position({ location }: Finding): string {
  if (location?.line === undefined) return '';
  return location.column === undefined ? `${location.line}` : `${location.line}:${location.column}`;
}

/** Findings by file, in the order files first appear, each file's findings by line and column. */
function byFile(findings: readonly Finding[]): Map<string, Finding[]> {
  const files = new Map<string, Finding[]>();
  for (const finding of findings) {
    const file = finding.location?.file ?? '';
    const list = files.get(file);
    if (list) list.push(finding);
    else files.set(file, [finding]);
  }
  const at = (finding: Finding) => [finding.location?.line ?? 0, finding.location?.column ?? 0] as const;
  for (const list of files.values())
    list.sort((a, b) => {
      const [lineA, columnA] = at(a);
      const [lineB, columnB] = at(b);
      return lineA - lineB || columnA - columnB;
    });
  return files;
}

export function renderTable(report: Report, { color, showCapabilities, summary = true, width }: TableOptions): string {
  const c = createColors(color);
  const paint: Record<Severity, (text: string) => string> = {
    critical: (text) => c.bold(c.red(text)),
    high: c.red,
    medium: c.yellow,
    low: c.cyan,
    info: c.dim,
  };
  const fixOf = fixLines(report);
  const active = activeFindings(report);
  // Findings of files come grouped by file, each at its line:column, as ESLint and hadolint print them.
  const inFile = (finding: Finding) => report.engine.source === 'lint' && finding.location?.file !== undefined;
  const located = active.filter(inFile);
  const findingsOf = findingsByTarget(active.filter((finding) => !inFile(finding)));
  const ruleWidth = Math.max(0, ...active.map((finding) => finding.ruleId.length));
  const lines: string[] = [];
  const withFindings = new Set(located.map((finding) => finding.targetId));

  for (const [file, findings] of byFile(located)) {
    const positionWidth = Math.max(...findings.map((finding) => position(finding).length));
    lines.push(c.bold(terminalSafe(file)));
    for (const finding of findings) {
      const label = paint[finding.severity](finding.severity.toUpperCase().padEnd(8));
      const where = c.dim(position(finding).padEnd(positionWidth));
      lines.push(
        `  ${where}  ${label}  ${finding.ruleId.padEnd(ruleWidth)}  ${terminalSafe(finding.target)}: ${terminalSafe(finding.message)}`,
      );
      const fix = fixOf(finding);
      if (fix)
        lines.push(`  ${' '.repeat(positionWidth)}  ${' '.repeat(8)}  ${' '.repeat(ruleWidth)}  ${c.dim(`fix: ${terminalSafe(fix)}`)}`);
    }
    lines.push('');
  }

  // Several engines: each under its own heading, its engine-level findings first.
  const fleet = report.engine.source === 'engines';
  for (const { engine, items: targets } of runsByEngine(report.targets, (target) => target.engine)) {
    if (fleet && engine !== undefined) lines.push(c.bold(c.underline(`engine ${terminalSafe(engine)}`)), '');
    const clean: string[] = [];
    for (const target of targets) {
      const findings = findingsOf(target.id);
      if (withFindings.has(target.id) && findings.length === 0) continue;
      const capabilityLines: string[] = [];
      if (target.kind === 'container' && showCapabilities) {
        capabilityLines.push(`  ${c.dim('capabilities:')} ${target.effectiveCapabilities.join(', ') || '(none)'}`);
        if (target.observedCapabilities) {
          capabilityLines.push(`  ${c.dim('process holds:')} ${target.observedCapabilities.join(', ') || '(none)'}`);
        }
      }
      if (target.kind === 'container' && target.capabilityMismatch) {
        const { missing, unexpected } = target.capabilityMismatch;
        const parts = [
          missing.length ? `not held: ${missing.join(', ')}` : '',
          unexpected.length ? `held beyond the settings: ${unexpected.join(', ')}` : '',
        ].filter(Boolean);
        capabilityLines.push(`  ${c.dim('process differs from the settings:')} ${parts.join('; ')}`);
      }
      if (findings.length === 0 && capabilityLines.length === 0) {
        // Under its engine's heading, the engine is not named again.
        clean.push(fleet && target.kind === 'engine' ? 'the engine itself' : terminalSafe(target.name));
        continue;
      }
      const details =
        target.kind === 'engine' ? 'engine' : [target.id.slice(0, 12), target.image, target.state].filter(Boolean).join(' · ');
      lines.push(`${c.bold(terminalSafe(target.name))}  ${c.dim(terminalSafe(details))}`);
      for (const finding of findings) {
        const label = paint[finding.severity](finding.severity.toUpperCase().padEnd(8));
        lines.push(`  ${label}  ${finding.ruleId.padEnd(ruleWidth)}  ${terminalSafe(finding.message)}`);
        const fix = fixOf(finding);
        if (fix) lines.push(`  ${' '.repeat(8)}  ${' '.repeat(ruleWidth)}  ${c.dim(`fix: ${terminalSafe(fix)}`)}`);
      }
      lines.push(...capabilityLines, '');
    }
    if (clean.length > 0) lines.push(`${c.green('no findings:')} ${clean.join(', ')}`, '');
  }

  const waived = waivedFindings(report);
  if (waived.length > 0) {
    lines.push(c.bold('waived (reported, not counted toward --fail-on)'));
    for (const finding of waived) {
      const waiver = c.dim(terminalSafe(describeWaiver(finding.waiver)));
      lines.push(`  ${finding.severity.padEnd(8)}  ${terminalSafe(finding.target)}  ${finding.ruleId}  ${waiver}`);
    }
    lines.push('');
  }
  if (report.policy.problems.length > 0) {
    lines.push(c.bold(c.yellow('waiver problems')));
    for (const problem of report.policy.problems) lines.push(`  ${terminalSafe(describeProblem(problem))}`);
    lines.push('');
  }
  // What the input leaves unknown, said once rather than for each of its targets.
  if (report.engine.source === 'lint') for (const note of report.engine.notes ?? []) lines.push(c.dim(`note: ${terminalSafe(note)}`), '');
  if (report.policy.baseline)
    lines.push(
      c.dim(`${report.policy.baseline.hidden} findings already in the baseline ${terminalSafe(report.policy.baseline.file)} are not shown`),
      '',
    );

  const joined = (all: readonly string[]) =>
    all.length > 0 ? `${(width === undefined ? all : all.map((line) => wrapLine(line, width))).join('\n')}\n` : '';
  if (!summary) return joined(lines);
  const counts = SEVERITIES.map((severity) => {
    const text = `${report.summary[severity]} ${severity}`;
    return report.summary[severity] > 0 ? paint[severity](text) : text;
  });
  const aside = [
    waived.length > 0 ? `${waived.length} waived` : '',
    report.suppressed.length > 0 ? `${report.suppressed.length} suppressed` : '',
  ]
    .filter(Boolean)
    .join(', ');
  const waivedNote = aside ? ` (and ${aside})` : '';
  lines.push(`${auditedTargets(report)} audited (profile ${report.profile}), ${active.length} findings${waivedNote}: ${counts.join(', ')}`);
  return joined(lines);
}
