/**
 * The source-agnostic description of one container's runtime settings.
 * Every source (engine, inspect file, and later Compose and `docker run`)
 * produces this shape; every rule reads only this shape.
 * `undefined` always means "not specified by the source".
 */
export interface ContainerSpec {
  name?: string;
  image?: string;
  privileged?: boolean;
  /** As written by the user; normalise with `normalizeCapability`. */
  capAdd?: string[];
  capDrop?: string[];
  /** `host`, `none`, `bridge`, `default`, `container:<id>` or a network name. */
  networkMode?: string;
  pidMode?: string;
  ipcMode?: string;
  utsMode?: string;
  /** `host`, or `private` for a user namespace of the container's own (a pod's `hostUsers: false`). */
  usernsMode?: string;
  /** `host` or `private`; absent before API 1.41, where the daemon's default applies. */
  cgroupnsMode?: string;
  devices?: DeviceMapping[];
  /** `c 1:3 mr` style rules that open device nodes by number. */
  deviceCgroupRules?: string[];
  readonlyRootfs?: boolean;
  /** Bytes; 0 or undefined means unlimited. */
  memory?: number;
  nanoCpus?: number;
  cpuQuota?: number;
  cpuShares?: number;
  /** 0, -1 or undefined means unlimited. */
  pidsLimit?: number;
  restartPolicy?: { name: string; maximumRetryCount: number };
  /** The effective healthcheck test (the image's unless overridden); `['NONE']` disables it. */
  healthcheck?: string[];
  cgroupParent?: string;
  sysctls?: Record<string, string>;
  logDriver?: string;
  tmpfs?: TmpfsMount[];
  /**
   * Paths the daemon masks and makes read-only in /proc and /sys. Undefined is
   * the daemon's default; an empty list is what the docker CLI sends for
   * `--security-opt systempaths=unconfined`.
   */
  maskedPaths?: string[];
  readonlyPaths?: string[];
  portBindings?: PortBinding[];
  publishAllPorts?: boolean;
  /** Legacy links, `<container>:<alias>`. */
  links?: string[];
  mounts?: MountSpec[];
  /** Containers whose mounts this one also gets (`--volumes-from name[:ro|:rw]`), where the source names them. */
  volumesFrom?: string[];
  env?: EnvVar[];
  /** Raw `--security-opt` values, either `key=value` or the older `key:value`. */
  securityOpt?: string[];
  /** The AppArmor profile the daemon applied (only known for real containers). */
  appArmorProfile?: string;
  user?: string;
  /** The account whose API token the runtime mounts into the container, where it gives one: a pod's service account. */
  serviceAccount?: string;
  /** The runtime refuses to start the container as uid 0 (a pod's `runAsNonRoot: true`), whatever its image's USER. */
  runAsNonRoot?: boolean;
  /**
   * Whether network policy lets the container reach the cloud metadata
   * address, where the source knows: a pod whose namespace's NetworkPolicies
   * are among the manifests.
   */
  metadataEgress?: 'allowed' | 'blocked';
  labels?: Record<string, string>;
  /**
   * Hosts other than the container's own address that the runtime's health
   * checks and lifecycle hooks connect to: a probe's or hook's `host` in a
   * pod, which the kubelet connects to from the node.
   */
  probeHosts?: string[];
  /** The command and entrypoint arguments, where the source knows them. */
  command?: string[];
  entrypoint?: string[];
}

export interface PortBinding {
  /** `80/tcp` */
  containerPort: string;
  /** Empty when no address was given, which Docker treats as every interface. */
  hostIp: string;
  /** Empty when Docker picks a free port. */
  hostPort: string;
}

export type MountType = 'bind' | 'volume' | 'tmpfs' | 'npipe' | 'cluster' | 'image';

export interface MountSpec {
  type: MountType;
  /** The host path for binds, the volume name for volumes. */
  source?: string;
  destination: string;
  readOnly: boolean;
  /** Bind propagation: private, rprivate, shared, rshared, slave, rslave. */
  propagation?: string;
  /** What provides a volume, where the source says: a pod's volume source (`configMap`, `nfs`, `projected`, …). */
  driver?: string;
}

export interface DeviceMapping {
  pathOnHost: string;
  pathInContainer: string;
  permissions: string;
}

export interface TmpfsMount {
  destination: string;
  /** Mount options as given; Docker adds noexec,nosuid,nodev unless they are overridden. */
  options: string[];
}

export interface EnvVar {
  name: string;
  /** Undefined when the variable is passed through without a value. */
  value?: string;
  /** The file the value is written in when that is not the target's own: an env_file, or the Compose project's `.env`. */
  origin?: string;
}

/** A path inside a ContainerSpec, such as `['mounts', 2, 'source']`. */
export type SpecPath = readonly (string | number)[];

export function formatSpecPath(path: SpecPath): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}

/**
 * One order for mounts, port bindings and environment variables in every
 * source: the daemon lists mounts in Go map order and port bindings by
 * container port, the CLI builds the environment through a map, a file lists
 * them as written. Sorting the same way everywhere gives the same spec paths,
 * and so the same findings, for the same container from any source.
 */
export function compareMounts(a: { destination: string }, b: { destination: string }): number {
  return a.destination < b.destination ? -1 : a.destination > b.destination ? 1 : 0;
}

/** Variables by name: the docker CLI builds Config.Env through a map, so its order varies between containers. */
export function compareEnv(a: EnvVar, b: EnvVar): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

export function comparePortBindings(a: PortBinding, b: PortBinding): number {
  return a.containerPort < b.containerPort ? -1 : a.containerPort > b.containerPort ? 1 : 0;
}

/** Sorts items stably with their origins and reports each one's new index. */
export function sortWithOrigins<T, O>(items: readonly { item: T; origin: O }[], compare: (a: T, b: T) => number): { item: T; origin: O }[] {
  return items
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => compare(a.entry.item, b.entry.item) || a.index - b.index)
    .map(({ entry }) => entry);
}
