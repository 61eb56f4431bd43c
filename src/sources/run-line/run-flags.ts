import type { MountSpec, PortBinding } from '../../model/container-spec.js';

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

export const FLAGS_BY_NAME: ReadonlyMap<string, FlagDefinition> = new Map(
  RUN_FLAGS.flatMap((definition) => definition.names.map((name) => [name, definition] as const)),
);

/** `512m`, `1g`, `1024` (bytes), as the docker CLI reads --memory (RAMInBytes). */
export function parseBytes(value: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([kmgtp]?)i?b?$/i.exec(value.trim());
  if (!match) return undefined;
  const power = ' kmgtp'.indexOf((match[2] ?? '').toLowerCase() || ' ');
  return Math.round(Number(match[1]) * 1024 ** power);
}

/**
 * `-p [ip:][hostPort:]containerPort[/proto]`, IPv6 in brackets. The container
 * port may be a range, the host port too.
 */
export function parsePublish(value: string): PortBinding | undefined {
  const bracketed = /^\[([^\]]*)\]:(.*)$/.exec(value);
  let hostIp = '';
  let rest = value;
  if (bracketed) {
    hostIp = bracketed[1] ?? '';
    rest = bracketed[2] ?? '';
  }
  const parts = rest.split(':');
  if (!bracketed && parts.length === 3) hostIp = parts.shift() ?? '';
  if (bracketed && parts.length !== 2) return undefined;
  if (parts.length > 2) return undefined;
  const containerPart = parts.pop() ?? '';
  const hostPort = parts.pop() ?? '';
  const [port, protocol = 'tcp'] = containerPart.split('/');
  if (!port || !/^\d+(-\d+)?$/.test(port) || (hostPort !== '' && !/^\d+(-\d+)?$/.test(hostPort))) return undefined;
  return { containerPort: `${port}/${protocol}`, hostIp, hostPort };
}

const PROPAGATIONS = new Set(['shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate']);

/**
 * `-v source:destination[:options]`. A source that starts with / (or ., ~ in
 * Compose) is a host path; anything else names a volume. Undefined source:
 * an expansion the shell would fill in at run time.
 */
export function parseVolume(value: string, sourceKnown: boolean): MountSpec | undefined {
  const parts = value.split(':');
  if (parts.length === 1) return { type: 'volume', destination: parts[0] ?? '', readOnly: false };
  const [source = '', destination = '', options = ''] = parts;
  const flags = options.split(',').filter(Boolean);
  const propagation = flags.find((flag) => PROPAGATIONS.has(flag));
  const isPath = /^[/.~]/.test(source);
  return {
    type: isPath || !sourceKnown ? 'bind' : 'volume',
    ...(sourceKnown && { source }),
    destination,
    readOnly: flags.includes('ro') || flags.includes('readonly'),
    ...(propagation && { propagation }),
  };
}

/** `--mount type=bind,source=/x,target=/y,readonly,bind-propagation=rshared` */
export function parseMount(value: string): { mount?: MountSpec; tmpfsOptions?: string[]; destination: string } | undefined {
  const fields = new Map<string, string>();
  for (const part of value.split(',')) {
    const [key = '', ...rest] = part.split('=');
    fields.set(key.trim().toLowerCase(), rest.join('=').trim());
  }
  const type = fields.get('type') ?? 'volume';
  const destination = fields.get('target') ?? fields.get('destination') ?? fields.get('dst') ?? '';
  if (destination === '') return undefined;
  if (type === 'tmpfs') return { tmpfsOptions: [], destination };
  if (type !== 'bind' && type !== 'volume') return undefined;
  const readonlyValue = fields.get('readonly') ?? fields.get('ro');
  const source = fields.get('source') ?? fields.get('src');
  const propagation = fields.get('bind-propagation');
  return {
    destination,
    mount: {
      type,
      ...(source !== undefined && { source }),
      destination,
      readOnly: readonlyValue !== undefined && readonlyValue !== 'false' && readonlyValue !== '0',
      ...(propagation && { propagation }),
    },
  };
}
