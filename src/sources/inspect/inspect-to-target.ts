import {
  compareEnv,
  compareMounts,
  comparePortBindings,
  sortWithOrigins,
  type ContainerSpec,
  type DeviceMapping,
  type EnvVar,
  type MountSpec,
  type MountType,
  type PortBinding,
  type TmpfsMount,
} from '../../model/container-spec.js';
import { SourceMap, type ContainerTarget, type TargetSource } from '../../model/target.js';

/**
 * A field of `docker inspect` output (GET /containers/{id}/json) that does not
 * have the type the Engine API documents. `key` is the inspect path.
 */
export class InspectShapeError extends Error {
  constructor(
    readonly key: string,
    readonly expected: string,
  ) {
    super(`${key} must be ${expected}`);
  }
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads typed fields of one inspect object; every field is optional because API versions differ. */
class FieldReader {
  constructor(
    private readonly value: Json,
    private readonly prefix: string,
  ) {}

  private key(name: string): string {
    return this.prefix ? `${this.prefix}.${name}` : name;
  }

  object(name: string): FieldReader | undefined {
    const value = this.value[name];
    if (value === undefined || value === null) return undefined;
    if (!isObject(value)) throw new InspectShapeError(this.key(name), 'an object');
    return new FieldReader(value, this.key(name));
  }

