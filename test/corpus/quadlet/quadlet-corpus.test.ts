import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit } from '../../../src/evaluation/audit.js';
import { RULES } from '../../../src/rules/index.js';
import { quadletAdapter } from '../../../src/sources/quadlet/quadlet-adapter.js';
import { testFingerprint } from '../../support/fingerprint.js';

/**
 * The Quadlet corpus (test/corpus/quadlet/README.md): units as self-hosting
 * projects publish them, each with what a reviewer who had not seen
 * dockward's code would flag under the recommended profile.
 */
const UNITS = join(import.meta.dirname, 'units');
const UNIT_EXTENSIONS = new Set(['.container', '.kube', '.pod', '.network', '.volume', '.image']);

interface ExpectedFinding {
  rule: string;
  line: number;
  why: string;
}

type Expected = Record<string, ExpectedFinding[] | { findings: ExpectedFinding[]; inputErrors: { line: number; why: string }[] }>;

interface Found {
  file: string;
  rule: string;
  line: number;
  message: string;
}

/** One finding under two ids: a secret that is a well-known default, a mount of the directory that holds an engine socket. */
const SAME_FINDING = [
  ['env-secret', 'command-secret', 'weak-secret'],
  ['sensitive-host-mount', 'docker-socket-mount'],
];

async function corpusReading() {
  const units = readdirSync(UNITS)
    .filter((name) => UNIT_EXTENSIONS.has(extname(name)))
    .map((name) => join(UNITS, name));
  const reading = await quadletAdapter.read(units, (file) => readFileSync(file, 'utf8'));
  // As lint audits: the credential-format pass over every value, then the rules.
  const { evaluation } = await audit({ containers: reading.targets, host: {}, secretFingerprint: testFingerprint }, RULES, {
    profile: 'recommended',
  });
  const { containers } = evaluation;
  const all: Found[] = containers.flatMap(({ findings }) =>
    findings.map((finding) => ({
      file: relative(UNITS, finding.location?.file ?? ''),
      rule: finding.ruleId,
      line: finding.location?.line ?? 0,
      message: finding.message,
    })),
  );
  // What a pod or a kube unit publishes is found for each of its containers, at one place: the reviewer lists it once.
  const found = all.filter(
    (f, index) =>
      all.findIndex((other) => other.file === f.file && other.line === f.line && other.rule === f.rule && other.message === f.message) ===
      index,
  );
  return {
    found,
    problems: reading.problems.map((problem) => ({ file: relative(UNITS, problem.position.file), line: problem.position.line })),
  };
}

describe('Quadlet units as self-hosting projects write them (issue 20)', () => {
  it('are found as a reviewer finds them, with the input errors a reviewer expects and no others', async () => {
    const expected = JSON.parse(readFileSync(join(import.meta.dirname, 'expected.json'), 'utf8')) as Expected;
    const { found, problems } = await corpusReading();
    const used = new Set<number>();
    const misses: string[] = [];
    let hits = 0;
    const same = (a: string, b: string) => a === b || SAME_FINDING.some((group) => group.includes(a) && group.includes(b));
    for (const [file, entry] of Object.entries(expected)) {
      const findings = Array.isArray(entry) ? entry : entry.findings;
      for (const e of findings) {
        // The rule at the expected line, then one of the same finding there, then the rule anywhere in the file.
        const tries = [
          (f: Found) => f.rule === e.rule && f.line === e.line,
          (f: Found) => same(f.rule, e.rule) && f.line === e.line,
          (f: Found) => f.rule === e.rule,
        ];
        const hit = tries
          .map((test) => found.findIndex((f, index) => !used.has(index) && f.file === file && test(f)))
          .find((index) => index >= 0);
        if (hit === undefined) misses.push(`${file}:${e.line} ${e.rule} (${e.why})`);
        else {
          used.add(hit);
          hits += 1;
        }
      }
    }
    const extras = found.filter((_, index) => !used.has(index));
    const recall = hits / (hits + misses.length);
    const precision = hits / (hits + extras.length);
    console.log(
      `Quadlet corpus: recall ${recall.toFixed(3)} (${hits}/${hits + misses.length}), precision ${precision.toFixed(3)}\n` +
        `missed:\n  ${misses.join('\n  ')}\nextra:\n  ${extras.map((f) => `${f.file}:${f.line} ${f.rule}`).join('\n  ')}`,
    );
    const expectedErrors = Object.entries(expected).flatMap(([file, entry]) =>
      Array.isArray(entry) ? [] : entry.inputErrors.map(({ line }) => ({ file, line })),
    );
    expect(problems).toEqual(expectedErrors);
    // Measured when the corpus came: 118 of 120, one extra. The two that differ are decided so on purpose: SYS_TIME is a
    // dangerous capability here (the clock is the host's, docs/how-rules-decide.md), where the reviewer calls it an added
    // one; and an spc_t type on a container in the host's PID namespace, whose labels Podman turns off for that already,
    // is left to host-pid.
    expect(recall).toBeGreaterThanOrEqual(0.98);
    expect(precision).toBeGreaterThanOrEqual(0.99);
  });
});
