import { describe, expect, it } from 'vitest';
import { policyOf } from '../../../src/config/build-policy.js';
import { audit } from '../../../src/evaluation/audit.js';
import { RULES } from '../../../src/rules/index.js';
import { fileSource } from '../../../src/sources/registry.js';
import { readNamedText } from '../../../src/sources/source-adapter.js';
import { testFingerprint } from '../../support/fingerprint.js';
import { INDEPENDENT_SECRET_CORPUS, type SecretSample } from './independent-corpus.js';

const SECRET_RULES = new Set(['env-secret', 'label-secret', 'command-secret']);

/** Compose writes `$` as `$$`; a value that is a whole `${…}` reference is kept, as the corpus means it unresolved. */
const composeValue = (value: string) => JSON.stringify(/^\$\{[^}]*\}$/.test(value) ? value : value.replaceAll('$', '$$$$'));

/** Each sample as its own service: a name with dots is a label, one starting with a dash an option, anything else a variable. */
function composeOf(samples: readonly SecretSample[]): string {
  return `services:\n${samples
    .map((sample, index) => {
      const key = JSON.stringify(sample.name);
      const setting = sample.name.startsWith('-')
        ? `command: [${key}, ${composeValue(sample.value)}]`
        : `${sample.name.includes('.') ? 'labels' : 'environment'}: {${key}: ${composeValue(sample.value)}}`;
      return `  s${index}:\n    image: app\n    ${setting}`;
    })
    .join('\n')}\n`;
}

/**
 * Precision and recall of the secret rules, end to end (Compose adapter,
 * secret-format pass, rules), on a corpus written without reading the
 * detector (see the corpus file for how). Printed so the figures can be
 * quoted, with the samples' descriptions and never their values.
 */
describe('secret rules on the independent corpus', () => {
  it('reach 0.95 precision and recall, and tell weak defaults from secrets', async () => {
    const reading = await readNamedText(fileSource('compose'), 'compose.yaml', composeOf(INDEPENDENT_SECRET_CORPUS));
    expect(reading.problems).toEqual([]);
    const { evaluation } = await audit(
      { containers: reading.targets, host: {}, secretFingerprint: testFingerprint },
      RULES,
      policyOf({ profile: 'all' }, true),
    );
    const outcomes = INDEPENDENT_SECRET_CORPUS.map((sample, index) => {
      const findings = evaluation.containers.find((container) => container.target.source.service === `s${index}`)?.findings ?? [];
      const rules = new Set(findings.map((finding) => finding.ruleId));
      const weak = rules.has('weak-secret');
      return { sample, flagged: weak || [...rules].some((rule) => SECRET_RULES.has(rule)), weak };
    });
    const truePositives = outcomes.filter(({ sample, flagged }) => flagged && sample.expect !== 'benign');
    const falsePositives = outcomes.filter(({ sample, flagged }) => flagged && sample.expect === 'benign');
    const missed = outcomes.filter(({ sample, flagged }) => !flagged && sample.expect !== 'benign');
    const wrongKind = truePositives.filter(({ sample, weak }) => weak !== (sample.expect === 'weak'));
    const precision = truePositives.length / (truePositives.length + falsePositives.length);
    const recall = truePositives.length / (truePositives.length + missed.length);
    const names = (list: typeof outcomes) => list.map(({ sample }) => sample.what).join('; ') || 'none';
    console.log(
      `secret rules, independent corpus: ${outcomes.length} samples, precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}, ` +
        `weak told from secret in ${truePositives.length - wrongKind.length} of ${truePositives.length}; ` +
        `false alarms: ${names(falsePositives)}; missed: ${names(missed)}; wrong kind: ${names(wrongKind)}`,
    );
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(recall).toBeGreaterThanOrEqual(0.95);
    expect(wrongKind.length / truePositives.length).toBeLessThanOrEqual(0.05);
  });
});
