import { testRule } from '../../../test/support/rule-tester.js';
import { podManifest } from '../../../test/support/kubernetes-case.js';
import { hostPid } from './host-pid.js';

testRule(hostPid, {
  valid: [{ inspect: { HostConfig: { PidMode: '' } } }, { inspect: { HostConfig: { PidMode: 'container:abc' } } }],
  invalid: [
    {
      kubernetes: podManifest({}, { hostPID: true }),
      errors: [{ messageId: 'host', path: ['pidMode'], data: { setting: 'hostPID: true' } }],
    },
    { inspect: { HostConfig: { PidMode: 'host' } }, errors: [{ messageId: 'host', path: ['pidMode'] }] },
  ],
});
