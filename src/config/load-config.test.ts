import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { findConfigFile } from './find-config.js';
import { parseConfig } from './load-config.js';

const FILE = '/project/.dockward.yaml';
const parse = (text: string) => parseConfig(text, FILE, RULES);
const messages = (text: string) => parse(text).problems.map((problem) => problem.message);

const WAIVER = `  - rule: host-pid
    target: node-exporter*
    reason: reads host processes for metrics
    owner: sre@example.com
    expires: 2027-03-31
`;

describe('.dockward.yaml', () => {
  it('reads every key into a policy', () => {
    const { config, problems } = parse(`failOn: medium
profile: cis
rules:
  memory-limit: off
  cpu-limit: low
  capability-added:
    severity: high
    options:
      allow: [SYS_NICE]
waivers:
${WAIVER}  - rule: privileged
    target: { label: "team=infra" }
    reason: builds images with the host's kernel modules
    owner: infra
    expires: 2026-12-31
`);
    expect(problems).toEqual([]);
    expect(config.failOn).toBe('medium');
    expect(config.profile).toBe('cis');
    expect(config.rules).toEqual({
      'memory-limit': { off: true },
      'cpu-limit': { severity: 'low' },
      'capability-added': { severity: 'high', options: { allow: ['SYS_NICE'] } },
    });
    expect(config.waivers).toEqual([
      {
        rule: 'host-pid',
        target: 'node-exporter*',
        reason: 'reads host processes for metrics',
        owner: 'sre@example.com',
        expires: '2027-03-31',
        location: { file: FILE, line: 11, column: 5 },
      },
      expect.objectContaining({ rule: 'privileged', target: { label: 'team=infra' }, location: { file: FILE, line: 16, column: 5 } }),
    ]);
  });

  // Issue 17: an unparsable file stopped the audit, while a schema error let it run with the defaults.
  it('reports YAML it cannot parse at its line, and leaves the defaults in force', () => {
    const { config, problems } = parse('failOn: [high\nrules: {memory-limit: off}\n');
    expect(config).toEqual({ file: FILE, rules: {}, waivers: [] });
    expect(problems.map((problem) => problem.message)).toEqual([
      expect.stringMatching(/^\/project\/\.dockward\.yaml:2:1: invalid YAML: Flow sequence/),
    ]);
  });

  it('accepts an empty file', () => {
    expect(parse('')).toEqual({ config: { file: FILE, rules: {}, waivers: [] }, problems: [] });
  });

  // One case per key: the file, line and column of the fault, the key, and what would be valid.
  it.each([
    ['failOn: severe', '1:9: failOn: must be one of critical, high, medium, low, info, none'],
    ['profile: strict', '1:10: profile: must be one of recommended, cis, baseline, restricted, all'],
    ['colour: true', '1:1: colour: unknown key; valid keys here: failOn, profile, rules, waivers'],
    ['rules: [privileged]', '1:8: rules: must be a map'],
    [
      'rules:\n  privilegd: off',
      '2:3: rules.privilegd: there is no rule "privilegd"; did you mean privileged, privileged-port? (dockward rules lists them)',
    ],
    ['rules:\n  privileged: disabled', '2:15: rules.privileged: must be one of off, critical, high, medium, low, info'],
    ['rules:\n  privileged: 3', '2:15: rules.privileged: must be a map'],
    ['rules:\n  privileged: {severity: huge}', '2:26: rules.privileged.severity: must be one of critical, high, medium, low, info'],
    ['rules:\n  privileged: {options: {allow: [X]}}', '2:16: rules.privileged.options: unknown key; valid keys here: severity'],
    [
      'rules:\n  capability-added: {options: {alow: [X]}}',
      '2:32: rules.capability-added.options.alow: unknown key; valid keys here: allow',
    ],
    ['rules:\n  capability-added: {options: {allow: SYS_NICE}}', '2:39: rules.capability-added.options.allow: must be a list'],
    ['waivers: {rule: x}', '1:10: waivers: must be a list'],
    ['waivers:\n  - rule: privileged', '2:5: waivers[0]: missing required key "target"'],
    [
      WAIVER.replace('host-pid', 'host-pdi').replace(/^/, 'waivers:\n'),
      '2:11: waivers[0].rule: must be a rule id (dockward rules lists them)',
    ],
    [WAIVER.replace('node-exporter*', '""').replace(/^/, 'waivers:\n'), '3:13: waivers[0].target: must not be empty'],
    [
      WAIVER.replace('node-exporter*', '{name: x}').replace(/^/, 'waivers:\n'),
      '3:14: waivers[0].target.name: unknown key; valid keys here: label',
    ],
    [WAIVER.replace('reads host processes for metrics', '""').replace(/^/, 'waivers:\n'), '4:13: waivers[0].reason: must not be empty'],
    [WAIVER.replace('sre@example.com', '[a, b]').replace(/^/, 'waivers:\n'), '5:12: waivers[0].owner: must be a string'],
    [WAIVER.replace('2027-03-31', 'next year').replace(/^/, 'waivers:\n'), '6:14: waivers[0].expires: must be a date written YYYY-MM-DD'],
    [
      WAIVER.replace('2027-03-31', '2027-02-30').replace(/^/, 'waivers:\n'),
      '6:14: waivers[0].expires: is not a date in the calendar (YYYY-MM-DD)',
    ],
    [
      WAIVER.replace('expires', 'until').replace(/^/, 'waivers:\n'),
      '6:5: waivers[0].until: unknown key; valid keys here: rule, target, reason, owner, expires, user',
    ],
  ])('reports %j as %s', (text, expected) => {
    expect(messages(text)).toContain(`${FILE}:${expected}`);
  });

  it('leaves out only the entry at fault and applies the rest', () => {
    const { config, problems } = parse(`failOn: severe
profile: cis
rules:
  privileged: sometimes
  memory-limit: off
waivers:
  - rule: host-pid
    target: x
${WAIVER}`);
    expect(new Set(problems.map((problem) => problem.position.key))).toEqual(new Set(['failOn', 'rules.privileged', 'waivers[0]']));
    expect(config.failOn).toBeUndefined();
    expect(config.profile).toBe('cis');
    expect(config.rules).toEqual({ 'memory-limit': { off: true } });
    expect(config.waivers.map((waiver) => waiver.target)).toEqual(['node-exporter*']);
  });

  it('never quotes a value it rejects, which may be a secret', () => {
    expect(messages('rules:\n  env-secret: hunter2-s3cret').join('\n')).not.toContain('hunter2');
  });
});

describe('configuration discovery', () => {
  it('finds the file in the folder or the nearest parent, .yaml before .yml', async () => {
    const root = await mkdtemp(join(tmpdir(), 'dw-config-'));
    try {
      const deep = join(root, 'a', 'b');
      await mkdir(deep, { recursive: true });
      const exists = (path: string) =>
        import('node:fs/promises').then(({ access }) =>
          access(path).then(
            () => true,
            () => false,
          ),
        );
      expect(await findConfigFile(deep, exists)).toBeUndefined();
      await writeFile(join(root, '.dockward.yml'), '');
      expect(await findConfigFile(deep, exists)).toBe(join(root, '.dockward.yml'));
      await writeFile(join(root, 'a', '.dockward.yaml'), '');
      await writeFile(join(root, 'a', '.dockward.yml'), '');
      expect(await findConfigFile(deep, exists)).toBe(join(root, 'a', '.dockward.yaml'));
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
