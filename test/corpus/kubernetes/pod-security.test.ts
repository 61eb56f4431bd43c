import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/evaluation/evaluate.js';
import { RULES } from '../../../src/rules/index.js';
import { fileSource } from '../../../src/sources/registry.js';
import { readNamedText } from '../../../src/sources/source-adapter.js';
import { testFingerprint } from '../../support/fingerprint.js';

/**
 * The Pod Security corpus (test/corpus/kubernetes/README.md): one manifest
 * per case of every control of the baseline and restricted levels, written
 * by a helper from the Pod Security Standards and the upstream checks
 * without sight of dockward's code, each with the verdict Kubernetes'
 * admission gives it at either level.
 */
const CORPUS = join(import.meta.dirname, 'pss');
type Level = 'baseline' | 'restricted';
type Verdict = 'allowed' | 'forbidden';

function header(text: string, key: string): string {
  const match = new RegExp(`^# ${key}: (.+)$`, 'm').exec(text);
  if (!match?.[1]) throw new Error(`no "# ${key}:" line`);
  return match[1].trim();
}

/**
 * Cases where dockward and the admission disagree, with why: each is asserted
 * to still disagree, so a fix shows up as a test to update here.
 */
const KNOWN_GAPS: Readonly<Record<string, string>> = {
  'hostPathVolumes-forbidden-unmounted.yaml':
    'a hostPath volume no container mounts: dockward judges what each container gets, and this one gets nothing of the node',
  'runAsUser-forbidden-pod-zero-containers-override.yaml':
    "the pod's runAsUser: 0 is overridden by every container: dockward judges the user each container runs as, none of them root",
};

async function verdicts(file: string): Promise<Record<Level, Verdict>> {
  const reading = await readNamedText(fileSource('kubernetes'), file, readFileSync(join(CORPUS, file), 'utf8'));
  if (reading.problems.length > 0) throw new Error(reading.problems.map((problem) => problem.message).join('; '));
  if (reading.targets.length === 0) throw new Error('no container in the case');
  const verdict = (profile: Level): Verdict => {
    const { containers } = evaluate({ containers: reading.targets, host: {}, secretFingerprint: testFingerprint }, RULES, { profile });
    return containers.some((container) => container.findings.length > 0) ? 'forbidden' : 'allowed';
  };
  return { baseline: verdict('baseline'), restricted: verdict('restricted') };
}

describe('the baseline and restricted profiles give the Pod Security admission verdict', () => {
  const files = readdirSync(CORPUS).filter((file) => file.endsWith('.yaml'));
  it('covers every control of both levels', () => {
    const controls = new Set(files.map((file) => header(readFileSync(join(CORPUS, file), 'utf8'), 'control')));
    expect(controls.size).toBeGreaterThanOrEqual(17);
  });
  for (const file of files) {
    it(file, async () => {
      const text = readFileSync(join(CORPUS, file), 'utf8');
      const expected = { baseline: header(text, 'baseline'), restricted: header(text, 'restricted') };
      const found = await verdicts(file);
      if (KNOWN_GAPS[file] === undefined) expect(found, header(text, 'why')).toEqual(expected);
      else expect(found, `known gap: ${KNOWN_GAPS[file]}`).not.toEqual(expected);
    });
  }
});
