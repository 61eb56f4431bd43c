import { errorMessage } from '../errors.js';
import { audit } from '../evaluation/audit.js';
import { SPEC_PATH, type Finding } from '../model/finding.js';
import type { ContainerTarget } from '../model/target.js';
import type { Policy } from '../model/policy.js';
import { severityRank, type Severity } from '../model/severity.js';
import { fixIn, type Rule } from '../rules/define-rule.js';
import {
  execTarget,
  existingContainerTarget,
  resolveExec,
  resolveOnHost,
  type GuardedHost,
  type InterpretedRequest,
  type SpecField,
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
  /** How findings fingerprint a secret (see AuditSettings). */
  secretFingerprint: (value: string) => string;
}

/** A verdict on one request: the rules at fault and the message the client will see. */
export interface Verdict {
  deny: boolean;
  /** What the request was, for the log: create, start, service-create, plugin, volume-create, exec, update, undecidable, other. */
  kind: string;
  rules: string[];
  message?: string;
}

function reaches(severity: Severity, failOn: Severity | 'none'): boolean {
  return failOn !== 'none' && severityRank(severity) >= severityRank(failOn);
}

function describe(findings: readonly { ruleId: string; severity: Severity; message: string }[], rules: readonly Rule[]): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const finding of findings) {
    if (seen.has(finding.ruleId)) continue;
    seen.add(finding.ruleId);
    const rule = rules.find((candidate) => candidate.id === finding.ruleId);
    const fix = rule && fixIn(rule, 'run');
    parts.push(`${finding.ruleId} (${finding.severity}): ${finding.message}${fix ? `; fix: ${fix}` : ''}`);
  }
  return `dockward denied this request: ${parts.join(' | ')}`;
}

/** Whether a finding is about one of the fields; one without a spec path counts, so a judgement never misses it. */
function isAtAny(finding: Finding, fields: readonly string[]): boolean {
  const field = finding[SPEC_PATH]?.[0];
  return field === undefined || fields.includes(String(field));
}

function undecidable(reason: string): Verdict {
  return { deny: true, kind: 'undecidable', rules: [], message: `dockward cannot judge this request, so it is denied: ${reason}` };
}

function lookupFailed(error: unknown): Verdict {
  return undecidable(`it could not look up what the request names (${errorMessage(error)})`);
}

const livePolicies = new WeakMap<Policy, Policy>();

/**
 * The policy for a change to a running container: each rule's documented
 * live-change severity, beneath the configuration's own settings for it
 * (which win, `off` included). One per policy object, so that evaluation's
 * rule selection is still made once per policy.
 */
function livePolicy(policy: Policy, rules: readonly Rule[]): Policy {
  let live = livePolicies.get(policy);
  if (!live) {
    const defaults = rules.flatMap((rule) => (rule.liveChangeSeverity ? [[rule.id, { severity: rule.liveChangeSeverity }] as const] : []));
    live = { ...policy, rules: { ...Object.fromEntries(defaults), ...policy.rules } };
    livePolicies.set(policy, live);
  }
  return live;
}

interface Judgement {
  what: string;
  targets: readonly ContainerTarget[];
  fields?: readonly SpecField[] | undefined;
  changesRunning?: boolean | undefined;
}

/**
 * The same audit as scan and lint, under the policy the configuration gives;
 * `stop` (the time budget) ends a secret pass early and makes evaluation
 * throw EvaluationStopped.
 */
async function judgeTargets(
  { what, targets, fields, changesRunning }: Judgement,
  settings: AuthzSettings,
  stop: () => boolean,
  requester: string,
): Promise<Verdict> {
  const { failOn, rules } = settings;
  const policy = changesRunning ? livePolicy(settings.policy(), rules) : settings.policy();
  const host = { engineSockets: settings.engineSockets ?? [] };
  const { secretFingerprint } = settings;
  const { evaluation } = await audit({ containers: targets, host, secretFingerprint, stop, enforcement: { requester } }, rules, policy);
  const counts = (finding: Finding) =>
    !finding.waiver && reaches(finding.severity, failOn) && (fields === undefined || isAtAny(finding, fields));
  const denying = evaluation.containers.flatMap((container) => container.findings.filter(counts));
  return denying.length === 0
    ? { deny: false, kind: what, rules: [] }
    : { deny: true, kind: what, rules: [...new Set(denying.map((finding) => finding.ruleId))], message: describe(denying, rules) };
}

/** Containers as written, then, if that allows them, with what the host adds (a named volume's path, a shared namespace). */
async function judgeContainers(
  request: Extract<InterpretedRequest, { kind: 'containers' }>,
  settings: AuthzSettings,
  stop: () => boolean,
  requester: string,
): Promise<Verdict> {
  // What the host adds can only add findings: a request denied as written needs no lookups.
  const asWritten = await judgeTargets(request, settings, stop, requester);
  if (asWritten.deny || !settings.host) return asWritten;
  let resolved: ContainerTarget[];
  try {
    const raw = request.existing === undefined ? undefined : await settings.host.container(request.existing);
    const targets = raw === undefined ? request.targets : [...request.targets, existingContainerTarget(raw)];
    resolved = await resolveOnHost(targets, settings.host);
    if (resolved.length === request.targets.length && resolved.every((target, index) => target === request.targets[index]))
      return asWritten;
  } catch (error) {
    return lookupFailed(error);
  }
  return judgeTargets({ ...request, targets: resolved }, settings, stop, requester);
}

/**
 * Judges one interpreted request against the policy: every kind that can
 * weaken isolation becomes targets for the same rules, profiles, severity
 * overrides and waivers as an audit.
 */
export async function judge(
  request: InterpretedRequest,
  settings: AuthzSettings,
  stop: () => boolean = () => false,
  requester = '',
): Promise<Verdict> {
  switch (request.kind) {
    case 'containers':
      return judgeContainers(request, settings, stop, requester);
    case 'exec': {
      let exec = request;
      try {
        if (settings.host) exec = await resolveExec(request, settings.host);
      } catch (error) {
        return lookupFailed(error);
      }
      // An exec changes a running container; only what the session itself does counts.
      return judgeTargets(
        { what: 'exec', targets: [execTarget(exec)], fields: ['observed'], changesRunning: true },
        settings,
        stop,
        requester,
      );
    }
    case 'undecidable':
      return undecidable(request.reason);
    case 'other':
      return { deny: false, kind: 'other', rules: [] };
  }
}
