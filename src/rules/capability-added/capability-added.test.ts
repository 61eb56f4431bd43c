import { testRule } from '../../../test/support/rule-tester.js';
import { capabilityAdded } from './capability-added.js';

testRule(capabilityAdded, {
  valid: [
    { inspect: { HostConfig: { CapDrop: ['ALL'], CapAdd: ['NET_BIND_SERVICE', 'chown'] } }, why: 'adding back defaults after drop ALL' },
    { inspect: { HostConfig: { CapAdd: ['SYS_ADMIN'] } }, why: 'dangerous ones belong to dangerous-capability' },
  ],
  invalid: [
    {
      inspect: { HostConfig: { CapAdd: ['CAP_IPC_LOCK', 'SYS_NICE', 'CHOWN'] } },
      errors: [
        { messageId: 'added', path: ['capAdd', 0], data: { capability: 'IPC_LOCK' } },
        { messageId: 'added', path: ['capAdd', 1], data: { capability: 'SYS_NICE' } },
      ],
    },
  ],
});
