import { testRule } from '../../../test/support/rule-tester.js';
import { dangerousCapability } from './dangerous-capability.js';

testRule(dangerousCapability, {
  valid: [
    { inspect: { HostConfig: { CapAdd: ['NET_BIND_SERVICE', 'CHOWN'] } } },
    { inspect: { HostConfig: { CapAdd: null, CapDrop: ['SYS_ADMIN'] } }, why: 'dropping a dangerous capability is fine' },
  ],
  invalid: [
    {
      inspect: { HostConfig: { CapAdd: ['CHOWN', 'SYS_ADMIN', 'cap_sys_module', 'Net_Admin'] } },
      why: 'names in any case, with or without CAP_, each named',
      errors: [
        { messageId: 'dangerous', path: ['capAdd', 1], data: { capability: 'SYS_ADMIN' } },
        { messageId: 'dangerous', path: ['capAdd', 2], data: { capability: 'SYS_MODULE' } },
        { messageId: 'dangerous', path: ['capAdd', 3], data: { capability: 'NET_ADMIN' } },
      ],
    },
    {
      inspect: { HostConfig: { CapAdd: ['ALL'] } },
      errors: [{ messageId: 'dangerous', path: ['capAdd', 0], data: { capability: 'ALL' } }],
    },
    {
      inspect: { HostConfig: { CapAdd: ['DAC_READ_SEARCH', 'BPF', 'PERFMON', 'SYSLOG'] } },
      errors: [0, 1, 2, 3].map((index) => ({ messageId: 'dangerous' as const, path: ['capAdd', index] })),
    },
  ],
});
