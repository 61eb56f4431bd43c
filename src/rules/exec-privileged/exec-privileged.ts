import { defineRule } from '../define-rule.js';

export const execPrivileged = defineRule({
  id: 'exec-privileged',
  severity: 'high',
  title: 'A privileged exec session ran in the container',
  rationale:
    'docker exec --privileged gives the new process every capability and no seccomp or LSM confinement, even in a container that was ' +
    'started hardened. The engine keeps a record of recent exec sessions, which is how this is seen.',
  attack:
    'Someone with access to the Docker API, or a careless runbook, execs a privileged shell into a hardened container; from that ' +
    'shell the host is one mount away.',
  remediation:
    'Do not use docker exec --privileged; grant the specific capability the task needs with a short-lived, purpose-built container ' +
    'instead, and restrict who can call the exec API.',
  fix: {
    run: 'docker exec <container> <command>   (without --privileged)',
    compose: 'docker compose exec <service> <command>   (without --privileged)',
    kubernetes: { notExpressible: "a manifest has no exec sessions; kubectl exec cannot raise a container's privileges" },
    quadlet: { notExpressible: 'an exec session is started on a running container, not written in a unit' },
  },
  verify:
    "docker inspect -f '{{.ExecIDs}}' <container>   # then for each id: curl -s --unix-socket /var/run/docker.sock " +
    'http://localhost/exec/<id>/json (see ProcessConfig.privileged)',
  cis: '5.22',
  references: ['https://docs.docker.com/reference/cli/docker/container/exec/'],
  profiles: ['recommended', 'cis'],
  liveChangeSeverity: 'high',
  messages: { privileged: 'ran {{command}} through a privileged exec session ({{id}})' },
  check(_spec, context) {
    return (context.observed?.execs ?? []).flatMap((exec, index) =>
      exec.privileged
        ? [
            {
              messageId: 'privileged' as const,
              path: ['observed', 'execs', index],
              data: { command: exec.command || 'a command', id: exec.id.slice(0, 12) },
            },
          ]
        : [],
    );
  },
});
