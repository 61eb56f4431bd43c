import { describe, expect, it } from 'vitest';
import { effectiveCapabilities } from '../../src/model/capabilities.js';
import { formatSpecPath, type SpecPath } from '../../src/model/container-spec.js';
import type { HostSecurity } from '../../src/model/host.js';
import { formatMessage, placeholdersOf, type ContainerRule } from '../../src/rules/define-rule.js';
import { fingerprinter } from '../../src/secrets/classify.js';
import { detectSecretFormats } from '../../src/secrets/named-values.js';
import { ruleContext } from './rule-context.js';
import type { ObservedState } from '../../src/model/target.js';
import { knowsImageDefaults, type ContainerTarget } from '../../src/model/target.js';
import { loadComposeProject } from '../../src/sources/compose/load-project.js';
import { inspectToTarget } from '../../src/sources/inspect/inspect-to-target.js';
import { runCommandsInShell } from '../../src/sources/run-line/extract.js';
import { runCommandToTarget } from '../../src/sources/run-line/run-line-to-target.js';

/**
 * A case is source input, run through the real adapter, so rule tests also
 * test parsing: a (partial) element of `docker inspect` output, a `docker run`
 * line, or a Compose file with one service.
 */
export type SourceCase = SourceInput & {
  host?: HostSecurity;
  /** Live state, as the engine source would observe it. */
  observed?: ObservedState;
  /** What the case guards against, shown in the test name. */
  why?: string;
};

type SourceInput = { inspect: Record<string, unknown> } | { run: string } | { compose: string };

export interface ExpectedError<MessageId extends string> {
  messageId: MessageId;
  path: SpecPath;
  data?: Record<string, string | number>;
}

export type InvalidCase<MessageId extends string> = SourceCase & {
  errors: ExpectedError<MessageId>[];
};

function describeCase(testCase: SourceCase): string {
  return testCase.why ?? ('inspect' in testCase ? JSON.stringify(testCase.inspect) : 'run' in testCase ? testCase.run : testCase.compose);
}

/** The one target a case describes, through the adapter for its kind of source. */
function targetOf(testCase: SourceCase): ContainerTarget {
  if ('inspect' in testCase) {
    return inspectToTarget(
      { Id: 'c0ffee'.padEnd(64, '0'), Name: '/case', ...testCase.inspect },
      { type: 'engine', endpoint: 'unix:///test' },
    );
  }
  const targets =
    'run' in testCase
      ? runCommandsInShell(testCase.run).map((command) => runCommandToTarget(command, 'case.sh'))
      : loadComposeProject(['/case/compose.yaml'], (file) => {
          if (file === '/case/compose.yaml') return testCase.compose;
          throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
        }).targets;
  const [target, ...rest] = targets;
  if (!target || rest.length > 0) throw new Error(`a case must describe exactly one container: ${describeCase(testCase)}`);
  return target;
}

/** As the CLI does: the credential-format pass over the target's values, then the rule. */
async function runCase(rule: ContainerRule, testCase: SourceCase) {
  const target = targetOf(testCase);
  const observed = testCase.observed ?? target.observed;
  const context = ruleContext({
    host: testCase.host ?? {},
    capabilities: effectiveCapabilities(target.spec),
    imageDefaultsKnown: knowsImageDefaults(target.source),
    secrets: { formats: await detectSecretFormats([target]), fingerprint: fingerprinter('test-key') },
    ...(observed && { observed }),
  });
  return rule.check(target.spec, context);
}

function assertUnique(cases: readonly SourceCase[], kind: string): void {
  const seen = new Set<string>();
  for (const testCase of cases) {
    const { why: _why, errors: _errors, ...identity } = testCase as SourceCase & { errors?: unknown };
    const key = JSON.stringify(identity);
    if (seen.has(key)) throw new Error(`duplicate ${kind} case: ${key}`);
    seen.add(key);
  }
}

/**
 * The table-driven rule test of DESIGN.md. It also checks the tests
 * themselves: no duplicate cases, at least one valid and one invalid case,
 * and every message a case produces has all its placeholders filled.
 */
export function testRule<MessageId extends string>(
  rule: ContainerRule<MessageId>,
  cases: { valid: SourceCase[]; invalid: InvalidCase<NoInfer<MessageId>>[] },
): void {
  describe(`rule ${rule.id}`, () => {
    it('has valid and invalid cases, none duplicated', () => {
      expect(cases.valid.length).toBeGreaterThan(0);
      expect(cases.invalid.length).toBeGreaterThan(0);
      assertUnique(cases.valid, 'valid');
      assertUnique(cases.invalid, 'invalid');
    });

    for (const testCase of cases.valid) {
      it(`passes: ${describeCase(testCase)}`, async () => {
        expect(await runCase(rule, testCase)).toEqual([]);
      });
    }

    for (const testCase of cases.invalid) {
      it(`reports: ${describeCase(testCase)}`, async () => {
        const violations = await runCase(rule, testCase);
        expect(violations.map((v) => ({ messageId: v.messageId, path: formatSpecPath(v.path) }))).toEqual(
          testCase.errors.map((e) => ({ messageId: e.messageId, path: formatSpecPath(e.path) })),
        );
        violations.forEach((violation, index) => {
          const template = rule.messages[violation.messageId as MessageId];
          const missing = placeholdersOf(template).filter((key) => violation.data?.[key] === undefined);
          expect(missing, `unfilled placeholders in "${template}"`).toEqual([]);
          expect(formatMessage(template, violation.data)).not.toMatch(/\{\{/);
          const expected = testCase.errors[index]?.data;
          if (expected) expect(violation.data).toMatchObject(expected);
        });
      });
    }
  });
}
