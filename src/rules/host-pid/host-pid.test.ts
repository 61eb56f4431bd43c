import { testRule } from '../../../test/support/rule-tester.js';
import { hostPid } from './host-pid.js';

testRule(hostPid, {
  valid: [{ inspect: { HostConfig: { PidMode: '' } } }, { inspect: { HostConfig: { PidMode: 'container:abc' } } }],
  invalid: [{ inspect: { HostConfig: { PidMode: 'host' } }, errors: [{ messageId: 'host', path: ['pidMode'] }] }],
});
