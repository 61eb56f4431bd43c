import { testRule } from '../../../test/support/rule-tester.js';
import { memoryLimit } from './memory-limit.js';

testRule(memoryLimit, {
  valid: [{ inspect: { HostConfig: { Memory: 67108864 } } }],
  invalid: [
    { inspect: { HostConfig: { Memory: 0 } }, errors: [{ messageId: 'unlimited', path: ['memory'] }] },
    { inspect: {}, errors: [{ messageId: 'unlimited', path: ['memory'] }] },
    {
      run: 'echo start\n  docker run alpine',
      errors: [{ messageId: 'unlimited', path: ['memory'], line: 2, column: 3 }],
      why: 'a missing setting points at the docker word of its command',
    },
    {
      compose: 'services:\n  web:\n    image: x\n',
      errors: [{ messageId: 'unlimited', path: ['memory'], line: 2, column: 3 }],
      why: 'a missing setting points at the service key',
    },
  ],
});
