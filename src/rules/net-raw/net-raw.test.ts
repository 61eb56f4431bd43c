import { testRule } from '../../../test/support/rule-tester.js';
import { podManifest } from '../../../test/support/kubernetes-case.js';
import { netRaw } from './net-raw.js';

testRule(netRaw, {
  valid: [
    { kubernetes: podManifest({ securityContext: { capabilities: { drop: ['NET_RAW'] } } }) },

    { inspect: { HostConfig: { CapDrop: ['NET_RAW'] } } },
    { inspect: { HostConfig: { CapDrop: ['ALL'], CapAdd: ['CHOWN'] } } },
    { inspect: { HostConfig: { CapAdd: ['ALL'], CapDrop: ['cap_net_raw'] } }, why: 'ALL minus NET_RAW' },
    { inspect: { HostConfig: { Privileged: true } }, why: 'issue 16: part of the one decision privileged reports' },
    { run: 'podman run alpine', why: "issue 20: Podman's default set has no NET_RAW" },
  ],
  invalid: [
    {
      run: 'podman run --cap-add=net_raw alpine',
      why: 'issue 20: on Podman NET_RAW is only there when added',
      errors: [{ messageId: 'added', path: ['capAdd', 0] }],
    },
    {
      kubernetes: podManifest(),
      why: "Kubernetes: containerd's defaults hold NET_RAW",
      errors: [{ messageId: 'default', path: ['capDrop'], data: { defaults: "the container runtime's default set (containerd's)" } }],
    },

    { inspect: { HostConfig: {} }, why: "NET_RAW is in Docker's default set", errors: [{ messageId: 'default', path: ['capDrop'] }] },
    {
      run: 'docker run -p 80:80 nginx:1.27',
      why: 'fix drops every capability and adds back what nginx and its low port need',
      errors: [{ messageId: 'default', path: ['capDrop'] }],
      output:
        'docker run -p 80:80 --cap-drop=ALL --cap-add=CHOWN --cap-add=DAC_OVERRIDE --cap-add=SETGID --cap-add=SETUID ' +
        '--cap-add=NET_BIND_SERVICE nginx:1.27',
    },
    {
      compose: 'services:\n  a:\n    image: redis:7\n    cap_drop: [MKNOD]\n',
      errors: [{ messageId: 'default', path: ['capDrop'] }],
      why: 'redis steps down from root: CHOWN, SETGID and SETUID come back, NET_RAW does not',
      output: 'services:\n  a:\n    image: redis:7\n    cap_drop: [ALL]\n    cap_add: [CHOWN, SETGID, SETUID]\n',
    },
    { inspect: { HostConfig: { CapDrop: ['ALL'], CapAdd: ['net_raw'] } }, errors: [{ messageId: 'added', path: ['capAdd', 0] }] },
    {
      inspect: { HostConfig: { CapDrop: ['NET_RAW'], CapAdd: ['NET_RAW'] } },
      why: 'an add wins over a drop',
      errors: [{ messageId: 'added', path: ['capAdd', 0] }],
    },
  ],
});
