import { testRule } from '../../../test/support/rule-tester.js';
import { quadletUnit } from '../../../test/support/quadlet-case.js';
import { podManifest } from '../../../test/support/kubernetes-case.js';
import { selinuxDisabled } from './selinux-disabled.js';

testRule(selinuxDisabled, {
  valid: [
    { quadlet: quadletUnit('SecurityLabelType=container_runtime_t', 'SecurityLabelDisable=false') },
    { kubernetes: podManifest({ securityContext: { seLinuxOptions: { type: 'container_init_t' } } }) },
    {
      kubernetes: podManifest({}, { securityContext: { seLinuxOptions: { level: 's0:c123,c456' } } }),
      why: "Kubernetes: a level is any pod's choice",
    },
    { run: 'docker run --security-opt label=type:my_app_t app', why: 'a custom type is confinement of its own on Docker' },

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
    { quadlet: quadletUnit('SecurityLabelDisable=yes'), errors: [{ messageId: 'disabled', path: ['securityOpt', 0], line: 3, column: 1 }] },
    { quadlet: quadletUnit('SecurityLabelType=spc_t'), errors: [{ messageId: 'unconfinedType', path: ['securityOpt', 0] }] },
    {
      kubernetes: podManifest({}, { securityContext: { seLinuxOptions: { type: 'spc_t' } } }),
      errors: [{ messageId: 'unconfinedType', path: ['securityOpt', 0] }],
    },
    {
      run: 'docker run --security-opt label=type:spc_t app',
      why: 'spc_t is unconfined on Docker too',
      errors: [{ messageId: 'unconfinedType', path: ['securityOpt', 0] }],
    },
    {
      kubernetes: podManifest({ securityContext: { seLinuxOptions: { type: 'my_app_t' } } }),
      why: 'Kubernetes: baseline allows only the container types',
      errors: [{ messageId: 'typeNotAllowed', path: ['securityOpt', 0], profiles: ['baseline', 'restricted'] }],
    },
    {
      kubernetes: podManifest({ securityContext: { seLinuxOptions: { user: 'system_u', role: 'system_r' } } }),
      errors: [
        { messageId: 'userOrRole', path: ['securityOpt', 0], profiles: ['baseline', 'restricted'] },
        { messageId: 'userOrRole', path: ['securityOpt', 1], profiles: ['baseline', 'restricted'] },
      ],
    },

    { inspect: { HostConfig: { SecurityOpt: ['label=disable'] } }, errors: [{ messageId: 'disabled', path: ['securityOpt', 0] }] },
    {
      inspect: { HostConfig: { SecurityOpt: ['seccomp=unconfined', 'label:disable'] } },
      why: 'the older colon form',
      errors: [{ messageId: 'disabled', path: ['securityOpt', 1] }],
    },
    { inspect: { HostConfig: { IpcMode: 'host' } }, host: { selinux: true }, errors: [{ messageId: 'implied', path: ['ipcMode'] }] },
  ],
});
