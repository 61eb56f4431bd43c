import { testRule } from '../../../test/support/rule-tester.js';
import { unsafeSysctl } from './unsafe-sysctl.js';

testRule(unsafeSysctl, {
  valid: [
    { inspect: { HostConfig: { Sysctls: { 'net.ipv4.ip_unprivileged_port_start': '80', 'kernel.shm_rmid_forced': '1' } } } },
    { inspect: { HostConfig: {} } },
  ],
  invalid: [
    {
      inspect: { HostConfig: { Sysctls: { 'net.ipv4.tcp_syncookies': '1', 'net.ipv4.ip_forward': '1', 'kernel.msgmax': '65536' } } },
      errors: [
        { messageId: 'unsafe', path: ['sysctls', 'net.ipv4.ip_forward'], data: { name: 'net.ipv4.ip_forward' } },
        { messageId: 'unsafe', path: ['sysctls', 'kernel.msgmax'] },
      ],
    },
  ],
});
