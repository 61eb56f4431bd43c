import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { labelledFixes } from '../rules/define-rule.js';
import { RULES } from '../rules/index.js';
import { runExplain, runRules } from './rules-command.js';
import type { CliIO } from './options.js';

function capture(): { io: CliIO; output: () => string } {
  let text = '';
  const stdout = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      text += chunk.toString();
      done();
    },
  });
  return { io: { stdout, stderr: stdout, env: { NO_COLOR: '1' }, version: '0.0.0' }, output: () => text };
}

describe('dockward explain', () => {
  it.each(RULES.map((rule) => [rule.id, rule] as const))('explains %s completely', (id, rule) => {
    const { io, output } = capture();
    expect(runExplain(id, io)).toBe(0);
    for (const text of [
      rule.title,
      rule.rationale,
      rule.attack,
      rule.remediation,
      ...labelledFixes(rule).map(({ text }) => text),
      rule.verify,
      ...(rule.verifyInCluster === undefined ? [] : [rule.verifyInCluster]),
      ...rule.references,
    ]) {
      expect(output()).toContain(text);
    }
  });

  it('refuses an unknown rule and suggests near ones', () => {
    expect(() => runExplain('privileg', capture().io)).toThrow(UsageError);
    expect(() => runExplain('privileg', capture().io)).toThrow(/did you mean privileged/);
  });
});

describe('dockward rules', () => {
  it('lists every rule as JSON with its scope, and filters by profile', () => {
    const all = capture();
    runRules({ format: 'json' }, all.io);
    const listed = JSON.parse(all.output()) as { id: string; scope: string; profiles: string[] }[];
    expect(listed.map((rule) => rule.id)).toEqual(RULES.map((rule) => rule.id));
    expect(listed.find((rule) => rule.id === 'daemon-icc')?.scope).toBe('engine');
    const baseline = capture();
    runRules({ format: 'json', profile: 'baseline' }, baseline.io);
    const ids = (JSON.parse(baseline.output()) as { id: string; profiles: string[] }[]).map((rule) => rule.id);
    expect(ids).toContain('privileged');
    expect(ids).not.toContain('memory-limit');
  });

  it('prints a table with the CIS reference of each rule', () => {
    const { io, output } = capture();
    runRules({ format: 'table' }, io);
    const lines = output().trimEnd().split('\n');
    expect(lines).toHaveLength(RULES.length + 1);
    expect(lines.find((line) => line.startsWith('privileged '))).toMatch(/critical .* 5\.4 .*Container runs privileged/);
  });
});

describe('the rule catalogue', () => {
  it('names only rules that exist where a rule says which settings its own overrides', () => {
    const ids = new Set(RULES.map((rule) => rule.id));
    const overridden = RULES.flatMap((rule) => (rule.overrides ?? []).map((id) => `${rule.id} -> ${id}`));
    expect(overridden.length).toBeGreaterThan(0);
    expect(overridden.filter((edge) => !ids.has(edge.split(' -> ')[1] ?? ''))).toEqual([]);
  });
});
