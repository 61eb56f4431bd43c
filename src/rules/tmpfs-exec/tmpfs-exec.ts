import type { TmpfsMount } from '../../model/container-spec.js';
import { defineRule } from '../define-rule.js';

/**
 * Docker mounts tmpfs with noexec, nosuid and nodev unless the options say
 * otherwise (seen on Engine 20.10 in /proc/<pid>/mountinfo for both --tmpfs and
 * --mount type=tmpfs); the last of exec/noexec and suid/nosuid wins.
 */
function weakenedOptions(mount: TmpfsMount): string[] {
  let exec = false;
  let suid = false;
  for (const option of mount.options.map((o) => o.trim().toLowerCase())) {
    if (option === 'exec') exec = true;
    if (option === 'noexec') exec = false;
    if (option === 'suid') suid = true;
    if (option === 'nosuid') suid = false;
  }
  return [...(exec ? ['exec'] : []), ...(suid ? ['suid'] : [])];
}

export const tmpfsExec = defineRule({
  id: 'tmpfs-exec',
  severity: 'low',
  title: 'tmpfs mount allows executables or setuid',
  rationale:
    'tmpfs mounts are the one place a read-only container can still write. Docker mounts them noexec and nosuid by default so that ' +
    'downloaded tools cannot run from them; exec or suid undoes that.',
  attack:
    'An attacker downloads a tool or exploit into a writable tmpfs such as /tmp and runs it, even though the root filesystem is read-only.',
  remediation:
    'Keep the default noexec,nosuid options; if something must run from a scratch directory, give it a dedicated, reviewed mount.',
  fix: {
    run: '--tmpfs <path>   (without exec or suid; or explicitly :noexec,nosuid)',
    compose: '`tmpfs: [<path>]` (without exec or suid options)',
    kubernetes: {
      notExpressible: 'a memory-backed emptyDir is mounted by the kubelet with its own options; a manifest cannot set exec or suid',
    },
    quadlet: '`Tmpfs=<path>`   (without exec or suid; or explicitly :noexec,nosuid)',
  },
  verify: "docker inspect -f '{{json .HostConfig.Tmpfs}} {{json .HostConfig.Mounts}}' <container>",
  references: ['https://docs.docker.com/engine/storage/tmpfs/'],
  profiles: ['recommended'],
  messages: { weakened: 'mounts tmpfs at {{destination}} with {{options}}' },
  check(spec) {
    return (spec.tmpfs ?? []).flatMap((mount, index) => {
      const weakened = weakenedOptions(mount);
      return weakened.length > 0
        ? [
            {
              messageId: 'weakened' as const,
              path: ['tmpfs', index],
              data: { destination: mount.destination, options: weakened.join(',') },
            },
          ]
        : [];
    });
  },
});
