import { isRootId, runsAsRoot } from '../../model/users.js';
import { defineRule } from '../define-rule.js';

export const execRoot = defineRule({
  id: 'exec-root',
  severity: 'medium',
  title: 'An exec session ran as root by request',
  rationale:
    'docker exec --user root (or 0) runs a process as root in a container that was set up to run as another user, bypassing that decision.',
  attack:
    'An operator, or an attacker with API access, uses exec -u root to install tools or change files in a container whose ' +
    'application deliberately runs unprivileged.',
  remediation: "Exec as the container's own user; when root is really needed, record why, and prefer rebuilding the image.",
  fix: {
    run: "docker exec -u <the container's user> <container> <command>",
    compose: "docker compose exec -u <the service's user> <service> <command>",
    kubernetes: { notExpressible: "a manifest has no exec sessions; kubectl exec runs as the container's user" },
    quadlet: { notExpressible: 'an exec session is started on a running container, not written in a unit' },
  },
  verify:
    "docker inspect -f '{{.ExecIDs}}' <container>   # then for each id: curl -s --unix-socket /var/run/docker.sock " +
    'http://localhost/exec/<id>/json (see ProcessConfig.user)',
  cis: '5.23',
  references: ['https://docs.docker.com/reference/cli/docker/container/exec/'],
  profiles: ['cis'],
  liveChangeSeverity: 'high',
  messages: { root: 'ran {{command}} as root through exec --user {{user}} ({{id}})' },
  check(_spec, context) {
    return (context.observed?.execs ?? []).flatMap((exec, index) => {
      // A name is root when the container's /etc/passwd makes it uid 0 (`svc:x:0:0`).
      return (exec.uid === undefined ? runsAsRoot(exec.user) : isRootId(exec.uid))
        ? [
            {
              messageId: 'root' as const,
              path: ['observed', 'execs', index],
              data: { command: exec.command || 'a command', user: exec.user, id: exec.id.slice(0, 12) },
            },
          ]
        : [];
    });
  },
});
