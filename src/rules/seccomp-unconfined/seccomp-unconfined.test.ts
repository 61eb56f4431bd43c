import { testRule } from '../../../test/support/rule-tester.js';
import { quadletUnit } from '../../../test/support/quadlet-case.js';
import { podManifest } from '../../../test/support/kubernetes-case.js';
import { seccompUnconfined } from './seccomp-unconfined.js';

testRule(seccompUnconfined, {
  valid: [
    { quadlet: quadletUnit('SeccompProfile=/etc/containers/seccomp.json') },
    {
      kubernetes: podManifest({}, { securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }),
      why: 'Kubernetes: the pod asks for the runtime default',
    },
    {
      kubernetes: podManifest({ securityContext: { seccompProfile: { type: 'Localhost', localhostProfile: 'app.json' } } }),
      why: 'Kubernetes: a profile on the node',
    },
    { kubernetes: podManifest({ securityContext: { privileged: true } }), why: 'Kubernetes: privileged is its own finding' },

    { inspect: { HostConfig: { SecurityOpt: ['seccomp=/etc/docker/custom.json'] } } },
    {
      inspect: { HostConfig: { SecurityOpt: ['seccomp=unconfined', 'seccomp=/p.json'] } },
      why: 'the last seccomp option is the one applied',
    },
    {
      inspect: { HostConfig: { Privileged: true } },
      host: { seccomp: true },
      why: 'issue 16: part of the one decision privileged reports',
    },
    {
      inspect: {
        HostConfig: {
          SecurityOpt: ['seccomp={"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read"],"action":"SCMP_ACT_ALLOW"}]}'],
        },
      },
      why: 'an inline allow-list profile',
    },
    {
      inspect: { HostConfig: { SecurityOpt: ['seccomp={"defaultAction":"SCMP_ACT_ALLOW","defaultAction":"SCMP_ACT_ERRNO"}'] } },
      why: 'the last key given is the one Go keeps',
    },
  ],
  invalid: [
    {
      quadlet: quadletUnit('SeccompProfile=unconfined', '# keep', 'SeccompProfile=unconfined'),
      why: 'every entry of a key Quadlet reads the last of is removed, comments kept',
      errors: [{ messageId: 'explicit', path: ['securityOpt', 0], line: 5, column: 1 }],
      output: quadletUnit('# keep'),
    },
    {
      kubernetes: podManifest({}, {}, { annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'runtime/default' } }),
      why: 'Kubernetes: the kubelet has not applied the older annotation since 1.27, nor the admission judged it since v1.19',
      errors: [{ messageId: 'notSet', path: ['securityOpt'], profiles: ['recommended', 'cis', 'restricted'] }],
    },
    {
      kubernetes: podManifest(),
      why: 'Kubernetes: the kubelet runs a pod without a profile Unconfined; baseline allows it, restricted does not',
      output: podManifest({ securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }),
      errors: [{ messageId: 'notSet', path: ['securityOpt'], profiles: ['recommended', 'cis', 'restricted'], line: 8 }],
    },
    {
      kubernetes: podManifest(
        { securityContext: { seccompProfile: { type: 'Unconfined' } } },
        { securityContext: { seccompProfile: { type: 'RuntimeDefault' } } },
      ),
      why: 'Kubernetes: the container overrides its pod',
      errors: [{ messageId: 'explicit', path: ['securityOpt', 0] }],
    },

    { inspect: { HostConfig: { SecurityOpt: ['seccomp=unconfined'] } }, errors: [{ messageId: 'explicit', path: ['securityOpt', 0] }] },
    {
      inspect: { HostConfig: { SecurityOpt: ['no-new-privileges', 'seccomp:unconfined'] } },
      errors: [{ messageId: 'explicit', path: ['securityOpt', 1] }],
    },
    // Issue 16: a setting written beside privileged is a choice of its own and keeps its finding.
    {
      run: 'docker run --privileged --security-opt seccomp=unconfined alpine',
      errors: [{ messageId: 'explicit', path: ['securityOpt', 0], data: { option: 'seccomp=unconfined' } }],
      output: 'docker run --privileged alpine',
    },
    // Regression (issue 14): an inline profile that allows everything is unconfined in effect.
    {
      inspect: { HostConfig: { SecurityOpt: ['seccomp={"defaultAction":"SCMP_ACT_ALLOW"}'] } },
      errors: [{ messageId: 'permissiveProfile', path: ['securityOpt', 0], data: { action: 'SCMP_ACT_ALLOW' } }],
    },
    {
      inspect: { HostConfig: { SecurityOpt: ['seccomp={"DEFAULTACTION":"SCMP_ACT_ERRNO","defaultaction":"SCMP_ACT_LOG","syscalls":[]}'] } },
      why: 'keys fold as Go folds them, the last one wins',
      errors: [{ messageId: 'permissiveProfile', path: ['securityOpt', 0], data: { action: 'SCMP_ACT_LOG' } }],
    },
    {
      inspect: {
        HostConfig: {
          SecurityOpt: [
            `seccomp=${JSON.stringify({
              defaultAction: 'SCMP_ACT_ERRNO',
              syscalls: [
                { names: ['read', 'write', 'mount', 'unshare'], action: 'SCMP_ACT_ALLOW' },
                { name: 'keyctl', action: 'SCMP_ACT_ALLOW' },
              ],
            })}`,
          ],
        },
      },
      why: 'an allow-list that opens calls the default profile blocks (issue 14, found by an independent attack)',
      errors: [{ messageId: 'opensBlockedCalls', path: ['securityOpt', 0], data: { calls: 'keyctl, mount, unshare' } }],
    },
    {
      inspect: {
        HostConfig: {
          SecurityOpt: [
            `seccomp=${JSON.stringify({
              defaultAction: 'SCMP_ACT_ERRNO',
              syscalls: [
                { names: ['read'], action: 'SCMP_ACT_ALLOW' },
                { names: ['unshare'], action: 'SCMP_ACT_TRACE' },
              ],
            })}`,
          ],
        },
      },
      why: 'a tracer the container runs itself lets a traced call pass (a second independent attack)',
      errors: [{ messageId: 'opensBlockedCalls', path: ['securityOpt', 0], data: { calls: 'unshare' } }],
    },
  ],
});
