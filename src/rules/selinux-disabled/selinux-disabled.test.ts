import { testRule } from '../../../test/support/rule-tester.js';
import { selinuxDisabled } from './selinux-disabled.js';

testRule(selinuxDisabled, {
  valid: [
    { inspect: { HostConfig: { SecurityOpt: ['label=type:svirt_apache_t'] } } },
    { inspect: { HostConfig: { SecurityOpt: ['no-new-privileges'] } } },
    {
      inspect: { HostConfig: { Privileged: true, SecurityOpt: ['label=disable'] } },
      host: { selinux: true },
      why: 'issue 16: the daemon adds label=disable to privileged containers, part of the one decision privileged reports',
    },
    {
      inspect: { HostConfig: { PidMode: 'host', SecurityOpt: ['label=disable'] } },
      host: { selinux: false },
      why: 'the daemon adds label=disable for --pid=host',
    },
  ],
  invalid: [
    { inspect: { HostConfig: { SecurityOpt: ['label=disable'] } }, errors: [{ messageId: 'disabled', path: ['securityOpt', 0] }] },
    {
      inspect: { HostConfig: { SecurityOpt: ['seccomp=unconfined', 'label:disable'] } },
      why: 'the older colon form',
      errors: [{ messageId: 'disabled', path: ['securityOpt', 1] }],
    },
    { inspect: { HostConfig: { IpcMode: 'host' } }, host: { selinux: true }, errors: [{ messageId: 'implied', path: ['ipcMode'] }] },
  ],
});
