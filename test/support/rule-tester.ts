import { describe, expect, it } from 'vitest';
import { containerRuleContext } from '../../src/evaluation/evaluate.js';
import { formatSpecPath, type SpecPath } from '../../src/model/container-spec.js';
import type { EngineFacts, HostSecurity } from '../../src/model/host.js';
import type { Profile, RuleOptions } from '../../src/model/profile.js';
import type { ContainerTarget, ObservedState } from '../../src/model/target.js';
import type { Severity } from '../../src/model/severity.js';
import {
  appliesTo,
  formatMessage,
  placeholdersOf,
  type ContainerRule,
  type EngineRule,
  type RuleMeta,
  type Violation,
} from '../../src/rules/define-rule.js';
import { fixComposeText } from '../../src/fix/compose-fix.js';
import { fixManifestText } from '../../src/fix/manifest-fix.js';
import { fixQuadletText } from '../../src/fix/quadlet-fix.js';
import { planFixes } from '../../src/fix/fix-plan.js';
import { maskSecrets } from '../../src/fix/mask-secrets.js';
import { fixRunCommand } from '../../src/fix/run-line-fix.js';
import { REMEDY, SPEC_PATH, type Finding } from '../../src/model/finding.js';
import { detectSecretFormats } from '../../src/secrets/named-values.js';
import type { SecretFormats } from '../../src/secrets/secret-formats.js';
import { shellCommands, sourceTextOf } from '../../src/shell/shell-words.js';
import { findRunCommands } from '../../src/sources/run-line/run-line-to-target.js';
import { fileSource } from '../../src/sources/registry.js';
import { readNamedText } from '../../src/sources/source-adapter.js';
import { secretOwner } from '../../src/model/secret-files.js';
import { engineFacts } from './engine-facts.js';
import { testFingerprint } from './fingerprint.js';

/**
 * A case is source input, read through the adapter the source registry has for
 * it, so rule tests also test parsing and locations: a (partial) element of
 * `docker inspect` output, a `docker run` line, or a Compose file with one service.
 */
export type SourceCase = SourceInput & {
  host?: HostSecurity;
  /** Live state, as the engine source would observe it. */
  observed?: ObservedState;
  /** The rule's options, as `rules.<id>.options` in .dockward.yaml sets them. */
  options?: RuleOptions;
  /** What the case guards against, shown in the test name. */
  why?: string;
};

type SourceInput =
  { inspect: Record<string, unknown> } | { run: string } | { compose: string } | { kubernetes: string } | { quadlet: string };

/** The kinds of case given as source text. */
type TextSource = 'run' | 'compose' | 'kubernetes' | 'quadlet';

export interface ExpectedError<MessageId extends string> {
  messageId: MessageId;
  path: SpecPath;
  data?: Record<string, string | number>;
  /** The finding's severity, where the violation sets its own. */
  severity?: Severity;
  /** The violation's own fix line, where it gives one. */
  fix?: string;
  /** The profiles the violation is limited to, where it is (see Violation.profiles). */
  profiles?: readonly Profile[];
  /** Where the finding points in the case's text (1-based), for run and compose cases. */
  line?: number;
  column?: number;
}

export type InvalidCase<MessageId extends string> = SourceCase & {
  errors: ExpectedError<MessageId>[];
  /**
   * The case's run line or Compose text after `fix` applies the remedies of its
   * findings through the real writers, secret values masked as fix shows them.
   */
  output?: string;
  /** How fix is asked to run for `output`: --add-limits applies the remedies a rule offers only on request. */
  fix?: { addLimits?: boolean; bindAddress?: string };
};

/** The names cases are read under, and the registry's adapter that reads each: findings of a compose case point into `/case/compose.yaml`. */
const CASE_FILES = {
  inspect: { file: 'case.json', adapter: 'inspect-json' },
  run: { file: 'case.sh', adapter: 'shell' },
  compose: { file: '/case/compose.yaml', adapter: 'compose' },
  kubernetes: { file: '/case/pod.yaml', adapter: 'kubernetes' },
  quadlet: { file: '/case/web.container', adapter: 'quadlet' },
} as const;

/** Which kind of source a case is, and its text as the adapter reads it. */
function caseSource(testCase: SourceCase): { form: keyof typeof CASE_FILES; text: string } {
  if ('inspect' in testCase)
    return { form: 'inspect', text: JSON.stringify({ Id: 'c0ffee'.padEnd(64, '0'), Name: '/case', ...testCase.inspect }) };
  const form = (['run', 'compose', 'kubernetes', 'quadlet'] as const satisfies readonly TextSource[]).find((key) => key in testCase);
  if (form === undefined) throw new Error('a case needs inspect, run, compose, kubernetes or quadlet input');
  return { form, text: (testCase as Record<TextSource, string>)[form] };
}

