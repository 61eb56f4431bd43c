import { evaluate } from '../evaluation/evaluate.js';
import type { Finding } from '../model/finding.js';
import type { ContainerTarget } from '../model/target.js';
import type { Policy } from '../model/policy.js';
import { severityRank, type Severity } from '../model/severity.js';
import { isRootId, runsAsRoot } from '../model/users.js';
import type { Rule } from '../rules/define-rule.js';
import { detectSecretFormats } from '../secrets/named-values.js';
import {
  existingContainerTarget,
  resolveExec,
  resolveOnHost,
  type GuardedHost,
  type InterpretedRequest,
} from '../sources/authz-request/authz-request.js';

export interface AuthzSettings {
  /** Asked per request: a long-running plugin must see a waiver expire. */
  policy(): Policy;
  failOn: Severity | 'none';
  rules: readonly Rule[];
  /** Reads what a request names from the engine and the host, so what that brings is judged too. */
  host?: GuardedHost;
  /** Where the guarded engine's API listens, when that is known: a mount of it, or of a directory above it, is the engine socket. */
  engineSockets?: readonly string[];
}

/** A verdict on one request: the rules at fault and the message the client will see. */
export interface Verdict {
  deny: boolean;
  /** What the request was, for the log: create, start, service-create, plugin, volume-create, exec, update, undecidable, other. */
  kind: string;
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

/** Whether a finding's spec path (`mounts[0].source`) is at a field or below it. */
function isAt(path: string, field: string): boolean {
  return path === field || path.startsWith(`${field}[`) || path.startsWith(`${field}.`);
}

function undecidable(reason: string): Verdict {
  return { deny: true, kind: 'undecidable', rules: [], message: `dockward cannot judge this request, so it is denied: ${reason}` };
}

function lookupFailed(error: unknown): Verdict {
  return undecidable(`it could not look up what the request names (${(error as Error).message})`);
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
export async function judge(
  request: InterpretedRequest,
  settings: AuthzSettings,
  stop: () => boolean = () => false,
  requester = '',
): Promise<Verdict> {
  const { failOn, rules } = settings;
  switch (request.kind) {
    case 'containers': {
      const { fields, what, existing } = request;
      const judgeTargets = async (targets: readonly ContainerTarget[]): Promise<Verdict> => {
        const secretFormats = await detectSecretFormats(targets, stop);
        const evaluation = evaluate(
          { containers: targets, host: { engineSockets: settings.engineSockets ?? [] }, secretFormats, stop, enforcement: { requester } },
          rules,
          settings.policy(),
        );
        const counts = (finding: Finding) =>
          !finding.waiver &&
          reaches(finding.severity, failOn) &&
          (fields === undefined || fields.some((field) => isAt(finding.path, field)));
        const denying = evaluation.containers.flatMap((container) => container.findings.filter(counts));
        return denying.length === 0
          ? { deny: false, kind: what, rules: [] }
          : { deny: true, kind: what, rules: [...new Set(denying.map((finding) => finding.ruleId))], message: describe(denying, rules) };
      };
      // What the host adds can only add findings: a request denied as written needs no lookups.
      const asWritten = await judgeTargets(request.targets);
      if (asWritten.deny || !settings.host) return asWritten;
      let resolved: ContainerTarget[];
      try {
        const raw = existing === undefined ? undefined : await settings.host.container(existing);
        const targets = raw === undefined ? request.targets : [...request.targets, existingContainerTarget(raw)];
        resolved = await resolveOnHost(targets, settings.host);
        if (resolved.length === request.targets.length && resolved.every((target, index) => target === request.targets[index]))
          return asWritten;
      } catch (error) {
        return lookupFailed(error);
      }
      return judgeTargets(resolved);
    }
    case 'exec': {
      let exec = request;
      try {
        if (settings.host) exec = await resolveExec(request, settings.host);
      } catch (error) {
        return lookupFailed(error);
      }
      const found = [
        ...(exec.privileged
          ? [
              {
                ruleId: 'exec-privileged',
                severity: ACTIVE_WEAKENING,
                message: `exec ${exec.command || 'a command'} --privileged in ${exec.container}`,
              },
            ]
          : []),
        ...((exec.uid === undefined ? runsAsRoot(exec.user) : isRootId(exec.uid))
          ? [
              {
                ruleId: 'exec-root',
                severity: ACTIVE_WEAKENING,
                message: `exec ${exec.command || 'a command'} as ${exec.user} in ${exec.container}`,
              },
            ]
          : []),
      ].filter((finding) => !ruleOff(settings, finding.ruleId) && reaches(finding.severity, failOn));
      return found.length === 0
        ? { deny: false, kind: 'exec', rules: [] }
        : { deny: true, kind: 'exec', rules: found.map((finding) => finding.ruleId), message: describe(found, rules) };
    }
    case 'update': {
      const found = request.removedLimits
        .map((ruleId) => ({
          ruleId,
          severity: ACTIVE_WEAKENING,
          message: `update of ${request.container} removes its ${ruleId.replace('-limit', '')} limit`,
        }))
        .filter((finding) => !ruleOff(settings, finding.ruleId) && reaches(finding.severity, failOn));
      return found.length === 0
        ? { deny: false, kind: 'update', rules: [] }
        : { deny: true, kind: 'update', rules: found.map((finding) => finding.ruleId), message: describe(found, rules) };
    }
    case 'undecidable':
      return undecidable(request.reason);
    case 'other':
      return { deny: false, kind: 'other', rules: [] };
  }
}
