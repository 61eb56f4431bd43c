import { describe, expect, it } from 'vitest';
import type { Policy, Waiver } from '../model/policy.js';
import { RULES } from '../rules/index.js';
import { runCommandsInShell } from '../sources/run-line/extract.js';
import { runCommandToTarget } from '../sources/run-line/run-line-to-target.js';
import { evaluate, EvaluationStopped, type Evaluation } from './evaluate.js';
import { testFingerprint } from '../../test/support/fingerprint.js';

/** Containers from docker run lines: the real adapter, so names, labels and images are what users write. */
function targets(...lines: string[]) {
  return lines.flatMap((line) => runCommandsInShell(line).map((command) => runCommandToTarget(command, 'deploy.sh')));
}

const PRIVILEGED_WEB = 'docker run --name web --privileged nginx:1.25';
const NODE_EXPORTER = 'docker run --name node-exporter --pid=host -l team=monitoring prom/node-exporter';

function run(lines: string[], policy: Partial<Policy> = {}): Evaluation {
  return evaluate({ secretFingerprint: testFingerprint, containers: targets(...lines), host: {} }, RULES, {
    profile: 'recommended',
    today: '2026-11-30',
    ...policy,
  });
}

const findingsOf = (evaluation: Evaluation, ruleId: string) =>
  evaluation.containers.flatMap((entry) => entry.findings).filter((finding) => finding.ruleId === ruleId);

const waiver = (overrides: Partial<Waiver>): Waiver => ({
  rule: 'host-pid',
  target: 'node-exporter',
  reason: 'reads host processes',
  owner: 'sre',
  expires: '2027-01-31',
  ...overrides,
});

describe('rule settings', () => {
  it('turns a rule off, even when its profile has it', () => {
    expect(findingsOf(run([PRIVILEGED_WEB]), 'privileged')).toHaveLength(1);
    const off = run([PRIVILEGED_WEB], { rules: { privileged: { off: true } } });
    expect(findingsOf(off, 'privileged')).toEqual([]);
    expect(off.rules.map((rule) => rule.id)).not.toContain('privileged');
  });

  it('overrides the severity of every finding of a rule, and applies a rule its profile lacks', () => {
    expect(findingsOf(run([PRIVILEGED_WEB], { profile: 'baseline' }), 'memory-limit')).toEqual([]);
    const evaluation = run([PRIVILEGED_WEB], {
      profile: 'baseline',
      rules: { 'memory-limit': { severity: 'critical' }, privileged: { severity: 'low' } },
    });
    expect(findingsOf(evaluation, 'memory-limit').map((finding) => finding.severity)).toEqual(['critical']);
    expect(findingsOf(evaluation, 'privileged').map((finding) => finding.severity)).toEqual(['low']);
  });

  it('passes options to the rule', () => {
    const line = 'docker run --cap-add SYS_NICE --cap-add NET_ADMIN -v /srv/keys:/keys -e ACME_SIGNING=abc123xyz9 app';
    const before = run([line]);
    expect(findingsOf(before, 'capability-added').map((finding) => finding.message)).toEqual(["adds SYS_NICE beyond Docker's default set"]);
    expect(findingsOf(before, 'sensitive-host-mount')).toEqual([]);
    expect(findingsOf(before, 'env-secret')).toEqual([]);
    const after = run([line], {
      rules: {
        'capability-added': { options: { allow: ['sys_nice'] } },
        'dangerous-capability': { options: { allow: ['CAP_NET_ADMIN'] } },
        'sensitive-host-mount': { options: { paths: ['/srv/keys/'] } },
        'env-secret': { options: { names: ['acme_*'] } },
      },
    });
    expect(findingsOf(after, 'capability-added')).toEqual([]);
    expect(findingsOf(after, 'dangerous-capability')).toEqual([]);
    expect(findingsOf(after, 'sensitive-host-mount').map((finding) => finding.message)).toEqual([
      'bind-mounts host path /srv/keys read-write (under sensitive /srv/keys)',
    ]);
    expect(findingsOf(after, 'env-secret').map((finding) => finding.message)).toEqual([
      'environment variable ACME_SIGNING holds a secret in plain text',
    ]);
  });

  it('throws EvaluationStopped once stop answers true, and runs every rule while it does not', () => {
    const containers = targets(PRIVILEGED_WEB);
    let asked = 0;
    expect(() =>
      evaluate({ secretFingerprint: testFingerprint, containers, host: {}, stop: () => ++asked > 3 }, RULES, { profile: 'recommended' }),
    ).toThrow(EvaluationStopped);
    expect(asked).toBe(4);
    const never = evaluate({ secretFingerprint: testFingerprint, containers, host: {}, stop: () => false }, RULES, {
      profile: 'recommended',
    });
    expect(never).toEqual(evaluate({ secretFingerprint: testFingerprint, containers, host: {} }, RULES, { profile: 'recommended' }));
  });

  it('gives the same results when one policy object is used again, and follows a different rule catalogue under it', () => {
    // Long-running callers keep one policy object; the rule selection made for it must not leak between catalogues.
    const policy: Policy = { profile: 'recommended', today: '2026-11-30', rules: { privileged: { severity: 'low' } } };
    const containers = targets(PRIVILEGED_WEB, NODE_EXPORTER);
    const first = evaluate({ secretFingerprint: testFingerprint, containers, host: {} }, RULES, policy);
    expect(evaluate({ secretFingerprint: testFingerprint, containers, host: {} }, RULES, policy)).toEqual(first);
    expect(findingsOf(first, 'privileged').map((finding) => finding.severity)).toEqual(['low']);
    const withoutHostPid = evaluate(
      { secretFingerprint: testFingerprint, containers, host: {} },
      RULES.filter((rule) => rule.id !== 'host-pid'),
      policy,
    );
    expect(findingsOf(first, 'host-pid')).toHaveLength(1);
    expect(findingsOf(withoutHostPid, 'host-pid')).toEqual([]);
    expect(findingsOf(withoutHostPid, 'privileged').map((finding) => finding.severity)).toEqual(['low']);
  });
});

