import { testRule } from '../../../test/support/rule-tester.js';
import { podManifest } from '../../../test/support/kubernetes-case.js';
import { hostDevice } from './host-device.js';

testRule(hostDevice, {
  valid: [
    { inspect: { HostConfig: { Devices: [], DeviceCgroupRules: null } } },
    { inspect: { HostConfig: {} } },
    { inspect: { HostConfig: { Privileged: true } }, why: 'issue 16: part of the one decision privileged reports' },
  ],
  invalid: [
    {
      kubernetes: podManifest(
        { volumeMounts: [{ name: 'gpu', mountPath: '/dev/nvidia0' }] },
        { automountServiceAccountToken: false, volumes: [{ name: 'gpu', hostPath: { path: '/dev/nvidia0', type: 'CharDevice' } }] },
      ),
      why: 'Kubernetes: a hostPath volume of type CharDevice is a device',
      errors: [{ messageId: 'device', path: ['devices', 0], line: 17 }],
    },
    {
      inspect: {
        HostConfig: {
          Devices: [{ PathOnHost: '/dev/sda', PathInContainer: '/dev/xvda', CgroupPermissions: 'r' }],
          DeviceCgroupRules: ['c 1:3 mr'],
        },
      },
      errors: [
        { messageId: 'device', path: ['devices', 0], data: { device: '/dev/sda', permissions: 'r' } },
        { messageId: 'cgroupRule', path: ['deviceCgroupRules', 0], data: { rule: 'c 1:3 mr' } },
      ],
    },
  ],
});
