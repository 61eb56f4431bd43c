import { testRule } from '../../../test/support/rule-tester.js';
import { hostUts } from './host-uts.js';

testRule(hostUts, {
  valid: [{ inspect: { HostConfig: { UTSMode: '' } } }, { inspect: { HostConfig: { UTSMode: 'container:peer' } } }],
  invalid: [{ inspect: { HostConfig: { UTSMode: 'host' } }, errors: [{ messageId: 'host', path: ['utsMode'] }] }],
});
