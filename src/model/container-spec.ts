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
  portBindings?: PortBinding[];
  publishAllPorts?: boolean;
  /** Legacy links, `<container>:<alias>`. */
  links?: string[];
  mounts?: MountSpec[];
  env?: EnvVar[];
  /** Raw `--security-opt` values, either `key=value` or the older `key:value`. */
  securityOpt?: string[];
  /** The AppArmor profile the daemon applied (only known for real containers). */
  appArmorProfile?: string;
  user?: string;
  labels?: Record<string, string>;
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
}

export interface EnvVar {
  name: string;
  /** Undefined when the variable is passed through without a value. */
  value?: string;
}

/** A path inside a ContainerSpec, such as `['mounts', 2, 'source']`. */
export type SpecPath = readonly (string | number)[];

export function formatSpecPath(path: SpecPath): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}
