import { writtenSetting } from '../../model/field-table.js';
import { defineRule } from '../define-rule.js';

export const hostIpc = defineRule({
  id: 'host-ipc',
  severity: 'high',
  title: "Container shares the host's IPC namespace",
  rationale:
    "The host IPC namespace gives the container the host's System V shared memory, semaphores and message queues, " +
    'and /dev/shm. Host processes often keep data there that was never meant to leave the host.',
  attack:
    'An attacker lists shared memory segments with ipcs, attaches to one used by a database or a browser on the ' +
    'host and reads or corrupts its contents.',
  remediation:
    'Remove --ipc=host. Containers that need to share memory with each other can use --ipc=shareable and --ipc=container:<name>.',
  fix: {
    run: 'remove --ipc=host   (or --ipc=container:<peer> for two cooperating containers)',
    compose: 'remove `ipc: host`',
    kubernetes: "remove `hostIPC: true` from the pod's spec",
    quadlet: 'remove `--ipc=host` from `PodmanArgs=`',
  },
  verifyInCluster: "kubectl get pod <pod> -o jsonpath='{.spec.hostIPC}'",
  verify: "docker inspect -f '{{.HostConfig.IpcMode}}' <container>",
  cis: '5.16',
  references: ['https://docs.docker.com/reference/cli/docker/container/run/#ipc'],
  profiles: ['recommended', 'cis', 'baseline', 'restricted'],
  // Each fix changes what the service can do: the user weighs it.
  remedy: { kind: 'decide' },
  messages: { host: "shares the host's IPC namespace ({{setting}})" },
  check(spec, { syntax }) {
    return spec.ipcMode === 'host'
      ? [{ messageId: 'host', path: ['ipcMode'], data: { setting: writtenSetting(syntax, 'ipcMode', 'host') } }]
      : [];
  },
});
