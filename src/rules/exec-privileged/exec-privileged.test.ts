import { testRule } from '../../../test/support/rule-tester.js';
import { execPrivileged } from './exec-privileged.js';

const exec = (privileged: boolean, user = '') => ({ id: 'e'.repeat(64), privileged, user, command: 'sh' });

testRule(execPrivileged, {
  valid: [
    { inspect: {}, observed: { execs: [exec(false)] } },
    { inspect: {}, why: 'no exec sessions known' },
  ],
  invalid: [
    {
      inspect: {},
      observed: { execs: [exec(false), exec(true)] },
      errors: [{ messageId: 'privileged', path: ['observed', 'execs', 1], data: { command: 'sh' } }],
    },
  ],
});
