import { describe, expect, it } from 'vitest';
import { DOCKER_RUNTIME } from '../../model/runtime.js';
import { ruleContext } from '../../../test/support/rule-context.js';
import { testRule } from '../../../test/support/rule-tester.js';
import { defaultBridge } from './default-bridge.js';

testRule(defaultBridge, {
  valid: [{ inspect: { HostConfig: { NetworkMode: 'app-net' } } }, { inspect: { HostConfig: { NetworkMode: 'none' } } }],
  invalid: [
    { inspect: { HostConfig: { NetworkMode: 'default' } }, errors: [{ messageId: 'bridge', path: ['networkMode'] }] },
    { inspect: { HostConfig: { NetworkMode: 'bridge' } }, errors: [{ messageId: 'bridge', path: ['networkMode'] }] },
  ],
});

describe('the runtime decides what no network means', () => {
  it('is the default bridge under Docker, and nothing to report where a runtime defaults to another network', () => {
    expect(defaultBridge.check({}, ruleContext()).map((v) => v.messageId)).toEqual(['bridge']);
    expect(defaultBridge.check({}, ruleContext({ runtime: { ...DOCKER_RUNTIME, networkWhenUnset: 'pod' } }))).toEqual([]);
  });
});
