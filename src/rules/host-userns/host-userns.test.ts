import { testRule } from '../../../test/support/rule-tester.js';
import { hostUserns } from './host-userns.js';

testRule(hostUserns, {
  valid: [{ inspect: { HostConfig: { UsernsMode: '' } } }, { inspect: { HostConfig: { UsernsMode: 'container:peer' } } }],
  invalid: [{ inspect: { HostConfig: { UsernsMode: 'host' } }, errors: [{ messageId: 'host', path: ['usernsMode'] }] }],
});