describe('waivers', () => {
  it('marks the finding waived with its reason, owner and expiry, and it stays reported', () => {
    const evaluation = run([NODE_EXPORTER, PRIVILEGED_WEB], { waivers: [waiver({})] });
    const [finding] = findingsOf(evaluation, 'host-pid');
    expect(finding?.waiver).toEqual({ source: 'config', reason: 'reads host processes', owner: 'sre', expires: '2027-01-31' });
    expect(findingsOf(evaluation, 'privileged')[0]?.waiver).toBeUndefined();
    expect(evaluation.problems).toEqual([]);
  });

  // Issue 16: privileged is one decision (every capability and device, no seccomp or LSM); a waiver
  // of it left host-device, seccomp-unconfined and net-raw findings standing "because it is privileged".
  it('covers the whole privileged decision with a waiver of privileged, on a host with every LSM', () => {
    const evaluation = evaluate(
      { secretFingerprint: testFingerprint, containers: targets(PRIVILEGED_WEB), host: { seccomp: true, appArmor: true, selinux: true } },
      RULES,
      { profile: 'all', today: '2026-11-30', waivers: [waiver({ rule: 'privileged', target: 'web', reason: 'docker in docker' })] },
    );
    const unwaived = evaluation.containers.flatMap((entry) => entry.findings).filter((finding) => finding.waiver === undefined);
    const isolation = ['host-device', 'seccomp-unconfined', 'apparmor-unconfined', 'selinux-disabled', 'net-raw', 'dangerous-capability'];
    expect(unwaived.filter((finding) => isolation.includes(finding.ruleId))).toEqual([]);
    expect(findingsOf(evaluation, 'privileged')[0]?.waiver?.reason).toBe('docker in docker');
  });

  it.each([
    ['a name glob', 'node-*'],
    ['the image', 'prom/node-exporter'],
    ['a label selector', { label: 'team=monitoring' }],
    ['a label key', { label: 'team' }],
  ])('targets by %s', (_, target) => {
    expect(findingsOf(run([NODE_EXPORTER], { waivers: [waiver({ target })] }), 'host-pid')[0]?.waiver?.reason).toBe('reads host processes');
  });

  it('applies through its last day and reports it expired the day after, when the finding counts again', () => {
    const lastDay = run([NODE_EXPORTER], { waivers: [waiver({ expires: '2026-11-30' })] });
    expect(findingsOf(lastDay, 'host-pid')[0]?.waiver).toBeDefined();
    const dayAfter = run([NODE_EXPORTER], { waivers: [waiver({ expires: '2026-11-29' })] });
    expect(findingsOf(dayAfter, 'host-pid')[0]?.waiver).toBeUndefined();
    expect(dayAfter.problems).toEqual([
      expect.objectContaining({ kind: 'expired', rule: 'host-pid', target: 'node-exporter', expires: '2026-11-29' }),
    ]);
  });

  it('reports a waiver that matches no finding as stale', () => {
    const evaluation = run([NODE_EXPORTER], {
      waivers: [waiver({}), waiver({ rule: 'privileged', target: 'web' }), waiver({ rule: 'host-pid', target: { label: 'team=web' } })],
    });
    expect(evaluation.problems.map((problem) => [problem.kind, problem.rule, problem.target])).toEqual([
      ['stale', 'privileged', 'web'],
      ['stale', 'host-pid', 'label team=web'],
    ]);
  });

  it('does not call a waiver stale for a container a filtered scan did not look at, or a rule this run did not apply', () => {
    const filtered = run([NODE_EXPORTER], {
      complete: false,
      waivers: [waiver({ rule: 'privileged', target: 'web' }), waiver({ rule: 'privileged', target: 'node-exporter' })],
    });
    expect(filtered.problems.map((problem) => problem.target)).toEqual(['node-exporter']);
    const otherProfile = run([NODE_EXPORTER], { profile: 'baseline', waivers: [waiver({ rule: 'memory-limit' })] });
    expect(otherProfile.problems).toEqual([]);
  });

  it('reads dockward.waive.<rule> labels, and reports the ones that cannot apply or matched nothing', () => {
    const evaluation = run([
      "docker run --name agent --pid=host -l dockward.waive.host-pid='reads host processes' " +
        "-l dockward.waive.privileged='not privileged' -l dockward.waive.host-pdi=typo -l dockward.waive.host-network= agent",
    ]);
    expect(findingsOf(evaluation, 'host-pid')[0]?.waiver).toEqual({ source: 'label', reason: 'reads host processes' });
    expect(evaluation.problems.map((problem) => [problem.kind, problem.rule])).toEqual([
      ['stale', 'privileged'],
      ['invalid', 'host-pdi'],
      ['invalid', 'host-network'],
    ]);
  });
});

