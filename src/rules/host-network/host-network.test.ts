import { testRule } from '../../../test/support/rule-tester.js';
import { hostNetwork } from './host-network.js';

testRule(hostNetwork, {
  valid: [
    { inspect: { HostConfig: { NetworkMode: 'default' } } },
    { inspect: { HostConfig: { NetworkMode: 'none' } } },
    { inspect: { HostConfig: { NetworkMode: 'hostnet' } }, why: 'a user network merely named like host' },
  ],
  invalid: [{ inspect: { HostConfig: { NetworkMode: 'host' } }, errors: [{ messageId: 'host', path: ['networkMode'] }] }],
});
