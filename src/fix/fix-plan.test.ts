import { describe, expect, it } from 'vitest';
import { REMEDY, SPEC_PATH, type Finding } from '../model/finding.js';
import type { Remedy } from '../model/remedy.js';
import type { RuleMeta } from '../rules/define-rule.js';
import { planFixes, resolvedFindings } from './fix-plan.js';

/** Rules fix has never heard of: a plan follows the remedies, whatever the rule is called. */
const rule = (id: string, extra: Partial<RuleMeta> = {}): RuleMeta => ({
  id,
  severity: 'medium',
  title: id,
  rationale: '',
  attack: '',
  remediation: '',
  fix: { run: `${id} run fix`, compose: `${id} compose fix`, kubernetes: `${id} kubernetes fix`, quadlet: `${id} quadlet fix` },
  verify: '',
  references: [],
  profiles: [],
  messages: {},
  ...extra,
});

const finding = (ruleId: string, remedy: Remedy, path: (string | number)[] = []): Finding => ({
  ruleId,
  severity: 'medium',
  title: ruleId,
  target: 'web',
  targetId: 'web',
  messageId: 'm',
  message: `${ruleId} says so`,
  path: path.join('.'),
  fingerprint: `${ruleId}-fp`,
  [SPEC_PATH]: path,
  [REMEDY]: remedy,
});

const options = { bindAddress: '127.0.0.1', addLimits: false, form: 'compose' } as const;
const spec = { image: 'acme/app:1', securityOpt: ['label:disable', 'apparmor:unconfined'] };

describe('planFixes', () => {
  it('turns remedies into changes by the field they are on, under the rule of each finding', () => {
    const findings = [
      finding('made-up-a', { kind: 'remove', path: ['securityOpt', 1] }, ['securityOpt', 1]),
      finding('made-up-b', { kind: 'set', path: ['securityOpt'], value: 'no-new-privileges=true' }),
      finding('made-up-c', { kind: 'set', path: ['portBindings', 0, 'hostIp'], value: { placeholder: 'address' } }),
    ];
    const plan = planFixes(
      { name: 'web', spec },
      findings,
      ['made-up-a', 'made-up-b', 'made-up-c'].map((id) => rule(id)),
      options,
    );
    expect(plan.changes.map(({ rule: id, change }) => `${id}: ${change}`)).toEqual([
      'made-up-c: published ports bound to 127.0.0.1',
      'made-up-a: security option apparmor:unconfined removed',
      'made-up-b: no-new-privileges set',
    ]);
    expect(plan.removeSecurityOpts).toEqual([{ option: 'apparmor:unconfined', rule: 'made-up-a' }]);
    expect(plan.addSecurityOpts).toEqual([{ option: 'no-new-privileges=true', rule: 'made-up-b' }]);
    expect(resolvedFindings(plan)).toEqual(new Set(['made-up-a-fp', 'made-up-b-fp', 'made-up-c-fp']));
  });

  it('applies an opt-in rule’s remedy only when asked, with the suggestion filling the placeholder', () => {
    const findings = [finding('made-up-limit', { kind: 'set', path: ['memory'], value: { placeholder: 'bytes', suggestion: '1g' } })];
    const rules = [rule('made-up-limit', { remedyOptIn: true })];
    expect(planFixes({ name: 'web', spec }, findings, rules, options).values).toEqual([]);
    const plan = planFixes({ name: 'web', spec }, findings, rules, { ...options, addLimits: true });
    expect(plan.values).toEqual([{ field: 'memory', value: '1g' }]);
    expect(plan.changes[0]?.change).toBe('set to 1g: a starting point, tune it to the service');
  });

  it('leaves a decision to the user, with the rule’s fix in the form written and the alternative', () => {
    const findings = [finding('made-up-risk', { kind: 'decide', alternative: 'or this instead' })];
    const plan = planFixes({ name: 'web', spec }, findings, [rule('made-up-risk')], { ...options, form: 'run' });
    expect(plan.changes).toEqual([]);
    expect(plan.decisions).toEqual([
      { rule: 'made-up-risk', message: 'made-up-risk says so; instead: made-up-risk run fix; or this instead' },
    ]);
  });
});
