import { testRule } from '../../../test/support/rule-tester.js';
import { execRoot } from './exec-root.js';

const exec = (user: string) => ({ id: 'e'.repeat(64), privileged: false, user, command: 'sh' });

testRule(execRoot, {
  valid: [{ inspect: {}, observed: { execs: [exec(''), exec('1000')] }, why: 'no explicit root' }],
  invalid: [
    {
      inspect: {},
      observed: { execs: [exec('root')] },
      errors: [{ messageId: 'root', path: ['observed', 'execs', 0], data: { user: 'root' } }],
    },
    { inspect: {}, observed: { execs: [exec('0:0')] }, errors: [{ messageId: 'root', path: ['observed', 'execs', 0] }] },
  ],
});
