import { isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderRuleMarkdown } from '../docs/rule-sections.js';
import type { Report } from '../evaluation/report.js';
import type { Finding } from '../model/finding.js';
import { labelledFixes } from '../rules/define-rule.js';
import { describeWaiver } from './policy-text.js';
import type { Severity } from '../model/severity.js';
import type { ReporterContext } from './context.js';

/** SARIF result levels (SARIF 2.1.0 §3.27.10). */
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/**
 * GitHub code scanning's security-severity scale: over 9.0 critical, 7.0 to
 * 8.9 high, 4.0 to 6.9 medium, 0.1 to 3.9 low.
 */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.1' };

/** Repository-relative paths as relative URIs (what code scanning expects); others as file URIs. */
function artifactUri(file: string, cwd: string): string {
  const path = isAbsolute(file) ? relative(cwd, file) : file;
  if (path.startsWith('..') || isAbsolute(path)) return pathToFileURL(file).href;
  return path.split(sep).map(encodeURIComponent).join('/');
}

/**
 * Where a finding without a file points: code scanning refuses a result with
 * no physical location, and any URI scheme but a repository-relative path,
 * so a live container is named by a stable path of its own,
 * `docker/<engine>/<container>` (`docker/unix/var/run/docker.sock/web`).
 */
function targetUri(finding: Finding): string {
  const engine = finding.engine?.replace('://', '/').replace(/\/+/g, '/') ?? 'inspect';
  const segments = [...engine.split('/'), finding.target].filter(Boolean).map((part) => part.replace(/[^\w.-]/g, '_'));
  return ['docker', ...segments].join('/');
}

function result(finding: Finding, ruleIndex: number, cwd: string) {
  const { location } = finding;
  const file = location?.file === '-' ? undefined : location?.file;
  return {
    ruleId: finding.ruleId,
    ...(ruleIndex !== -1 && { ruleIndex }),
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: file === undefined ? targetUri(finding) : artifactUri(file, cwd) },
          ...(location?.line !== undefined && {
            region: { startLine: location.line, ...(location.column !== undefined && { startColumn: location.column }) },
          }),
        },
        logicalLocations: [
          { name: finding.target, fullyQualifiedName: `${finding.target}/${location?.field ?? finding.path}`, kind: 'object' },
        ],
      },
    ],
    partialFingerprints: {
      'dockward/v1': `${finding.ruleId}:${finding.targetId}:${finding.path}:${finding.messageId}`,
      'dockward/finding/v1': finding.fingerprint,
    },
    properties: { severity: finding.severity, target: finding.target },
    ...(finding.suppression && { suppressions: [{ kind: 'inSource', justification: finding.suppression.reason }] }),
    // A waiver lives outside the audited source (the configuration or a container label), and a person accepted it.
    ...(finding.waiver && { suppressions: [{ kind: 'external', status: 'accepted', justification: describeWaiver(finding.waiver) }] }),
  };
}

/** SARIF 2.1.0 with rule metadata for GitHub code scanning (tool.driver.rules, help, security-severity). */
export function renderSarif(report: Report, { appliedRules }: ReporterContext, cwd = process.cwd()): string {
  const rules = appliedRules.map((rule) => ({
    id: rule.id,
    name: rule.id.replace(/(^|-)(\w)/g, (_, __, letter: string) => letter.toUpperCase()),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.rationale },
    help: {
      text: [
        rule.remediation,
        ...labelledFixes(rule).map(({ label, text }) => `${label}: ${text}`),
        `Check: ${rule.verify}`,
        ...(rule.verifyInCluster !== undefined ? [`Check in a cluster: ${rule.verifyInCluster}`] : []),
      ].join('\n'),
      markdown: renderRuleMarkdown(rule),
    },
    ...(rule.references[0] && { helpUri: rule.references[0] }),
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      'security-severity': SECURITY_SEVERITY[rule.severity],
      tags: ['security', 'docker', ...rule.profiles.map((profile) => `profile:${profile}`), ...(rule.cis ? [`cis:${rule.cis}`] : [])],
      precision: 'high',
    },
  }));
  const indexOf = new Map(rules.map((rule, index) => [rule.id, index]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'dockward', version: report.tool.version, semanticVersion: report.tool.version, rules } },
        results: [...report.findings, ...report.suppressed].map((finding) => result(finding, indexOf.get(finding.ruleId) ?? -1, cwd)),
        properties: { profile: report.profile, summary: report.summary },
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