describe('baseline', () => {
  it('leaves out the findings the baseline holds, by fingerprint, and counts them', () => {
    const before = run([PRIVILEGED_WEB]);
    const fingerprints = new Set(before.containers.flatMap((entry) => entry.findings.map((finding) => finding.fingerprint)));
    const after = run([PRIVILEGED_WEB, NODE_EXPORTER], { baseline: { file: 'baseline.json', keys: fingerprints } });
    expect(after.containers.find((entry) => entry.target.name === 'web')?.findings).toEqual([]);
    expect(after.containers.find((entry) => entry.target.name === 'node-exporter')?.findings.length).toBeGreaterThan(0);
    expect(after.baselineHidden).toBe(fingerprints.size);
  });

  it('gives a finding the same fingerprint wherever its line moved, and a different one for another message', () => {
    const [first] = findingsOf(run([PRIVILEGED_WEB]), 'privileged');
    const [moved] = findingsOf(run([`\n\n${PRIVILEGED_WEB}`]), 'privileged');
    expect(moved?.location?.line).not.toBe(first?.location?.line);
    expect(moved?.fingerprint).toBe(first?.fingerprint);
    const [other] = findingsOf(run(['docker run --name api --privileged nginx:1.25']), 'privileged');
    expect(other?.fingerprint).not.toBe(first?.fingerprint);
  });
});
