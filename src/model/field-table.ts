import type { ContainerSpec } from './container-spec.js';

/**
 * Where one setting is written in each form `fix` reads or writes. From the
 * Docker Engine API's ContainerInspect (v1.47: Config and HostConfig), the
 * `docker run` reference (https://docs.docker.com/reference/cli/docker/container/run/)
 * and the Compose Specification's service keys
 * (https://github.com/compose-spec/compose-spec/blob/main/05-services.md).
 */
export interface FieldSyntax {
  /** The key in `docker inspect` output. */
  inspect: { in: 'Config' | 'HostConfig'; key: string };
  /** The `docker run` flags, the long name first. */
  run: readonly [string, ...string[]];
  /** The Compose service key; left out where it is the field's name in snake_case (`capAdd` → `cap_add`). */
  compose?: string;
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

/** The one table: spec field ⇄ inspect key ⇄ docker run flags ⇄ Compose key. */
export const FIELD_TABLE = {
  hostname: { inspect: config('Hostname'), run: ['--hostname', '-h'] },
  user: { inspect: config('User'), run: ['--user', '-u'] },
  workingDir: { inspect: config('WorkingDir'), run: ['--workdir', '-w'], compose: 'working_dir' },
  tty: { inspect: config('Tty'), run: ['--tty', '-t'] },
  openStdin: { inspect: config('OpenStdin'), run: ['--interactive', '-i'], compose: 'stdin_open' },
  env: { inspect: config('Env'), run: ['--env', '-e'], compose: 'environment' },
  labels: { inspect: config('Labels'), run: ['--label', '-l'] },
  portBindings: { inspect: host('PortBindings'), run: ['--publish', '-p'], compose: 'ports' },
  publishAllPorts: { inspect: host('PublishAllPorts'), run: ['--publish-all', '-P'] },
  binds: { inspect: host('Binds'), run: ['--volume', '-v'], compose: 'volumes' },
  mounts: { inspect: host('Mounts'), run: ['--mount'], compose: 'volumes' },
  tmpfs: { inspect: host('Tmpfs'), run: ['--tmpfs'] },
  networkMode: { inspect: host('NetworkMode'), run: ['--network', '--net'] },
  pidMode: { inspect: host('PidMode'), run: ['--pid'], compose: 'pid' },
  ipcMode: { inspect: host('IpcMode'), run: ['--ipc'], compose: 'ipc' },
  utsMode: { inspect: host('UTSMode'), run: ['--uts'], compose: 'uts' },
  usernsMode: { inspect: host('UsernsMode'), run: ['--userns'] },
  cgroupnsMode: { inspect: host('CgroupnsMode'), run: ['--cgroupns'], compose: 'cgroup' },
  privileged: { inspect: host('Privileged'), run: ['--privileged'] },
  capAdd: { inspect: host('CapAdd'), run: ['--cap-add'] },
  capDrop: { inspect: host('CapDrop'), run: ['--cap-drop'] },
  securityOpt: { inspect: host('SecurityOpt'), run: ['--security-opt'] },
  devices: { inspect: host('Devices'), run: ['--device'] },
  deviceCgroupRules: { inspect: host('DeviceCgroupRules'), run: ['--device-cgroup-rule'] },
  readonlyRootfs: { inspect: host('ReadonlyRootfs'), run: ['--read-only'], compose: 'read_only' },
  memory: { inspect: host('Memory'), run: ['--memory', '-m'], compose: 'mem_limit' },
  nanoCpus: { inspect: host('NanoCpus'), run: ['--cpus'], compose: 'cpus' },
  cpuShares: { inspect: host('CpuShares'), run: ['--cpu-shares', '-c'] },
  cpuQuota: { inspect: host('CpuQuota'), run: ['--cpu-quota'] },
  pidsLimit: { inspect: host('PidsLimit'), run: ['--pids-limit'] },
  restartPolicy: { inspect: host('RestartPolicy'), run: ['--restart'], compose: 'restart' },
  logDriver: { inspect: host('LogConfig'), run: ['--log-driver'], compose: 'logging' },
  logOptions: { inspect: host('LogConfig'), run: ['--log-opt'], compose: 'logging' },
  sysctls: { inspect: host('Sysctls'), run: ['--sysctl'] },
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
  healthcheck: { inspect: config('Healthcheck'), run: ['--health-cmd'] },
  entrypoint: { inspect: config('Entrypoint'), run: ['--entrypoint'] },
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

/** The words a source's settings are written in: Compose service keys, or `docker run` flags (live and inspect sources too). */
export type SettingSyntax = 'compose' | 'run';

/** A setting as the target's own source writes it: `network_mode: host`, `cap_drop: [ALL]`; `--network=host`, `--cap-drop=ALL`. */
export function writtenSetting(syntax: SettingSyntax, field: TableField, value: string | readonly string[]): string {
  if (syntax === 'compose') return `${composeKey(field)}: ${typeof value === 'string' ? value : `[${value.join(', ')}]`}`;
  return (typeof value === 'string' ? [value] : value).map((each) => `${runFlag(field)}=${each}`).join(' ');
}
