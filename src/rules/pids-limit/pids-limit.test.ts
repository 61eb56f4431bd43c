import { testRule } from '../../../test/support/rule-tester.js';
import { pidsLimit } from './pids-limit.js';

testRule(pidsLimit, {
  valid: [{ inspect: { HostConfig: { PidsLimit: 100 } } }],
  invalid: [
    { inspect: { HostConfig: { PidsLimit: null } }, errors: [{ messageId: 'unlimited', path: ['pidsLimit'] }] },
    { inspect: { HostConfig: { PidsLimit: -1 } }, why: '-1 means unlimited', errors: [{ messageId: 'unlimited', path: ['pidsLimit'] }] },
    { inspect: { HostConfig: { PidsLimit: 0 } }, errors: [{ messageId: 'unlimited', path: ['pidsLimit'] }] },
  ],
});
