import { describe, expect, it } from 'vitest';
import { DOCKER_DEFAULT_CAPABILITIES } from '../../model/capabilities.js';
import { podManifest } from '../../../test/support/kubernetes-case.js';
import { DOCKER_RUNTIME } from '../../model/runtime.js';
import { ruleContext } from '../../../test/support/rule-context.js';
import { testRule } from '../../../test/support/rule-tester.js';
import { quadletUnit } from '../../../test/support/quadlet-case.js';
import { capabilitiesNotDropped } from './capabilities-not-dropped.js';

testRule(capabilitiesNotDropped, {
  valid: [
    { quadlet: quadletUnit('DropCapability=all', 'AddCapability=CHOWN') },
    { kubernetes: podManifest({ securityContext: { capabilities: { drop: ['ALL'] } } }) },

    { run: 'docker run --cap-drop=all --cap-add=NET_BIND_SERVICE nginx' },
    { compose: 'services: {a: {image: x, cap_drop: [ALL]}}' },

    { inspect: { HostConfig: { CapDrop: ['ALL'] } } },
    { inspect: { HostConfig: { CapDrop: ['all'], CapAdd: ['NET_BIND_SERVICE'] } } },
    {
      inspect: {
        HostConfig: {
          CapDrop: [
            'AUDIT_WRITE',
            'CHOWN',
            'DAC_OVERRIDE',
            'FOWNER',
            'FSETID',
            'KILL',
            'MKNOD',
            'NET_BIND_SERVICE',
            'NET_RAW',
            'SETFCAP',
            'SETGID',
            'SETPCAP',
            'SETUID',
            'SYS_CHROOT',
          ],
        },
      },
      why: 'every default dropped one by one is as good as ALL',
    },
    { inspect: { HostConfig: { Privileged: true } }, why: 'privileged has its own rule' },
  ],
  invalid: [
    {
      quadlet: quadletUnit('DropCapability=CAP_MKNOD'),
      why: "Quadlet: Podman's set, without MKNOD to drop",
      errors: [{ messageId: 'all', path: ['capDrop'], data: { dropAll: 'DropCapability=ALL' } }],
      output: quadletUnit('DropCapability=ALL'),
    },
    {
      kubernetes: podManifest(),
      errors: [{ messageId: 'all', path: ['capDrop'], data: { dropAll: 'securityContext.capabilities.drop: [ALL]' } }],
    },
    {
      kubernetes: podManifest({
        securityContext: {
          capabilities: {
            drop: [...DOCKER_DEFAULT_CAPABILITIES],
          },
        },
      }),
      why: 'Kubernetes: restricted looks for ALL itself',
      errors: [{ messageId: 'notAll', path: ['capDrop'], profiles: ['restricted'] }],
    },

    { compose: 'services: {a: {image: x}}', errors: [{ messageId: 'all', path: ['capDrop'], data: { dropAll: 'cap_drop: [ALL]' } }] },

    { inspect: { HostConfig: {} }, errors: [{ messageId: 'all', path: ['capDrop'], data: { dropAll: '--cap-drop=ALL' } }] },
    {
      inspect: {
        HostConfig: {
          CapDrop: [
            'NET_RAW',
            'MKNOD',
            'SETUID',
            'SETGID',
            'SETPCAP',
            'SETFCAP',
            'FSETID',
            'FOWNER',
            'KILL',
            'AUDIT_WRITE',
            'SYS_CHROOT',
            'DAC_OVERRIDE',
          ],
        },
      },
      errors: [{ messageId: 'some', path: ['capDrop'], data: { count: 2, capabilities: 'CHOWN, NET_BIND_SERVICE' } }],
    },
  ],
});

describe("the runtime's own default set", () => {
  it('counts what that runtime grants, not what Docker does', () => {
    const runtime = { ...DOCKER_RUNTIME, capabilities: ['CHOWN', 'KILL'] };
    const check = (capabilities: string[]) => capabilitiesNotDropped.check({}, ruleContext({ runtime, capabilities }));
    expect(check(['CHOWN', 'KILL']).map((v) => v.messageId)).toEqual(['all']);
    expect(check(['KILL', 'NET_RAW'])).toMatchObject([{ messageId: 'some', data: { count: 1, capabilities: 'KILL' } }]);
  });
});
