import { testRule } from '../../../test/support/rule-tester.js';
import { capabilityAdded } from './capability-added.js';

testRule(capabilityAdded, {
  valid: [
    { inspect: { HostConfig: { CapDrop: ['ALL'], CapAdd: ['NET_BIND_SERVICE', 'chown'] } }, why: 'adding back defaults after drop ALL' },
    { inspect: { HostConfig: { CapAdd: ['SYS_ADMIN'] } }, why: 'dangerous ones belong to dangerous-capability' },
    { run: 'docker run --cap-add sys_nice alpine', options: { allow: ['SYS_NICE'] }, why: 'a capability the allow option accepts' },
  ],
  invalid: [
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
