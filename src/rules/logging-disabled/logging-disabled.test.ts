import { testRule } from '../../../test/support/rule-tester.js';
import { loggingDisabled } from './logging-disabled.js';

testRule(loggingDisabled, {
  valid: [{ inspect: { HostConfig: { LogConfig: { Type: 'json-file', Config: {} } } } }],
  invalid: [{ inspect: { HostConfig: { LogConfig: { Type: 'none', Config: {} } } }, errors: [{ messageId: 'none', path: ['logDriver'] }] }],
});
