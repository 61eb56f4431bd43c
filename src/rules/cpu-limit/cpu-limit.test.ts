import { testRule } from '../../../test/support/rule-tester.js';
import { cpuLimit } from './cpu-limit.js';

testRule(cpuLimit, {
  valid: [
    { inspect: { HostConfig: { NanoCpus: 500000000 } } },
    { inspect: { HostConfig: { CpuQuota: 50000, CpuPeriod: 100000 } }, why: 'CpuQuota counts as a limit (the reference tool ignores it)' },
    { inspect: { HostConfig: { CpuShares: 512 } } },
  ],
  invalid: [
    { inspect: { HostConfig: { NanoCpus: 0, CpuQuota: 0, CpuShares: 0 } }, errors: [{ messageId: 'unlimited', path: ['nanoCpus'] }] },
  ],
});
