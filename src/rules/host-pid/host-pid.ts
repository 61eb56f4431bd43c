import { writtenSetting } from '../../model/field-table.js';
import { defineRule } from '../define-rule.js';

export const hostPid = defineRule({
  id: 'host-pid',
  severity: 'high',
  title: "Container shares the host's PID namespace",
  rationale:
    'In the host PID namespace the container lists every host process, reads their command lines and environment ' +
    '(where secrets often are), can signal them and, with SYS_PTRACE, attach to them. It is a short step from ' +
    'there to the host.',
  remediation: 'Remove --pid=host. Monitoring agents that need host processes belong on a dedicated, reviewed exception.',
  attack:
    'An attacker lists host processes, reads /proc/<pid>/environ of a host service to steal its credentials, and ' +
    'with SYS_PTRACE injects code into a root process on the host.',
  fix: {
    run: 'remove --pid=host',
    compose: 'remove `pid: host`',
    kubernetes: "remove `hostPID: true` from the pod's spec",
    quadlet: 'remove `--pid=host` from `PodmanArgs=`',
  },
  verifyInCluster: "kubectl get pod <pod> -o jsonpath='{.spec.hostPID}'",
  verify: "docker inspect -f '{{.HostConfig.PidMode}}' <container>",
  cis: '5.15',
  profiles: ['recommended', 'cis', 'baseline', 'restricted'],
  references: ['https://docs.docker.com/reference/cli/docker/container/run/#pid'],
  // Each fix changes what the service can do: the user weighs it.
  remedy: { kind: 'decide' },
  messages: { host: "shares the host's PID namespace ({{setting}})" },
  check(spec, { syntax }) {
    return spec.pidMode === 'host'
      ? [{ messageId: 'host', path: ['pidMode'], data: { setting: writtenSetting(syntax, 'pidMode', 'host') } }]
      : [];
  },
});
