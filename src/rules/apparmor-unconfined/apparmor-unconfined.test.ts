import { testRule } from '../../../test/support/rule-tester.js';
import { podManifest } from '../../../test/support/kubernetes-case.js';
import { apparmorUnconfined } from './apparmor-unconfined.js';

testRule(apparmorUnconfined, {
  valid: [
    { kubernetes: podManifest({ securityContext: { appArmorProfile: { type: 'RuntimeDefault' } } }) },

    { inspect: { AppArmorProfile: '' }, host: { appArmor: false }, why: 'no finding for a missing profile on a host without AppArmor' },
    { inspect: { AppArmorProfile: '' }, why: 'host unknown (inspect file): no guess' },
    { inspect: { AppArmorProfile: 'docker-default' }, host: { appArmor: true } },
    {
      inspect: { AppArmorProfile: 'unconfined', HostConfig: { Privileged: true } },
      host: { appArmor: true },
      why: 'issue 16: part of the one decision privileged reports',
    },
    { inspect: { AppArmorProfile: 'my-profile', HostConfig: { SecurityOpt: ['apparmor=my-profile'] } }, host: { appArmor: true } },
    { inspect: { HostConfig: { Privileged: true } }, host: { appArmor: false } },
  ],
  invalid: [
    {
      kubernetes: podManifest({ securityContext: { appArmorProfile: { type: 'Unconfined' } } }),
      errors: [{ messageId: 'explicit', path: ['securityOpt', 0] }],
    },
    {
      kubernetes: podManifest({}, {}, { annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' } }),
      why: 'Kubernetes: the older annotation',
      errors: [{ messageId: 'explicit', path: ['securityOpt', 0] }],
    },

    { inspect: { HostConfig: { SecurityOpt: ['apparmor=unconfined'] } }, errors: [{ messageId: 'explicit', path: ['securityOpt', 0] }] },
    {
      inspect: { HostConfig: { SecurityOpt: ['apparmor:unconfined'] } },
      host: { appArmor: false },
      errors: [{ messageId: 'explicit', path: ['securityOpt', 0] }],
    },
    { inspect: { AppArmorProfile: '' }, host: { appArmor: true }, errors: [{ messageId: 'missing', path: ['appArmorProfile'] }] },
    {
      inspect: { AppArmorProfile: 'unconfined' },
      host: { appArmor: true },
      errors: [{ messageId: 'unconfined', path: ['appArmorProfile'] }],
    },
    {
      run: 'docker run --privileged --security-opt apparmor=unconfined alpine',
      why: 'issue 16: a setting written beside privileged keeps its own finding',
      errors: [{ messageId: 'explicit', path: ['securityOpt', 0], data: { option: 'apparmor=unconfined' } }],
      output: 'docker run --privileged alpine',
    },
  ],
});
