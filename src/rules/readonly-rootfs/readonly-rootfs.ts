import { defineRule } from '../define-rule.js';

export const readonlyRootfs = defineRule({
  id: 'readonly-rootfs',
  severity: 'low',
  title: 'Root filesystem is writable',
  rationale:
    "A writable root filesystem lets an attacker change the application's binaries and configuration and leave tools behind; a " +
    'read-only one confines writes to the volumes and tmpfs mounts that were planned.',
  attack:
    'After exploiting the application, an attacker replaces a script the container runs on restart with a backdoored one, so the ' +
    'compromise survives the restart.',
  remediation:
    'Run with a read-only root filesystem and give the application tmpfs mounts or volumes for the few paths it writes (/tmp, /run, ' +
    'its data directory).',
  fix: {
    run: '--read-only --tmpfs /tmp --tmpfs /run',
    compose: '`read_only: true` with `tmpfs: [/tmp, /run]`',
    kubernetes: '`securityContext: {readOnlyRootFilesystem: true}` with an `emptyDir` volume mounted at /tmp',
    quadlet: '`ReadOnly=true` (Podman keeps /tmp and /run writable on tmpfs: `ReadOnlyTmpfs=true`, the default)',
  },
  verifyInCluster:
    'kubectl get pod <pod> -o jsonpath=\'{range .spec.containers[*]}{.name}: {.securityContext.readOnlyRootFilesystem}{"\\n"}{end}\'',
  verify: "docker inspect -f '{{.HostConfig.ReadonlyRootfs}}' <container>",
  cis: '5.12',
  references: ['https://docs.docker.com/reference/cli/docker/container/run/#read-only'],
  profiles: ['cis'],
  messages: { writable: 'has a writable root filesystem' },
  check(spec) {
    return spec.readonlyRootfs === true ? [] : [{ messageId: 'writable', path: ['readonlyRootfs'] }];
  },
});
