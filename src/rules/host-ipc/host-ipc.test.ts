import { testRule } from '../../../test/support/rule-tester.js';
import { podManifest } from '../../../test/support/kubernetes-case.js';
import { hostIpc } from './host-ipc.js';

testRule(hostIpc, {
  valid: [
    { kubernetes: podManifest({}, { hostIPC: false }) },
    { inspect: { HostConfig: { IpcMode: 'private' } } },
    { inspect: { HostConfig: { IpcMode: 'container:peer' } } },
  ],
  invalid: [
    { kubernetes: podManifest({}, { hostIPC: true }), errors: [{ messageId: 'host', path: ['ipcMode'] }] },
    { inspect: { HostConfig: { IpcMode: 'host' } }, errors: [{ messageId: 'host', path: ['ipcMode'] }] },
  ],
});
