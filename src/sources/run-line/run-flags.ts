/**
 * How one flag's value lands in the spec. `set` writes one field, `push`
 * appends to a list field; the rest parse Docker's value syntaxes.
 */
export type FlagEffect =
  | {
      kind: 'set';
      field:
        'networkMode' | 'pidMode' | 'ipcMode' | 'utsMode' | 'usernsMode' | 'cgroupnsMode' | 'user' | 'cgroupParent' | 'logDriver' | 'name';
    }
  | { kind: 'push'; field: 'capAdd' | 'capDrop' | 'securityOpt' | 'links' | 'deviceCgroupRules' }
  | { kind: 'boolean'; field: 'privileged' | 'publishAllPorts' | 'readonlyRootfs' }
  | { kind: 'integer'; field: 'cpuQuota' | 'cpuShares' | 'pidsLimit' }
  | { kind: 'keyValue'; field: 'sysctls' | 'labels' }
  | { kind: 'publish' | 'volume' | 'mount' | 'tmpfs' | 'env' | 'device' | 'memory' | 'cpus' | 'restart' | 'healthCmd' | 'noHealthcheck' };

export interface FlagDefinition {
  /** Long name first, then aliases and the one-letter form. */
  names: readonly string[];
  takesValue: boolean;
  /** Absent for flags that change nothing dockward checks; they are still parsed to find the image. */
  effect?: FlagEffect;
}

/**
 * The `docker run` / `docker create` flags, from the docker CLI reference
 * (docker container run --help, Docker 27). Every flag that changes isolation
 * has an effect; the others are listed so their values are skipped correctly.
 */
export const RUN_FLAGS: readonly FlagDefinition[] = [
  { names: ['--privileged'], takesValue: false, effect: { kind: 'boolean', field: 'privileged' } },
  { names: ['--cap-add'], takesValue: true, effect: { kind: 'push', field: 'capAdd' } },
  { names: ['--cap-drop'], takesValue: true, effect: { kind: 'push', field: 'capDrop' } },
  { names: ['--network', '--net'], takesValue: true, effect: { kind: 'set', field: 'networkMode' } },
  { names: ['--pid'], takesValue: true, effect: { kind: 'set', field: 'pidMode' } },
  { names: ['--ipc'], takesValue: true, effect: { kind: 'set', field: 'ipcMode' } },
  { names: ['--uts'], takesValue: true, effect: { kind: 'set', field: 'utsMode' } },
  { names: ['--userns'], takesValue: true, effect: { kind: 'set', field: 'usernsMode' } },
  { names: ['--cgroupns'], takesValue: true, effect: { kind: 'set', field: 'cgroupnsMode' } },
  { names: ['--publish', '-p'], takesValue: true, effect: { kind: 'publish' } },
  { names: ['--publish-all', '-P'], takesValue: false, effect: { kind: 'boolean', field: 'publishAllPorts' } },
  { names: ['--link'], takesValue: true, effect: { kind: 'push', field: 'links' } },
  { names: ['--volume', '-v'], takesValue: true, effect: { kind: 'volume' } },
  { names: ['--mount'], takesValue: true, effect: { kind: 'mount' } },
  { names: ['--tmpfs'], takesValue: true, effect: { kind: 'tmpfs' } },
  { names: ['--env', '-e'], takesValue: true, effect: { kind: 'env' } },
  { names: ['--security-opt'], takesValue: true, effect: { kind: 'push', field: 'securityOpt' } },
  { names: ['--user', '-u'], takesValue: true, effect: { kind: 'set', field: 'user' } },
  { names: ['--device'], takesValue: true, effect: { kind: 'device' } },
  { names: ['--device-cgroup-rule'], takesValue: true, effect: { kind: 'push', field: 'deviceCgroupRules' } },
  { names: ['--read-only'], takesValue: false, effect: { kind: 'boolean', field: 'readonlyRootfs' } },
  { names: ['--memory', '-m'], takesValue: true, effect: { kind: 'memory' } },
  { names: ['--cpus'], takesValue: true, effect: { kind: 'cpus' } },
  { names: ['--cpu-quota'], takesValue: true, effect: { kind: 'integer', field: 'cpuQuota' } },
  { names: ['--cpu-shares', '-c'], takesValue: true, effect: { kind: 'integer', field: 'cpuShares' } },
  { names: ['--pids-limit'], takesValue: true, effect: { kind: 'integer', field: 'pidsLimit' } },
  { names: ['--restart'], takesValue: true, effect: { kind: 'restart' } },
  { names: ['--health-cmd'], takesValue: true, effect: { kind: 'healthCmd' } },
  { names: ['--no-healthcheck'], takesValue: false, effect: { kind: 'noHealthcheck' } },
  { names: ['--cgroup-parent'], takesValue: true, effect: { kind: 'set', field: 'cgroupParent' } },
  { names: ['--sysctl'], takesValue: true, effect: { kind: 'keyValue', field: 'sysctls' } },
  { names: ['--log-driver'], takesValue: true, effect: { kind: 'set', field: 'logDriver' } },
  { names: ['--label', '-l'], takesValue: true, effect: { kind: 'keyValue', field: 'labels' } },
  { names: ['--name'], takesValue: true, effect: { kind: 'set', field: 'name' } },
  // Flags without a security effect, so their values are not mistaken for the image.
  ...[
    '--add-host',
    '--annotation',
    '--attach',
    '-a',
    '--blkio-weight',
    '--blkio-weight-device',
    '--cidfile',
    '--cpu-period',
    '--cpu-rt-period',
    '--cpu-rt-runtime',
    '--cpuset-cpus',
    '--cpuset-mems',
    '--detach-keys',
    '--device-read-bps',
    '--device-read-iops',
    '--device-write-bps',
    '--device-write-iops',
    '--dns',
    '--dns-option',
    '--dns-search',
    '--domainname',
    '--entrypoint',
    '--env-file',
    '--expose',
    '--gpus',
    '--group-add',
    '--health-interval',
    '--health-retries',
    '--health-start-interval',
    '--health-start-period',
    '--health-timeout',
    '--hostname',
    '-h',
    '--ip',
    '--ip6',
    '--isolation',
    '--kernel-memory',
    '--label-file',
    '--link-local-ip',
    '--log-opt',
    '--mac-address',
    '--memory-reservation',
    '--memory-swap',
    '--memory-swappiness',
    '--network-alias',
    '--oom-score-adj',
    '--platform',
    '--pull',
    '--runtime',
    '--shm-size',
    '--stop-signal',
    '--stop-timeout',
    '--storage-opt',
    '--ulimit',
    '--volume-driver',
    '--volumes-from',
    '--workdir',
    '-w',
    '--io-maxbandwidth',
    '--io-maxiops',
    '--cpu-count',
    '--cpu-percent',
  ].map((name) => ({ names: [name], takesValue: true })),
  ...[
    '--detach',
    '-d',
    '--interactive',
    '-i',
    '--tty',
    '-t',
    '--rm',
    '--init',
    '--oom-kill-disable',
    '--quiet',
    '-q',
    '--sig-proxy',
    '--disable-content-trust',
    '--use-api-socket',
  ].map((name) => ({ names: [name], takesValue: false })),
];

