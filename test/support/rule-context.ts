import { DOCKER_RUNTIME } from '../../src/model/runtime.js';
import type { RuleContext } from '../../src/rules/define-rule.js';
import { SecretFormats } from '../../src/secrets/secret-formats.js';
import { testFingerprint } from './fingerprint.js';

/** A rule context for direct rule.check() calls in tests: nothing known about the host, no formats found. */
export function ruleContext(overrides: Partial<RuleContext> = {}): RuleContext {
  return {
    target: 'case',
    host: {},
    runtime: DOCKER_RUNTIME,
    capabilities: [],
    imageDefaultsKnown: true,
    syntax: 'run',
    secrets: { formats: SecretFormats.none, fingerprint: testFingerprint },
    options: {},
    ...overrides,
  };
}
