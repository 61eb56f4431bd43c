import { normalizeCapability, sortCapabilities } from '../model/capabilities.js';
import type { ContainerSpec } from '../model/container-spec.js';
import type { Finding } from '../model/finding.js';
import type { RuleMeta } from '../rules/define-rule.js';
import { imageNeeds, readsFileVariable } from './image-needs.js';

export interface FixOptions {
  /** The address published ports are bound to. */
  bindAddress: string;
  /** Also add memory and PID limits and a bounded restart policy. */
  addLimits: boolean;
  /** What the fix is written as, so that decisions quote the matching form of each rule's fix. */
  form: 'compose' | 'run';
}

/** A secret moved out of the environment. Its name comes from the service and the variable, never from the value. */
export interface PlannedSecret {
  variable: string;
  secret: string;
  /** `<variable>_FILE`, which the image reads instead of the variable. */
  fileVariable: string;
}

/** Values `--add-limits` writes: starting points a user sees in the diff and tunes. */
const DEFAULT_LIMITS = { memory: '512m', pids: 256, restart: 'on-failure:5' } as const;

/** What `fix` changes for one container or service, and what it leaves to a person. */
export interface FixPlan {
  bindPorts?: string;
  noNewPrivileges?: true;
  /** Security options as written that a finding blames (unconfined seccomp or AppArmor, label disable, no-new-privileges=false), with that finding's rule. */
  removeSecurityOpts: { option: string; rule: string }[];
  capabilities?: { add: string[]; why: string[] };
  replaceLinks?: true;
  secrets: PlannedSecret[];
  /** Secret variables the image cannot read from a file: a command line passes them through from the caller's environment instead. */
  passThrough: string[];
  limits: { memory?: string; pids?: number; restart?: string };
  /** One line per change, with the rule it resolves and the fingerprints of the findings it makes go away. */
  changes: { rule: string; change: string; resolves: string[] }[];
  /** Findings fix does not change on its own, with the alternative to weigh. */
  decisions: { rule: string; message: string }[];
}

/** Risks whose fix changes what the service can do: never changed silently. */
const DECISION_RULES = new Set([
  'privileged',
  'host-network',
  'host-pid',
  'host-ipc',
  'host-uts',
  'host-userns',
  'host-cgroupns',
  'sensitive-host-mount',
  'docker-socket-mount',
  'host-device',
  'dangerous-capability',
  'unsafe-sysctl',
  'mount-propagation',
]);

const PRIVILEGED_INSTEAD =
  'most privileged services need one or two things instead: SYS_ADMIN and --device /dev/fuse for FUSE mounts, NET_ADMIN and --device /dev/net/tun for VPNs and firewalls, ' +
  'SYS_PTRACE for debuggers and profilers, SYS_TIME for clock sync, or one --device for a specific piece of hardware; Docker-in-Docker is the one common case that needs privileged';

/** The capabilities to add back after dropping ALL, and why each group is there. */
function neededCapabilities(spec: ContainerSpec): { add: string[]; why: string[] } {
  const why: string[] = [];
  const add = new Set<string>();
  const kept = (spec.capAdd ?? []).map(normalizeCapability).filter((cap) => cap !== 'ALL');
  if (kept.length > 0) why.push(`${kept.join(', ')}: added by the service already`);
  for (const cap of kept) add.add(cap);
  const needs = imageNeeds(spec.image);
  if (needs && needs.capabilities.length > 0) why.push(`${needs.capabilities.join(', ')}: ${needs.image}: ${needs.why}`);
  for (const cap of needs?.capabilities ?? []) add.add(cap);
  const lowPorts = (spec.portBindings ?? [])
    .filter((binding) => Number.parseInt(binding.containerPort, 10) < 1024)
    .map((binding) => binding.containerPort);
  if (lowPorts.length > 0 && !add.has('NET_BIND_SERVICE')) why.push(`NET_BIND_SERVICE: it listens on ${lowPorts.join(', ')}, below 1024`);
  if (lowPorts.length > 0) add.add('NET_BIND_SERVICE');
  if (!needs)
    why.push(
      `${spec.image ?? 'the image'} is not in dockward's table of official images: start it and watch for "operation not permitted"; entrypoints that step down from root usually need CHOWN, SETGID and SETUID`,
    );
  return { add: sortCapabilities(add), why };
}

function secretName(service: string, variable: string): string {
  return `${service}_${variable}`.toLowerCase().replace(/[^a-z0-9_.-]+/g, '_');
}

/**
 * Decides, from one target's findings, what fix changes and what it leaves
 * to a person. Pure: the same plan drives the Compose, docker run and
 * live-container writers.
 */
