import { testRule } from '../../../test/support/rule-tester.js';
import { privileged } from './privileged.js';

testRule(privileged, {
  valid: [{ inspect: { HostConfig: { Privileged: false } } }, { inspect: { HostConfig: {} } }, { inspect: {} }],
  invalid: [{ inspect: { HostConfig: { Privileged: true } }, errors: [{ messageId: 'privileged', path: ['privileged'] }] }],
});
