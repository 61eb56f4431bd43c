import { testRule } from '../../../test/support/rule-tester.js';
import { podManifest } from '../../../test/support/kubernetes-case.js';
import { memoryLimit } from './memory-limit.js';

testRule(memoryLimit, {
  valid: [{ kubernetes: podManifest({ resources: { limits: { memory: '256Mi' } } }) }, { inspect: { HostConfig: { Memory: 67108864 } } }],
  invalid: [
    { kubernetes: podManifest({ resources: { requests: { memory: '256Mi' } } }), errors: [{ messageId: 'unlimited', path: ['memory'] }] },

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
      why: 'a missing setting points at the service key; fix sets a limit only when asked to',
      output: 'services:\n  web:\n    image: x\n',
    },
    {
      compose: 'services:\n  web:\n    image: x\n',
      fix: { addLimits: true },
      errors: [{ messageId: 'unlimited', path: ['memory'] }],
      why: 'with --add-limits, a starting point the user tunes',
      output: 'services:\n  web:\n    image: x\n    mem_limit: 512m\n',
    },
    {
      run: 'docker run -m 0 alpine',
      fix: { addLimits: true },
      errors: [{ messageId: 'unlimited', path: ['memory'] }],
      why: 'an explicit unlimited memory is replaced, not repeated',
      output: 'docker run --memory 512m alpine',
    },
  ],
});