function describeCase(testCase: SourceCase): string {
  return testCase.why ?? caseSource(testCase).text;
}

/** The one target a case describes, through the registry's adapter for its kind of source. */
async function targetOf(testCase: SourceCase): Promise<ContainerTarget> {
  const { form, text } = caseSource(testCase);
  const { file, adapter } = CASE_FILES[form];
  const reading = await readNamedText(fileSource(adapter), file, text);
  const [target, ...rest] = reading.targets;
  if (reading.problems.length > 0) throw new Error(`the case has input problems: ${reading.problems.map((p) => p.message).join('; ')}`);
  if (!target || rest.length > 0) throw new Error(`a case must describe exactly one container: ${describeCase(testCase)}`);
  return target;
}

/** As an audit does: the credential-format pass over the target's values, then the rule in the context evaluation gives it. */
async function runCase(
  rule: ContainerRule,
  testCase: SourceCase,
): Promise<{ target: ContainerTarget; violations: Violation[]; formats: SecretFormats }> {
  const read = await targetOf(testCase);
  const target = testCase.observed ? { ...read, observed: testCase.observed } : read;
  const secrets = { formats: await detectSecretFormats([target]), fingerprint: testFingerprint };
  const context = containerRuleContext(target, testCase.host ?? {}, secrets, testCase.options);
  // As evaluation does, a rule is not asked about a target whose source cannot hold its setting.
  const violations = appliesTo(rule, context.syntax) ? rule.check(target.spec, context) : [];
  return { target, violations, formats: secrets.formats };
}

/** The findings evaluation would make of the violations, as far as fix reads them: rule, message, fingerprint, path and remedy. */
function findingsOf(rule: ContainerRule, target: ContainerTarget, violations: readonly Violation[]): Finding[] {
  return violations.map((violation, index) => {
    const remedy = violation.remedy ?? rule.remedy;
    return {
      ruleId: rule.id,
      severity: violation.severity ?? rule.severity,
      title: rule.title,
      target: target.name,
      targetId: target.id,
      messageId: violation.messageId,
      message: formatMessage(rule.messages[violation.messageId] ?? '', violation.data),
      path: formatSpecPath(violation.path),
      fingerprint: `case-${index}`,
      [SPEC_PATH]: violation.path,
      ...(remedy && { [REMEDY]: remedy }),
    };
  });
}

/** The case's text after fix applies the findings' remedies, through the writer of its kind of source. */
async function fixedText(
  rule: ContainerRule,
  testCase: InvalidCase<string>,
  { target, violations, formats }: { target: ContainerTarget; violations: Violation[]; formats: SecretFormats },
): Promise<string> {
  const options = { bindAddress: testCase.fix?.bindAddress ?? '127.0.0.1', addLimits: testCase.fix?.addLimits === true };
  const findings = findingsOf(rule, target, violations);
  const source = caseSource(testCase).form;
  const form = source === 'inspect' ? 'run' : source;
  // Named as fix names them: a Compose service by its key, a command by its --name (fix --run's `app` otherwise).
  const name = secretOwner(form, target.name, target.spec.name);
  const plan = planFixes({ name, spec: target.spec }, findings, [rule], { ...options, form });
  let text: string;
  if ('compose' in testCase) text = fixComposeText(testCase.compose, new Map([[target.name, plan]])).text;
  else if ('kubernetes' in testCase) text = fixManifestText(testCase.kubernetes, [{ target, plan }]).text;
  else if ('quadlet' in testCase) text = fixQuadletText(testCase.quadlet, target, plan).text;
  else if ('run' in testCase) {
    const [words] = shellCommands(sourceTextOf(testCase.run));
    const [command] = findRunCommands(words ? [words] : []);
    if (!words || !command) throw new Error(`no docker run command in the case: ${testCase.run}`);
    text = fixRunCommand(words, command, plan, target.name).command;
  } else throw new Error('fix output is asserted for run, compose, kubernetes and quadlet cases only');
  return (await maskSecrets(text, [target], formats)).text;
}

function assertUnique(cases: readonly object[], kind: string): void {
  const seen = new Set<string>();
  for (const testCase of cases) {
    const { why: _why, errors: _errors, output: _output, ...identity } = testCase as { why?: string; errors?: unknown; output?: unknown };
    const key = JSON.stringify(identity);
    if (seen.has(key)) throw new Error(`duplicate ${kind} case: ${key}`);
    seen.add(key);
  }
}

