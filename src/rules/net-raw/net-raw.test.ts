import { testRule } from '../../../test/support/rule-tester.js';
import { netRaw } from './net-raw.js';

testRule(netRaw, {
  valid: [
    { inspect: { HostConfig: { CapDrop: ['NET_RAW'] } } },
    { inspect: { HostConfig: { CapDrop: ['ALL'], CapAdd: ['CHOWN'] } } },
    { inspect: { HostConfig: { CapAdd: ['ALL'], CapDrop: ['cap_net_raw'] } }, why: 'ALL minus NET_RAW' },
  ],
  invalid: [
    { inspect: { HostConfig: {} }, why: "NET_RAW is in Docker's default set", errors: [{ messageId: 'default', path: ['capDrop'] }] },
    { inspect: { HostConfig: { CapDrop: ['ALL'], CapAdd: ['net_raw'] } }, errors: [{ messageId: 'added', path: ['capAdd', 0] }] },
    {
      inspect: { HostConfig: { CapDrop: ['NET_RAW'], CapAdd: ['NET_RAW'] } },
      why: 'an add wins over a drop',
      errors: [{ messageId: 'added', path: ['capAdd', 0] }],
    },
    {
      inspect: { HostConfig: { Privileged: true, CapDrop: ['NET_RAW'] } },
      why: 'privileged ignores drops',
      errors: [{ messageId: 'privileged', path: ['privileged'] }],
    },
  ],
});
