import type { ContainerSpec } from './container-spec.js';

/**
 * Where one setting is written in each form `fix` reads or writes. From the
 * Docker Engine API's ContainerInspect (v1.47: Config and HostConfig), the
 * `docker run` reference (https://docs.docker.com/reference/cli/docker/container/run/)
 * and the Compose Specification's service keys
 * (https://github.com/compose-spec/compose-spec/blob/main/05-services.md),
 * the Kubernetes core/v1 PodSpec, Container and SecurityContext, and the
 * [Container] keys of Podman's Quadlet units (podman-systemd.unit(5), Podman 4.4 to 5).
 */
export interface FieldSyntax {
  /** The key in `docker inspect` output. */
  inspect: { in: 'Config' | 'HostConfig'; key: string };
  /** The `docker run` flags, the long name first. */
  run: readonly [string, ...string[]];
  /** The Compose service key; left out where it is the field's name in snake_case (`capAdd` → `cap_add`). */
  compose?: string;
  /**
   * Where a pod's manifest sets it (core/v1 PodSpec and Container), and how
   * its values are written there (`host` is `hostNetwork: true`); left out
   * where a manifest has no such setting.
   */
  kubernetes?: { key: string; values?: Readonly<Record<string, string>> };
  /**
   * The key of a Quadlet `.container` unit's [Container] section
   * (podman-systemd.unit(5)); left out where Quadlet has none, and the
   * setting goes through PodmanArgs= as its podman run flag.
   */
  quadlet?: string;
}

/** Settings a recreated container carries over that no rule reads, so that are not ContainerSpec fields. */
type CarriedSetting =
  | 'hostname'
  | 'workingDir'
  | 'tty'
  | 'openStdin'
  | 'binds'
  | 'dns'
  | 'extraHosts'
  | 'groupAdd'
  | 'init'
  | 'shmSize'
  | 'stopSignal'
  | 'runtime'
  | 'ulimits'
  | 'logOptions';

export type Setting = keyof ContainerSpec | CarriedSetting;

const config = (key: string) => ({ in: 'Config', key }) as const;
const host = (key: string) => ({ in: 'HostConfig', key }) as const;
const k8s = (key: string, values?: Readonly<Record<string, string>>) => ({ key, ...(values && { values }) });
/** A host namespace is a boolean in a pod's spec. */
const HOST_IS_TRUE = { host: 'true' };

