import { testRule } from '../../../test/support/rule-tester.js';
import { hostDevice } from './host-device.js';

testRule(hostDevice, {
  valid: [{ inspect: { HostConfig: { Devices: [], DeviceCgroupRules: null } } }, { inspect: { HostConfig: {} } }],
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
    {
      inspect: { HostConfig: { Privileged: true } },
      why: 'privileged implies every device',
      errors: [{ messageId: 'privileged', path: ['privileged'] }],
    },
  ],
});
