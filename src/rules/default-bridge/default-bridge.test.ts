import { testRule } from '../../../test/support/rule-tester.js';
import { defaultBridge } from './default-bridge.js';

testRule(defaultBridge, {
  valid: [{ inspect: { HostConfig: { NetworkMode: 'app-net' } } }, { inspect: { HostConfig: { NetworkMode: 'none' } } }],
  invalid: [
    { inspect: { HostConfig: { NetworkMode: 'default' } }, errors: [{ messageId: 'bridge', path: ['networkMode'] }] },
    { inspect: { HostConfig: { NetworkMode: 'bridge' } }, errors: [{ messageId: 'bridge', path: ['networkMode'] }] },
  ],
});
