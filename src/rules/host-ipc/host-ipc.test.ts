import { testRule } from '../../../test/support/rule-tester.js';
import { hostIpc } from './host-ipc.js';

testRule(hostIpc, {
  valid: [{ inspect: { HostConfig: { IpcMode: 'private' } } }, { inspect: { HostConfig: { IpcMode: 'container:peer' } } }],
  invalid: [{ inspect: { HostConfig: { IpcMode: 'host' } }, errors: [{ messageId: 'host', path: ['ipcMode'] }] }],
});
