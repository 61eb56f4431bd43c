import { testRule } from '../../../test/support/rule-tester.js';
import { restartPolicy } from './restart-policy.js';

const policy = (Name: string, MaximumRetryCount = 0) => ({ HostConfig: { RestartPolicy: { Name, MaximumRetryCount } } });

testRule(restartPolicy, {
  valid: [{ inspect: policy('no') }, { inspect: policy('') }, { inspect: policy('on-failure', 5) }, { inspect: policy('on-failure', 3) }],
  invalid: [
    {
      inspect: policy('always'),
      why: '--restart=always is not a pass',
      errors: [{ messageId: 'always', path: ['restartPolicy'], data: { policy: 'always' } }],
    },
    { inspect: policy('unless-stopped'), errors: [{ messageId: 'always', path: ['restartPolicy'] }] },
    { inspect: policy('on-failure'), errors: [{ messageId: 'unbounded', path: ['restartPolicy'] }] },
    {
      compose: 'services: {a: {image: x, restart: unless-stopped}}',
      why: 'issue 16: a Compose finding speaks Compose',
      errors: [{ messageId: 'always', path: ['restartPolicy'], data: { setting: 'restart: unless-stopped' } }],
    },
    {
      inspect: policy('on-failure', 10),
      errors: [{ messageId: 'unbounded', path: ['restartPolicy'], data: { setting: '--restart=on-failure:10' } }],
    },
  ],
});