/**
 * What `podman run` / `podman create` take beyond Docker's flags (podman-run(1),
 * Podman 4.3 to 5.x). None changes a field the rules read in a way Docker's
 * flags do not already: a pod, uid and gid maps and keep-id give the
 * container a user namespace rather than the host's, and --secret is the
 * way to pass secrets. They are listed so that their values are not taken
 * for the image. Podman reads --security-opt unmask=… and mask=… as well,
 * which land in securityOpt with the other options.
 */
const PODMAN_ONLY_FLAGS: readonly FlagDefinition[] = [
  ...[
    '--arch',
    '--authfile',
    '--cert-dir',
    '--cgroup-conf',
    '--cgroups',
    '--chrootdirs',
    '--conmon-pidfile',
    '--creds',
    '--decryption-key',
    '--env-merge',
    '--gidmap',
    '--group-entry',
    '--health-log-destination',
    '--health-max-log-count',
    '--health-max-log-size',
    '--health-on-failure',
    '--health-startup-cmd',
    '--health-startup-interval',
    '--health-startup-retries',
    '--health-startup-success',
    '--health-startup-timeout',
    '--hostuser',
    '--image-volume',
    '--init-path',
    '--os',
    '--passwd-entry',
    '--personality',
    '--pidfile',
    '--pod',
    '--pod-id-file',
    '--preserve-fd',
    '--preserve-fds',
    '--rdt-class',
    '--requires',
    '--retry',
    '--retry-delay',
    '--sdnotify',
    '--seccomp-policy',
    '--secret',
    '--shm-size-systemd',
    '--subgidname',
    '--subuidname',
    '--systemd',
    '--timeout',
    '--tz',
    '--uidmap',
    '--umask',
    '--unsetenv',
    '--variant',
  ].map((name) => ({ names: [name], takesValue: true })),
  ...[
    '--env-host',
    '--http-proxy',
    '--no-hostname',
    '--no-hosts',
    '--passwd',
    '--read-only-tmpfs',
    '--replace',
    '--rootfs',
    '--tls-verify',
    '--unsetenv-all',
  ].map((name) => ({ names: [name], takesValue: false })),
];

/** The command line tools whose run lines dockward reads. */
export type RunCli = 'docker' | 'podman';

function byName(definitions: readonly FlagDefinition[]): ReadonlyMap<string, FlagDefinition> {
  return new Map(definitions.flatMap((definition) => definition.names.map((name) => [name, definition] as const)));
}

/** Each CLI's run flags by every name they go by. */
export const RUN_FLAGS_OF: Readonly<Record<RunCli, ReadonlyMap<string, FlagDefinition>>> = {
  docker: byName(RUN_FLAGS),
  podman: byName([...RUN_FLAGS, ...PODMAN_ONLY_FLAGS]),
};
