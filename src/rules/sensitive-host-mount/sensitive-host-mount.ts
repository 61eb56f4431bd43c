import { holdsEngineSocket, isEngineSocketMount, sensitiveHostPath } from '../../model/host-paths.js';
import { defineRule, type Violation } from '../define-rule.js';

type MessageId = 'writable' | 'readOnly' | 'withEngineSocket' | 'procfs';

/**
 * Read-only does not hold for procfs: /proc/<pid>/root and /proc/self/root
 * lead into the root filesystem of that process (another container's, or
 * the host's through any host process) with that filesystem's own access,
 * read-write, whatever the bind mount's flags (proc(5)).
 */
const READ_ONLY_DOES_NOT_HOLD: ReadonlySet<string> = new Set(['/proc']);

export const sensitiveHostMount = defineRule({
  id: 'sensitive-host-mount',
  severity: 'high',
  title: 'Critical host path is bind-mounted',
  rationale:
    "A bind mount of a system directory gives the container the host's configuration, credentials, devices or " +
    'kernel interfaces. Writable, it lets the container change the host (add a user, a cron job, a kernel module); ' +
    'read-only, it still leaks secrets such as /etc/shadow or SSH keys.',
  remediation:
    'Mount only the specific file or application directory the workload needs, read-only where possible, or use a ' +
    'named volume. Never mount system directories.',
  attack:
    'With /etc mounted read-write an attacker adds a user to /etc/passwd or a job to /etc/cron.d; with / read-only ' +
    "they still read /etc/shadow, SSH host keys and every other container's files.",
  fix: {
    run: '-v <application directory>:<path>:ro   (instead of a system directory)',
    compose: 'replace the system directory in `volumes:` with the application directory it needs, with `:ro`',
    kubernetes:
      'replace the `hostPath` volume with the application directory it needs, or an `emptyDir` or PersistentVolumeClaim; mount it `readOnly: true`',
    quadlet: '`Volume=<application directory>:<path>:ro`   (instead of a system directory)',
  },
  verifyInCluster: "kubectl get pod <pod> -o jsonpath='{.spec.volumes[*].hostPath.path}'",
  verify: "docker inspect -f '{{range .Mounts}}{{.Type}} {{.Source}} -> {{.Destination}} rw={{.RW}}{{println}}{{end}}' <container>",
  cis: '5.5',
  profiles: ['recommended', 'cis', 'baseline', 'restricted'],
  references: ['https://docs.docker.com/engine/storage/bind-mounts/'],
  options: {
    paths: {
      description: 'host paths to treat as sensitive besides the built-in list (a path covers what lies below it)',
      example: ['/srv/secrets'],
    },
  },
  // Each fix changes what the service can do: the user weighs it.
  remedy: { kind: 'decide' },
  messages: {
    writable: 'bind-mounts host path {{source}} read-write (under sensitive {{sensitive}})',
    readOnly: 'bind-mounts host path {{source}} read-only (under sensitive {{sensitive}})',
    withEngineSocket:
      "bind-mounts host path {{source}}{{access}}: the host's files and a container engine API socket among them " +
      '(read-only does not limit API calls)',
    procfs:
      'bind-mounts host path {{source}} (under {{sensitive}}): read-only or not, its /proc/<pid>/root links reach ' +
      "the host's and other containers' files read-write",
  },
  check(spec, { options, host }) {
    // Only the host side matters: a named volume mounted at the container's /etc is not a host path.
    return (spec.mounts ?? []).flatMap((mount, index): Violation<MessageId>[] => {
      if (mount.type !== 'bind' || mount.source === undefined) return [];
      // One mount, one finding: a socket or the runtime directory holding it is docker-socket-mount's;
      // a whole tree that holds one too (/, /var) is reported here, as critical as the socket it exposes.
      if (isEngineSocketMount(mount.source, host.engineSockets)) return [];
      const path = ['mounts', index, 'source'];
      if (holdsEngineSocket(mount.source, host.engineSockets)) {
        const access = mount.readOnly ? ' read-only' : ' read-write';
        return [{ messageId: 'withEngineSocket' as const, path, data: { source: mount.source, access }, severity: 'critical' as const }];
      }
      const sensitive = sensitiveHostPath(mount.source, options['paths']);
      if (sensitive === undefined) return [];
      const readOnly = mount.readOnly && !READ_ONLY_DOES_NOT_HOLD.has(sensitive);
      return [
        {
          messageId: READ_ONLY_DOES_NOT_HOLD.has(sensitive)
            ? ('procfs' as const)
            : readOnly
              ? ('readOnly' as const)
              : ('writable' as const),
          path,
          data: { source: mount.source, sensitive },
          severity: readOnly ? ('medium' as const) : ('high' as const),
        },
      ];
    });
  },
});