/** The one table: spec field ⇄ inspect key ⇄ docker run flags ⇄ Compose key. */
export const FIELD_TABLE = {
  hostname: { inspect: config('Hostname'), run: ['--hostname', '-h'] },
  user: { inspect: config('User'), run: ['--user', '-u'], kubernetes: k8s('securityContext.runAsUser'), quadlet: 'User' },
  workingDir: { inspect: config('WorkingDir'), run: ['--workdir', '-w'], compose: 'working_dir' },
  tty: { inspect: config('Tty'), run: ['--tty', '-t'] },
  openStdin: { inspect: config('OpenStdin'), run: ['--interactive', '-i'], compose: 'stdin_open' },
  env: { inspect: config('Env'), run: ['--env', '-e'], compose: 'environment', kubernetes: k8s('env'), quadlet: 'Environment' },
  labels: { inspect: config('Labels'), run: ['--label', '-l'], kubernetes: k8s('metadata.labels'), quadlet: 'Label' },
  portBindings: {
    inspect: host('PortBindings'),
    run: ['--publish', '-p'],
    compose: 'ports',
    kubernetes: k8s('ports[].hostPort'),
    quadlet: 'PublishPort',
  },
  publishAllPorts: { inspect: host('PublishAllPorts'), run: ['--publish-all', '-P'] },
  binds: { inspect: host('Binds'), run: ['--volume', '-v'], compose: 'volumes', kubernetes: k8s('volumes[].hostPath'), quadlet: 'Volume' },
  mounts: { inspect: host('Mounts'), run: ['--mount'], compose: 'volumes', kubernetes: k8s('volumes[].hostPath'), quadlet: 'Volume' },
  tmpfs: { inspect: host('Tmpfs'), run: ['--tmpfs'], quadlet: 'Tmpfs' },
  networkMode: {
    inspect: host('NetworkMode'),
    run: ['--network', '--net'],
    kubernetes: k8s('hostNetwork', HOST_IS_TRUE),
    quadlet: 'Network',
  },
  pidMode: { inspect: host('PidMode'), run: ['--pid'], compose: 'pid', kubernetes: k8s('hostPID', HOST_IS_TRUE) },
  ipcMode: { inspect: host('IpcMode'), run: ['--ipc'], compose: 'ipc', kubernetes: k8s('hostIPC', HOST_IS_TRUE) },
  utsMode: { inspect: host('UTSMode'), run: ['--uts'], compose: 'uts' },
  usernsMode: { inspect: host('UsernsMode'), run: ['--userns'], kubernetes: k8s('hostUsers', HOST_IS_TRUE), quadlet: 'UserNS' },
  cgroupnsMode: { inspect: host('CgroupnsMode'), run: ['--cgroupns'], compose: 'cgroup' },
  privileged: { inspect: host('Privileged'), run: ['--privileged'], kubernetes: k8s('securityContext.privileged') },
  capAdd: { inspect: host('CapAdd'), run: ['--cap-add'], kubernetes: k8s('securityContext.capabilities.add'), quadlet: 'AddCapability' },
  capDrop: {
    inspect: host('CapDrop'),
    run: ['--cap-drop'],
    kubernetes: k8s('securityContext.capabilities.drop'),
    quadlet: 'DropCapability',
  },
  securityOpt: { inspect: host('SecurityOpt'), run: ['--security-opt'], kubernetes: k8s('securityContext') },
  devices: { inspect: host('Devices'), run: ['--device'], quadlet: 'AddDevice' },
  deviceCgroupRules: { inspect: host('DeviceCgroupRules'), run: ['--device-cgroup-rule'] },
  readonlyRootfs: {
    inspect: host('ReadonlyRootfs'),
    run: ['--read-only'],
    compose: 'read_only',
    kubernetes: k8s('securityContext.readOnlyRootFilesystem'),
    quadlet: 'ReadOnly',
  },
  memory: {
    inspect: host('Memory'),
    run: ['--memory', '-m'],
    compose: 'mem_limit',
    kubernetes: k8s('resources.limits.memory'),
    quadlet: 'Memory',
  },
  nanoCpus: { inspect: host('NanoCpus'), run: ['--cpus'], compose: 'cpus', kubernetes: k8s('resources.limits.cpu') },
  cpuShares: { inspect: host('CpuShares'), run: ['--cpu-shares', '-c'] },
  cpuQuota: { inspect: host('CpuQuota'), run: ['--cpu-quota'] },
  pidsLimit: { inspect: host('PidsLimit'), run: ['--pids-limit'], quadlet: 'PidsLimit' },
  restartPolicy: { inspect: host('RestartPolicy'), run: ['--restart'], compose: 'restart' },
  logDriver: { inspect: host('LogConfig'), run: ['--log-driver'], compose: 'logging', quadlet: 'LogDriver' },
  logOptions: { inspect: host('LogConfig'), run: ['--log-opt'], compose: 'logging' },
  sysctls: { inspect: host('Sysctls'), run: ['--sysctl'], kubernetes: k8s('securityContext.sysctls'), quadlet: 'Sysctl' },
  dns: { inspect: host('Dns'), run: ['--dns'] },
  extraHosts: { inspect: host('ExtraHosts'), run: ['--add-host'] },
  groupAdd: { inspect: host('GroupAdd'), run: ['--group-add'] },
  links: { inspect: host('Links'), run: ['--link'] },
  init: { inspect: host('Init'), run: ['--init'] },
  shmSize: { inspect: host('ShmSize'), run: ['--shm-size'] },
  stopSignal: { inspect: config('StopSignal'), run: ['--stop-signal'] },
  runtime: { inspect: host('Runtime'), run: ['--runtime'] },
  cgroupParent: { inspect: host('CgroupParent'), run: ['--cgroup-parent'] },
  ulimits: { inspect: host('Ulimits'), run: ['--ulimit'] },
  healthcheck: { inspect: config('Healthcheck'), run: ['--health-cmd'], kubernetes: k8s('livenessProbe'), quadlet: 'HealthCmd' },
  entrypoint: { inspect: config('Entrypoint'), run: ['--entrypoint'], kubernetes: k8s('command'), quadlet: 'Entrypoint' },
} as const satisfies Partial<Record<Setting, FieldSyntax>>;