  string(name: string): string | undefined {
    const value = this.value[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw new InspectShapeError(this.key(name), 'a string');
    return value;
  }

  number(name: string): number | undefined {
    const value = this.value[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new InspectShapeError(this.key(name), 'a number');
    return value;
  }

  boolean(name: string): boolean | undefined {
    const value = this.value[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') throw new InspectShapeError(this.key(name), 'true or false');
    return value;
  }

  strings(name: string): string[] | undefined {
    const value = this.value[name];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
      throw new InspectShapeError(this.key(name), 'a list of strings');
    }
    return value as string[];
  }

  /** A list of strings; old engines (API < 1.24) sent a single string for Cmd and Entrypoint. */
  stringOrStrings(name: string): string[] | undefined {
    const value = this.value[name];
    return typeof value === 'string' ? [value] : this.strings(name);
  }

  /** A list of short string lists, such as TmpfsOptions.Options: `[["exec"], ["mode", "1777"]]`. */
  stringTuples(name: string): string[][] | undefined {
    const value = this.value[name];
    if (value === undefined || value === null) return undefined;
    const valid = Array.isArray(value) && value.every((item) => Array.isArray(item) && item.every((part) => typeof part === 'string'));
    if (!valid) throw new InspectShapeError(this.key(name), 'a list of string lists');
    return value as string[][];
  }

  objects(name: string): FieldReader[] | undefined {
    const value = this.value[name];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) throw new InspectShapeError(this.key(name), 'a list of objects');
    return value.map((item, index) => {
      if (!isObject(item)) throw new InspectShapeError(`${this.key(name)}[${index}]`, 'an object');
      return new FieldReader(item, `${this.key(name)}[${index}]`);
    });
  }

  entries(name: string): [string, unknown][] | undefined {
    const value = this.value[name];
    if (value === undefined || value === null) return undefined;
    if (!isObject(value)) throw new InspectShapeError(this.key(name), 'an object');
    return Object.entries(value);
  }
}

const MOUNT_TYPES: readonly MountType[] = ['bind', 'volume', 'tmpfs', 'npipe', 'cluster', 'image'];

/** `/target:/linker/db` as stored by the daemon reads better as `target:db`. */
function readableLink(link: string): string {
  const [child = '', alias = ''] = link.split(':');
  return `${child.replace(/^\//, '')}:${alias.split('/').pop() ?? alias}`;
}

function splitEnv(entry: string): EnvVar {
  const equals = entry.indexOf('=');
  return equals === -1 ? { name: entry } : { name: entry.slice(0, equals), value: entry.slice(equals + 1) };
}

/**
 * Turns one element of `docker inspect` output into a target. The live scan
 * and `--inspect FILE` both come through here, which is what makes their
 * findings identical.
 */
export function inspectToTarget(raw: unknown, source: TargetSource, prefix = ''): ContainerTarget {
  if (!isObject(raw)) throw new InspectShapeError(prefix || '(top level)', 'an object from docker inspect');
  const root = new FieldReader(raw, prefix);
  const id = root.string('Id');
  if (!id) throw new InspectShapeError(prefix ? `${prefix}.Id` : 'Id', 'the container id');
  const config = root.object('Config');
  const hostConfig = root.object('HostConfig');
  const { file } = source;
  const sourceMap = new SourceMap();
  const origin = (field: string) => (file === undefined ? { field } : { file, field });
  const spec: ContainerSpec = {};

  const name = (root.string('Name') ?? '').replace(/^\//, '') || id.slice(0, 12);
  spec.name = name;
  const image = config?.string('Image');
  if (image !== undefined) spec.image = image;

  // Each field's origin is recorded even when it is absent, so a finding about a missing
  // setting still points at the place to set it.
  const scalar = <K extends keyof ContainerSpec>(key: K, value: ContainerSpec[K] | undefined, field: string) => {
    sourceMap.set([key], origin(field));
    if (value !== undefined) spec[key] = value;
  };
  scalar('privileged', hostConfig?.boolean('Privileged'), 'HostConfig.Privileged');
  scalar('networkMode', hostConfig?.string('NetworkMode'), 'HostConfig.NetworkMode');
  scalar('pidMode', hostConfig?.string('PidMode'), 'HostConfig.PidMode');
  scalar('ipcMode', hostConfig?.string('IpcMode'), 'HostConfig.IpcMode');
  scalar('utsMode', hostConfig?.string('UTSMode'), 'HostConfig.UTSMode');
  scalar('usernsMode', hostConfig?.string('UsernsMode'), 'HostConfig.UsernsMode');
  scalar('cgroupnsMode', hostConfig?.string('CgroupnsMode'), 'HostConfig.CgroupnsMode');
  scalar('readonlyRootfs', hostConfig?.boolean('ReadonlyRootfs'), 'HostConfig.ReadonlyRootfs');
  scalar('memory', hostConfig?.number('Memory'), 'HostConfig.Memory');
  scalar('nanoCpus', hostConfig?.number('NanoCpus'), 'HostConfig.NanoCpus');
  scalar('cpuQuota', hostConfig?.number('CpuQuota'), 'HostConfig.CpuQuota');
  scalar('cpuShares', hostConfig?.number('CpuShares'), 'HostConfig.CpuShares');
  scalar('pidsLimit', hostConfig?.number('PidsLimit'), 'HostConfig.PidsLimit');
  scalar('cgroupParent', hostConfig?.string('CgroupParent'), 'HostConfig.CgroupParent');
  scalar('logDriver', hostConfig?.object('LogConfig')?.string('Type'), 'HostConfig.LogConfig.Type');
  scalar('healthcheck', config?.object('Healthcheck')?.strings('Test'), 'Config.Healthcheck.Test');
  const restart = hostConfig?.object('RestartPolicy');
  scalar(
    'restartPolicy',
    restart && { name: restart.string('Name') ?? '', maximumRetryCount: restart.number('MaximumRetryCount') ?? 0 },
    'HostConfig.RestartPolicy',
  );
  const sysctls = hostConfig?.entries('Sysctls');
  scalar('sysctls', sysctls && Object.fromEntries(sysctls.map(([key, value]) => [key, String(value)])), 'HostConfig.Sysctls');
  sysctls?.forEach(([key]) => sourceMap.set(['sysctls', key], origin(`HostConfig.Sysctls["${key}"]`)));
  scalar('publishAllPorts', hostConfig?.boolean('PublishAllPorts'), 'HostConfig.PublishAllPorts');
  scalar('appArmorProfile', root.string('AppArmorProfile'), 'AppArmorProfile');
  scalar('user', config?.string('User'), 'Config.User');

  const list = (
    key: 'capAdd' | 'capDrop' | 'securityOpt' | 'links' | 'deviceCgroupRules' | 'maskedPaths' | 'readonlyPaths' | 'volumesFrom',
    values: string[] | undefined,
    field: string,
  ) => {
    sourceMap.set([key], origin(field));
    if (values === undefined) return;
    spec[key] = key === 'links' ? values.map(readableLink) : values;
    values.forEach((_, index) => sourceMap.set([key, index], origin(`${field}[${index}]`)));
  };
  list('capAdd', hostConfig?.strings('CapAdd'), 'HostConfig.CapAdd');
  list('capDrop', hostConfig?.strings('CapDrop'), 'HostConfig.CapDrop');
  list('securityOpt', hostConfig?.strings('SecurityOpt'), 'HostConfig.SecurityOpt');
  list('links', hostConfig?.strings('Links'), 'HostConfig.Links');
  list('deviceCgroupRules', hostConfig?.strings('DeviceCgroupRules'), 'HostConfig.DeviceCgroupRules');
  list('maskedPaths', hostConfig?.strings('MaskedPaths'), 'HostConfig.MaskedPaths');
  list('readonlyPaths', hostConfig?.strings('ReadonlyPaths'), 'HostConfig.ReadonlyPaths');
  list('volumesFrom', hostConfig?.strings('VolumesFrom'), 'HostConfig.VolumesFrom');

  const devices = hostConfig?.objects('Devices');
  sourceMap.set(['devices'], origin('HostConfig.Devices'));
  if (devices !== undefined) {
    spec.devices = devices.map((device, index): DeviceMapping => {
      sourceMap.set(['devices', index], origin(`HostConfig.Devices[${index}]`));
      return {
        pathOnHost: device.string('PathOnHost') ?? '',
        pathInContainer: device.string('PathInContainer') ?? '',
        permissions: device.string('CgroupPermissions') ?? '',
      };
    });
  }

  // tmpfs comes from --tmpfs (HostConfig.Tmpfs, options as one string) and from
  // --mount type=tmpfs (HostConfig.Mounts, options since API 1.46 as [key, value] pairs).
  const tmpfs: TmpfsMount[] = [];
  for (const [destination, options] of hostConfig?.entries('Tmpfs') ?? []) {
    sourceMap.set(['tmpfs', tmpfs.length], origin(`HostConfig.Tmpfs["${destination}"]`));
    tmpfs.push({ destination, options: typeof options === 'string' && options !== '' ? options.split(',') : [] });
  }
  for (const [index, mount] of (hostConfig?.objects('Mounts') ?? []).entries()) {
    if (mount.string('Type') !== 'tmpfs') continue;
    const options = (mount.object('TmpfsOptions')?.stringTuples('Options') ?? []).map((tuple) => tuple.join('='));
    sourceMap.set(['tmpfs', tmpfs.length], origin(`HostConfig.Mounts[${index}]`));
    tmpfs.push({ destination: mount.string('Target') ?? '', options });
  }
  if (tmpfs.length > 0) spec.tmpfs = tmpfs;

  const portEntries = hostConfig?.entries('PortBindings');
  if (portEntries !== undefined) {
    const bindings: { item: PortBinding; origin: string }[] = [];
    for (const [containerPort, hostBindings] of portEntries) {
      const field = `HostConfig.PortBindings["${containerPort}"]`;
      if (hostBindings === null) continue;
      if (!Array.isArray(hostBindings)) throw new InspectShapeError(field, 'a list of host bindings');
      hostBindings.forEach((binding: unknown, index) => {
        if (!isObject(binding)) throw new InspectShapeError(`${field}[${index}]`, 'an object');
        const reader = new FieldReader(binding, `${field}[${index}]`);
        bindings.push({
          item: { containerPort, hostIp: reader.string('HostIp') ?? '', hostPort: reader.string('HostPort') ?? '' },
          origin: `${field}[${index}]`,
        });
      });
    }
    const sorted = sortWithOrigins(bindings, comparePortBindings);
    sorted.forEach(({ origin: field }, index) => sourceMap.set(['portBindings', index], origin(field)));
    spec.portBindings = sorted.map(({ item }) => item);
    sourceMap.set(['portBindings'], origin('HostConfig.PortBindings'));
  }

  const mounts = root.objects('Mounts');
  if (mounts !== undefined) {
    // The daemon lists mounts in Go map order, which changes between calls (see compareMounts).
    const read = mounts.map((mount, inspectIndex) => {
      const type = mount.string('Type') ?? 'volume';
      if (!(MOUNT_TYPES as readonly string[]).includes(type)) {
        throw new InspectShapeError(`Mounts[${inspectIndex}].Type`, `one of ${MOUNT_TYPES.join(', ')}`);
      }
      const source = type === 'volume' ? (mount.string('Name') ?? mount.string('Source')) : mount.string('Source');
      const propagation = mount.string('Propagation');
      const spec: MountSpec = {
        type: type as MountType,
        ...(source !== undefined && { source }),
        destination: mount.string('Destination') ?? '',
        readOnly: mount.boolean('RW') === false,
        ...(propagation && { propagation }),
      };
      return { item: spec, origin: inspectIndex };
    });
    const sorted = sortWithOrigins(read, compareMounts);
    sorted.forEach(({ origin: inspectIndex }, index) => {
      sourceMap.set(['mounts', index], origin(`Mounts[${inspectIndex}]`));
      sourceMap.set(['mounts', index, 'source'], origin(`Mounts[${inspectIndex}].Source`));
    });
    spec.mounts = sorted.map(({ item }) => item);
  }

  const env = config?.strings('Env');
  if (env !== undefined) {
    const sorted = sortWithOrigins(
      env.map((entry, index) => ({ item: splitEnv(entry), origin: index })),
      compareEnv,
    );
    spec.env = sorted.map(({ item }) => item);
    sorted.forEach(({ origin: index }, position) => sourceMap.set(['env', position], origin(`Config.Env[${index}]`)));
  }

  const labels = config?.entries('Labels');
  if (labels !== undefined) {
    spec.labels = Object.fromEntries(labels.filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    for (const [key] of labels) sourceMap.set(['labels', key], origin(`Config.Labels["${key}"]`));
  }
  for (const [key, field] of [
    ['command', 'Cmd'],
    ['entrypoint', 'Entrypoint'],
  ] as const) {
    const values = config?.stringOrStrings(field);
    if (values === undefined) continue;
    spec[key] = values;
    values.forEach((_, index) => sourceMap.set([key, index], origin(`Config.${field}[${index}]`)));
  }

  const state = root.object('State');
  const status = state?.string('Status');
  const health = state?.object('Health')?.string('Status');
  return {
    kind: 'container',
    id,
    name,
    spec,
    source,
    sourceMap,
    ...(status !== undefined && { state: status }),
    ...(health !== undefined && { observed: { health } }),
  };
}

/** The main process id of a running container, from State.Pid. */
export function runningPid(raw: unknown): number | undefined {
  if (!isObject(raw) || !isObject(raw['State'])) return undefined;
  const { Running, Pid } = raw['State'];
  return Running === true && typeof Pid === 'number' && Pid > 0 ? Pid : undefined;
}

/** ExecIDs: the exec sessions the daemon still remembers for this container. */
export function execIds(raw: unknown): string[] {
  if (!isObject(raw) || !Array.isArray(raw['ExecIDs'])) return [];
  return raw['ExecIDs'].filter((id): id is string => typeof id === 'string');
}