/** Every message a case produces has all its placeholders filled, and the data the case expects. */
function assertMessages(rule: RuleMeta, violations: readonly Violation[], errors: readonly ExpectedError<string>[]): void {
  violations.forEach((violation, index) => {
    const template = rule.messages[violation.messageId] ?? '';
    const missing = placeholdersOf(template).filter((key) => violation.data?.[key] === undefined);
    expect(missing, `unfilled placeholders in "${template}"`).toEqual([]);
    expect(formatMessage(template, violation.data)).not.toMatch(/\{\{/);
    const expected = errors[index]?.data;
    if (expected) expect(violation.data).toMatchObject(expected);
  });
}

function assertCasesThemselves(cases: { valid: readonly object[]; invalid: readonly object[] }): void {
  expect(cases.valid.length).toBeGreaterThan(0);
  expect(cases.invalid.length).toBeGreaterThan(0);
  assertUnique(cases.valid, 'valid');
  assertUnique(cases.invalid, 'invalid');
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
    it('has valid and invalid cases, none duplicated', () => assertCasesThemselves(cases));

    for (const testCase of cases.valid) {
      it(`passes: ${describeCase(testCase)}`, async () => {
        expect((await runCase(rule, testCase)).violations).toEqual([]);
      });
    }

    for (const testCase of cases.invalid) {
      it(`reports: ${describeCase(testCase)}`, async () => {
        const run = await runCase(rule, testCase);
        const { target, violations } = run;
        expect(violations.map((v) => ({ messageId: v.messageId, path: formatSpecPath(v.path) }))).toEqual(
          testCase.errors.map((e) => ({ messageId: e.messageId, path: formatSpecPath(e.path) })),
        );
        assertMessages(rule, violations, testCase.errors);
        testCase.errors.forEach((error, index) => {
          const violation = violations[index];
          if (!violation) return;
          const location = target.sourceMap.locate(violation.path);
          const where = `location of ${formatSpecPath(violation.path)}`;
          if (error.fix !== undefined) expect(violation.fix, `fix of ${where}`).toBe(error.fix);
          if (error.severity !== undefined) expect(violation.severity ?? rule.severity, `severity of ${where}`).toBe(error.severity);
          expect(violation.profiles, `profiles of ${where}`).toEqual(error.profiles);
          if (error.line !== undefined) expect(location?.line, where).toBe(error.line);
          if (error.column !== undefined) expect(location?.column, where).toBe(error.column);
        });
        if (testCase.output !== undefined) expect(await fixedText(rule, testCase, run), 'the fixed text').toBe(testCase.output);
      });
    }
  });
}

/** An engine case: the facts of a well-configured local engine, with what the case is about changed or removed. */
export interface EngineCase {
  facts?: Partial<EngineFacts>;
  /** Facts the engine did not report. */
  unknown?: (keyof EngineFacts)[];
  why?: string;
}

function factsOf(testCase: EngineCase): EngineFacts {
  const unknown = new Set<string>(testCase.unknown ?? []);
  return Object.fromEntries(Object.entries(engineFacts(testCase.facts)).filter(([key]) => !unknown.has(key))) as EngineFacts;
}

/** The same table-driven test for a rule about the engine and its host. */
export function testEngineRule<MessageId extends string>(
  rule: EngineRule<MessageId>,
  cases: { valid: EngineCase[]; invalid: (EngineCase & { errors: ExpectedError<NoInfer<MessageId>>[] })[] },
): void {
  describe(`engine rule ${rule.id}`, () => {
    it('has valid and invalid cases, none duplicated', () => assertCasesThemselves(cases));
    for (const testCase of cases.valid) {
      it(`passes: ${testCase.why ?? JSON.stringify(testCase)}`, () => {
        expect(rule.check(factsOf(testCase))).toEqual([]);
      });
    }
    for (const testCase of cases.invalid) {
      it(`reports: ${testCase.why ?? JSON.stringify(testCase.facts)}`, () => {
        const violations = rule.check(factsOf(testCase));
        expect(
          violations.map((v, index) => ({
            messageId: v.messageId,
            path: formatSpecPath(v.path),
            ...(testCase.errors[index]?.fix !== undefined && { fix: v.fix }),
          })),
        ).toEqual(
          testCase.errors.map((e) => ({
            messageId: e.messageId,
            path: formatSpecPath(e.path),
            ...(e.fix !== undefined && { fix: e.fix }),
          })),
        );
        assertMessages(rule, violations, testCase.errors);
      });
    }
  });
}
