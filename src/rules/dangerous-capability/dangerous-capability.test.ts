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
        { messageId: 'ownNamespace', path: ['capAdd', 3], data: { capability: 'NET_ADMIN' } },
      ],
    },
    // Issue 16: NET_ADMIN in the container's own network namespace is no host-level power; with the host's it is.
    {
      run: 'docker run --cap-add NET_ADMIN --cap-add SYS_PTRACE wireguard',
      errors: [
        { messageId: 'ownNamespace', path: ['capAdd', 0], data: { namespace: 'network' }, severity: 'medium' },
        { messageId: 'ownNamespace', path: ['capAdd', 1], data: { namespace: 'PID' }, severity: 'medium' },
      ],
    },
    {
      compose: 'services: {vpn: {image: x, network_mode: host, pid: host, cap_add: [NET_ADMIN, SYS_PTRACE]}}',
      errors: [
        { messageId: 'hostNamespace', path: ['capAdd', 0], data: { namespace: 'network' }, severity: 'high' },
        { messageId: 'hostNamespace', path: ['capAdd', 1], data: { namespace: 'PID' }, severity: 'high' },
      ],
    },
    {
      inspect: { HostConfig: { CapAdd: ['ALL'] } },
      errors: [{ messageId: 'dangerous', path: ['capAdd', 0], data: { capability: 'ALL' }, severity: 'high' }],
    },
    {
      inspect: { HostConfig: { CapAdd: ['DAC_READ_SEARCH', 'BPF', 'PERFMON', 'SYSLOG'] } },
      errors: [0, 1, 2, 3].map((index) => ({ messageId: 'dangerous' as const, path: ['capAdd', index] })),
    },
  ],
});
