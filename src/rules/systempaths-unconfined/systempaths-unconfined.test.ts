import { testRule } from '../../../test/support/rule-tester.js';
import { systempathsUnconfined } from './systempaths-unconfined.js';

testRule(systempathsUnconfined, {
  valid: [{ inspect: { HostConfig: { SecurityOpt: ['no-new-privileges'] } } }, { inspect: { HostConfig: { SecurityOpt: null } } }],
  invalid: [{ inspect: { HostConfig: { SecurityOpt: ['systempaths=unconfined'] } }, errors: [{ messageId: 'unconfined', path: ['securityOpt', 0] }] }],
});
