import { evaluate } from '../engine/evaluate.js';
import type { Finding } from '../model/finding.js';
import type { Policy } from '../model/policy.js';
import { severityRank, type Severity } from '../model/severity.js';
import type { Rule } from '../rules/define-rule.js';
import { detectSecretFormats } from '../secrets/named-values.js';
import type { InterpretedRequest } from './authz-request.js';

export interface AuthzSettings {
  /** Asked per request: a long-running plugin must see a waiver expire. */
  policy(): Policy;
  failOn: Severity | 'none';
  rules: readonly Rule[];
}

/** A verdict on one request: the rules at fault and the message the client will see. */
export interface Verdict {
  deny: boolean;
  /** What the request was, for the log: create, exec, update, plugin, undecidable, other. */
  kind: InterpretedRequest['kind'];
  rules: string[];
  message?: string;
}

/**
 * Running exec as root or privileged, or lifting a limit off a running
 * container, weakens something already deployed: the plugin judges these at
 * high, whatever the audit rule's own severity for a finding after the fact.
 */
const ACTIVE_WEAKENING: Severity = 'high';

function reaches(severity: Severity, failOn: Severity | 'none'): boolean {
  return failOn !== 'none' && severityRank(severity) >= severityRank(failOn);
}

function describe(findings: readonly { ruleId: string; severity: Severity; message: string }[], rules: readonly Rule[]): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const finding of findings) {
    if (seen.has(finding.ruleId)) continue;
    seen.add(finding.ruleId);
    const fix = rules.find((rule) => rule.id === finding.ruleId)?.fix.run;
    parts.push(`${finding.ruleId} (${finding.severity}): ${finding.message}${fix ? `; fix: ${fix}` : ''}`);
  }
  return `dockward denied this request: ${parts.join(' | ')}`;
}

function ruleOff(settings: AuthzSettings, id: string): boolean {
  const setting = settings.policy().rules?.[id];
  return setting?.off === true;
}

/**
 * Judges one interpreted request against the policy. Creates go through the
 * same evaluate() as scan and lint; `stop` (the time budget) ends a secret
 * pass early and makes evaluate() throw EvaluationStopped.
 */
export async function judge(request: InterpretedRequest, settings: AuthzSettings, stop: () => boolean = () => false): Promise<Verdict> {
  const { failOn, rules } = settings;
  switch (request.kind) {
    case 'create': {
      const secretFormats = await detectSecretFormats([request.target], stop);
      const evaluation = evaluate({ containers: [request.target], host: {}, secretFormats, stop }, rules, settings.policy());
      const denying: Finding[] = (evaluation.containers[0]?.findings ?? []).filter((finding) => !finding.waiver && reaches(finding.severity, failOn));
      return denying.length === 0
        ? { deny: false, kind: 'create', rules: [] }
        : { deny: true, kind: 'create', rules: [...new Set(denying.map((finding) => finding.ruleId))], message: describe(denying, rules) };
    }
    case 'exec': {
      const uid = request.user.split(':')[0];
      const found = [
        ...(request.privileged ? [{ ruleId: 'exec-privileged', severity: ACTIVE_WEAKENING, message: `exec ${request.command || 'a command'} --privileged in ${request.container}` }] : []),
        ...(uid === '0' || uid === 'root' ? [{ ruleId: 'exec-root', severity: ACTIVE_WEAKENING, message: `exec ${request.command || 'a command'} as ${request.user} in ${request.container}` }] : []),
      ].filter((finding) => !ruleOff(settings, finding.ruleId) && reaches(finding.severity, failOn));
      return found.length === 0 ? { deny: false, kind: 'exec', rules: [] } : { deny: true, kind: 'exec', rules: found.map((finding) => finding.ruleId), message: describe(found, rules) };
    }
    case 'update': {
      const found = request.removedLimits
        .map((ruleId) => ({ ruleId, severity: ACTIVE_WEAKENING, message: `update of ${request.container} removes its ${ruleId.replace('-limit', '')} limit` }))
        .filter((finding) => !ruleOff(settings, finding.ruleId) && reaches(finding.severity, failOn));
      return found.length === 0 ? { deny: false, kind: 'update', rules: [] } : { deny: true, kind: 'update', rules: found.map((finding) => finding.ruleId), message: describe(found, rules) };
    }
    case 'plugin': {
      const severity = rules.find((rule) => rule.id === 'docker-socket-mount')?.severity ?? 'critical';
      if (request.engineSockets.length === 0 || ruleOff(settings, 'docker-socket-mount') || !reaches(severity, failOn)) return { deny: false, kind: 'plugin', rules: [] };
      const finding = { ruleId: 'docker-socket-mount', severity, message: `plugin ${request.plugin} asks to mount ${request.engineSockets.join(', ')}` };
      return { deny: true, kind: 'plugin', rules: [finding.ruleId], message: describe([finding], rules) };
    }
    case 'undecidable':
      return { deny: true, kind: 'undecidable', rules: [], message: `dockward cannot audit this container create request, so it is denied: ${request.reason}` };
    case 'other':
      return { deny: false, kind: 'other', rules: [] };
  }
}
