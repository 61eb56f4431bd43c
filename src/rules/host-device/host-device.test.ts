import { testRule } from '../../../test/support/rule-tester.js';
import { hostDevice } from './host-device.js';

testRule(hostDevice, {
  valid: [
    { inspect: { HostConfig: { Devices: [], DeviceCgroupRules: null } } },
    { inspect: { HostConfig: {} } },
    { inspect: { HostConfig: { Privileged: true } }, why: 'issue 16: part of the one decision privileged reports' },
  ],
  invalid: [
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