export type TableField = keyof typeof FIELD_TABLE;

/** Each field's name as a value (`FIELD.privileged`): code names a field as it names a property, never by a string a rule id may equal. */
export const FIELD = Object.fromEntries(Object.keys(FIELD_TABLE).map((field) => [field, field])) as { readonly [K in TableField]: K };

export function isTableField(field: string): field is TableField {
  return Object.hasOwn(FIELD_TABLE, field);
}

function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** The Compose service key of a field. */
export function composeKey(field: TableField): string {
  const syntax: FieldSyntax = FIELD_TABLE[field];
  return syntax.compose ?? snakeCase(field);
}

/** The long `docker run` flag of a field. */
export function runFlag(field: TableField): string {
  return FIELD_TABLE[field].run[0];
}

/** The field a `docker run` flag sets, by any of its names. */
export function fieldOfFlag(flag: string): TableField | undefined {
  const name = flag.split('=')[0] ?? flag;
  return (Object.keys(FIELD_TABLE) as TableField[]).find((field) => (FIELD_TABLE[field].run as readonly string[]).includes(name));
}

/** The value of a field in `docker inspect` output. */
export function inspectValue(inspect: { Config?: unknown; HostConfig?: unknown }, field: TableField): unknown {
  const { in: section, key } = FIELD_TABLE[field].inspect;
  const part = inspect[section];
  return part !== null && typeof part === 'object' ? (part as Record<string, unknown>)[key] : undefined;
}

/** Security options as Compose's documentation writes them (`no-new-privileges:true`); docker run takes `=`. */
export function composeSecurityOption(option: string): string {
  return option.replace('=', ':');
}

/**
 * The words a source's settings are written in: Compose service keys,
 * `docker run` flags (live and inspect sources too), a pod's manifest, or a
 * Quadlet unit's [Container] keys.
 */
export const SETTING_SYNTAXES = ['run', 'compose', 'kubernetes', 'quadlet'] as const;
export type SettingSyntax = (typeof SETTING_SYNTAXES)[number];

/** A setting as the target's own source writes it: `network_mode: host`, `cap_drop: [ALL]`; `--network=host`, `--cap-drop=ALL`; `Network=host`. */
export function writtenSetting(syntax: SettingSyntax, field: TableField, value: string | readonly string[]): string {
  if (syntax === 'compose') return `${composeKey(field)}: ${typeof value === 'string' ? value : `[${value.join(', ')}]`}`;
  if (syntax === 'kubernetes') {
    const { kubernetes }: FieldSyntax = FIELD_TABLE[field];
    if (!kubernetes) throw new Error(`${field} has no place in a Kubernetes manifest`);
    const written = typeof value === 'string' ? (kubernetes.values?.[value] ?? value) : `[${value.join(', ')}]`;
    return `${kubernetes.key}: ${written}`;
  }
  if (syntax === 'quadlet') {
    const { quadlet }: FieldSyntax = FIELD_TABLE[field];
    const written = typeof value === 'string' ? value : value.join(' ');
    return quadlet ? `${quadlet}=${written}` : `PodmanArgs=${runFlag(field)}=${written}`;
  }
  return (typeof value === 'string' ? [value] : value).map((each) => `${runFlag(field)}=${each}`).join(' ');
}