export function planFixes(
  target: { name: string; spec: ContainerSpec },
  findings: readonly Finding[],
  rules: readonly RuleMeta[],
  options: FixOptions,
): FixPlan {
  const { spec } = target;
  const plan: FixPlan = { removeSecurityOpts: [], secrets: [], passThrough: [], limits: {}, changes: [], decisions: [] };
  const fired = new Set(findings.map((finding) => finding.ruleId));
  const fingerprints = (test: (finding: Finding) => boolean) => findings.filter(test).map((finding) => finding.fingerprint);
  const decide = (finding: Finding, extra?: string) => {
    const fix = rules.find((rule) => rule.id === finding.ruleId)?.fix[options.form];
    plan.decisions.push({
      rule: finding.ruleId,
      message: `${finding.message}${fix ? `; instead: ${fix}` : ''}${extra ? `; ${extra}` : ''}`,
    });
  };

  for (const finding of findings) {
    if (DECISION_RULES.has(finding.ruleId)) decide(finding, finding.ruleId === 'privileged' ? PRIVILEGED_INSTEAD : undefined);
  }
  const wildcardPorts = fingerprints((finding) => finding.ruleId === 'port-all-interfaces' && finding.messageId === 'wildcard');
  if (wildcardPorts.length > 0) {
    plan.bindPorts = options.bindAddress;
    plan.changes.push({ rule: 'port-all-interfaces', change: `published ports bound to ${options.bindAddress}`, resolves: wildcardPorts });
  }
  for (const finding of findings.filter((candidate) => candidate.ruleId === 'port-all-interfaces' && candidate.messageId !== 'wildcard'))
    decide(finding);

  // The rules have already said which option weakens what: remove exactly the options a finding points at.
  for (const finding of findings) {
    const option = spec.securityOpt?.[Number(/^securityOpt\[(\d+)\]$/.exec(finding.path)?.[1] ?? -1)];
    if (option === undefined) continue;
    plan.removeSecurityOpts.push({ option, rule: finding.ruleId });
    plan.changes.push({ rule: finding.ruleId, change: `security option ${option} removed`, resolves: [finding.fingerprint] });
  }
  if (fired.has('no-new-privileges')) {
    plan.noNewPrivileges = true;
    plan.changes.push({
      rule: 'no-new-privileges',
      change: 'no-new-privileges set',
      resolves: fingerprints((finding) => finding.ruleId === 'no-new-privileges'),
    });
  }

  const capabilityRules = ['capabilities-not-dropped', 'net-raw'].filter((rule) => fired.has(rule));
  const addsAll = (spec.capAdd ?? []).some((cap) => normalizeCapability(cap) === 'ALL');
  if (capabilityRules.length > 0 && spec.privileged !== true && !addsAll) {
    plan.capabilities = neededCapabilities(spec);
    const { add } = plan.capabilities;
    plan.changes.push({
      rule: capabilityRules.join(', '),
      change: `every capability dropped${add.length ? `, ${add.join(', ')} added back` : ''}`,
      // NET_RAW the service adds itself stays: that is net-raw's `added` finding, not resolved here.
      resolves: fingerprints(
        (finding) => finding.ruleId === 'capabilities-not-dropped' || (finding.ruleId === 'net-raw' && finding.messageId === 'default'),
      ),
    });
  }

  if (fired.has('legacy-link')) {
    plan.replaceLinks = true;
    plan.changes.push({
      rule: 'legacy-link',
      change: 'links replaced by aliases on the default network, which Compose makes a user-defined network',
      resolves: fingerprints((finding) => finding.ruleId === 'legacy-link'),
    });
  }

  for (const finding of findings.filter((candidate) => candidate.ruleId === 'env-secret')) {
    const variable = spec.env?.[Number(/^env\[(\d+)\]/.exec(finding.path)?.[1])]?.name;
    if (variable === undefined) continue;
    const secret = secretName(target.name, variable);
    // Without a <NAME>_FILE the image reads, removing the variable would break the service.
    if (!readsFileVariable(spec.image, variable)) {
      decide(
        finding,
        `${spec.image ?? 'the image'} has no ${variable}_FILE that dockward knows of: make the application read /run/secrets/${secret}, then move the value there`,
      );
      plan.passThrough.push(variable);
      continue;
    }
    plan.secrets.push({ variable, secret, fileVariable: `${variable}_FILE` });
    plan.changes.push({
      rule: 'env-secret',
      change: `${variable} moved to the secret ${secret} (${variable}_FILE=/run/secrets/${secret}); put the value in ./secrets/${secret}.txt and rotate it, it was exposed`,
      resolves: [finding.fingerprint],
    });
  }

  if (options.addLimits) {
    if (fired.has('memory-limit')) plan.limits.memory = DEFAULT_LIMITS.memory;
    if (fired.has('pids-limit')) plan.limits.pids = DEFAULT_LIMITS.pids;
    if (fired.has('restart-policy')) plan.limits.restart = DEFAULT_LIMITS.restart;
    for (const [rule, value] of [
      ['memory-limit', plan.limits.memory],
      ['pids-limit', plan.limits.pids],
      ['restart-policy', plan.limits.restart],
    ] as const) {
      if (value !== undefined)
        plan.changes.push({
          rule,
          change: `set to ${value}: a starting point, tune it to the service`,
          resolves: fingerprints((finding) => finding.ruleId === rule),
        });
    }
  }
  return plan;
}

/** The findings a plan claims to resolve: after the fix, linting the result must not raise them again. */
export function resolvedFindings(plan: FixPlan): Set<string> {
  return new Set(plan.changes.flatMap((change) => change.resolves));
}
