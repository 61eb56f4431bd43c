import { testRule } from '../../../test/support/rule-tester.js';
import { podManifest } from '../../../test/support/kubernetes-case.js';
import { capabilityAdded } from './capability-added.js';

testRule(capabilityAdded, {
  valid: [
    { run: 'podman run --cap-add NET_RAW alpine', why: "issue 20: beyond Podman's set, but net-raw's finding" },
    {
      kubernetes: podManifest({ securityContext: { capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } } }),
      why: 'Kubernetes: the one capability restricted allows',
    },

    { inspect: { HostConfig: { CapDrop: ['ALL'], CapAdd: ['NET_BIND_SERVICE', 'chown'] } }, why: 'adding back defaults after drop ALL' },
    { inspect: { HostConfig: { CapAdd: ['SYS_ADMIN'] } }, why: 'dangerous ones belong to dangerous-capability' },
    { run: 'docker run --cap-add sys_nice alpine', options: { allow: ['SYS_NICE'] }, why: 'a capability the allow option accepts' },
  ],
  invalid: [
    {
      kubernetes: podManifest({ securityContext: { capabilities: { add: ['CAP_CHOWN'] } } }),
      why: 'Kubernetes: the admission compares names as written',
      errors: [{ messageId: 'beyondBaseline', path: ['capAdd', 0], data: { capability: 'CAP_CHOWN' } }],
    },
    {
      kubernetes: podManifest({ securityContext: { capabilities: { add: ['NET_RAW'] } } }),
      why: 'Kubernetes: baseline allows the runtime defaults but NET_RAW',
      errors: [{ messageId: 'beyondBaseline', path: ['capAdd', 0], profiles: ['baseline'] }],
    },
    {
      kubernetes: podManifest({ securityContext: { capabilities: { drop: ['ALL'], add: ['CHOWN'] } } }),
      why: 'Kubernetes: restricted allows only NET_BIND_SERVICE',
      errors: [{ messageId: 'beyondRestricted', path: ['capAdd', 0], profiles: ['restricted'] }],
    },
    {
      kubernetes: podManifest({ securityContext: { capabilities: { add: ['SYS_NICE'] } } }),
      errors: [{ messageId: 'added', path: ['capAdd', 0], data: { defaults: "the container runtime's default set (containerd's)" } }],
    },

    {
      inspect: { HostConfig: { CapAdd: ['CAP_IPC_LOCK', 'SYS_NICE', 'CHOWN'] } },
      errors: [
        { messageId: 'added', path: ['capAdd', 0], data: { capability: 'IPC_LOCK' } },
        { messageId: 'added', path: ['capAdd', 1], data: { capability: 'SYS_NICE' } },
      ],
    },
    {
      run: 'docker run --cap-add SYS_NICE --cap-add IPC_LOCK alpine',
      options: { allow: ['sys_nice'] },
      errors: [{ messageId: 'added', path: ['capAdd', 1], data: { capability: 'IPC_LOCK' }, line: 1, column: 31 }],
      why: 'allow takes the names in any spelling and lets the others through',
    },
  ],
});
