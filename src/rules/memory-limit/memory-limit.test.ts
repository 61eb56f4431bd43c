import { testRule } from '../../../test/support/rule-tester.js';
import { memoryLimit } from './memory-limit.js';

testRule(memoryLimit, {
  valid: [{ inspect: { HostConfig: { Memory: 67108864 } } }],
  invalid: [
    { inspect: { HostConfig: { Memory: 0 } }, errors: [{ messageId: 'unlimited', path: ['memory'] }] },
    { inspect: {}, errors: [{ messageId: 'unlimited', path: ['memory'] }] },
  ],
});
