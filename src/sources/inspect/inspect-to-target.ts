import type { DeviceMapping, MountSpec, MountType } from '../../model/container-spec.js';
import { normalizeCapability } from '../../model/capabilities.js';
import { isRecord } from '../../model/json-value.js';
import { parseSecurityOpt } from '../../model/security-options.js';
import type { ContainerTarget, TargetSource } from '../../model/target.js';
import { parseEnv, parseKeyValue, splitTmpfsOptions } from '../docker-grammar/index.js';
import { SpecBuilder } from '../spec-builder.js';
import { findRunCommands, parseRunArguments } from '../run-line/run-line-to-target.js';

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

/** Reads typed fields of one inspect object; every field is optional because API versions differ. */
class FieldReader {
  constructor(
    private readonly value: Json,
    private readonly prefix: string,
  ) {}

  private key(name: string): string {
    return this.prefix ? `${this.prefix}.${name}` : name;
  }

  has(name: string): boolean {
    return Object.hasOwn(this.value, name);
  }

  object(name: string): FieldReader | undefined {
    const value = this.value[name];
    if (value === undefined || value === null) return undefined;
    if (!isRecord(value)) throw new InspectShapeError(this.key(name), 'an object');
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
    return value;
  }

  /** A list of strings; old engines (API < 1.24) and Podman's own inspect send a single string for Cmd and Entrypoint, empty for none. */
  stringOrStrings(name: string): string[] | undefined {
    const value = this.value[name];
    if (value === '') return [];
    return typeof value === 'string' ? [value] : this.strings(name);
  }

  /** A list of short string lists, such as TmpfsOptions.Options: `[["exec"], ["mode", "1777"]]`. */
  stringTuples(name: string): string[][] | undefined {
    const value = this.value[name];
    if (value === undefined || value === null) return undefined;
    const valid = Array.isArray(value) && value.every((item) => Array.isArray(item) && item.every((part) => typeof part === 'string'));
    if (!valid) throw new InspectShapeError(this.key(name), 'a list of string lists');
    return value;
  }

  objects(name: string): FieldReader[] | undefined {
    const value = this.value[name];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) throw new InspectShapeError(this.key(name), 'a list of objects');
    return value.map((item, index) => {
      if (!isRecord(item)) throw new InspectShapeError(`${this.key(name)}[${index}]`, 'an object');
      return new FieldReader(item, `${this.key(name)}[${index}]`);
    });
  }

  entries(name: string): [string, unknown][] | undefined {
    const value = this.value[name];
    if (value === undefined || value === null) return undefined;
    if (!isRecord(value)) throw new InspectShapeError(this.key(name), 'an object');
    return Object.entries(value);
  }
}

const MOUNT_TYPES: readonly MountType[] = ['bind', 'volume', 'tmpfs', 'npipe', 'cluster', 'image'];

/** `/target:/linker/db` as stored by the daemon reads better as `target:db`. */
function readableLink(link: string): string {
  const [child = '', alias = ''] = link.split(':');
  return `${child.replace(/^\//, '')}:${alias.split('/').pop() ?? alias}`;
}

/** Origins are inspect keys (`HostConfig.CapAdd[1]`). */
type Builder = SpecBuilder<string>;

/**
 * Each field's origin is recorded even when it is absent, so a finding about
 * a missing setting still points at the inspect key to set.
 */
function readSettings(root: FieldReader, config: FieldReader | undefined, hostConfig: FieldReader | undefined, spec: Builder): void {
  spec.set('privileged', hostConfig?.boolean('Privileged'), 'HostConfig.Privileged');
  spec.set('networkMode', hostConfig?.string('NetworkMode'), 'HostConfig.NetworkMode');
  spec.set('pidMode', hostConfig?.string('PidMode'), 'HostConfig.PidMode');
  spec.set('ipcMode', hostConfig?.string('IpcMode'), 'HostConfig.IpcMode');
  spec.set('utsMode', hostConfig?.string('UTSMode'), 'HostConfig.UTSMode');
  spec.set('usernsMode', hostConfig?.string('UsernsMode'), 'HostConfig.UsernsMode');
  // Podman's own inspect names it CgroupMode.
  const cgroupnsKey = hostConfig?.has('CgroupnsMode') === false && hostConfig.has('CgroupMode') ? 'CgroupMode' : 'CgroupnsMode';
  spec.set('cgroupnsMode', hostConfig?.string(cgroupnsKey), `HostConfig.${cgroupnsKey}`);
  spec.set('readonlyRootfs', hostConfig?.boolean('ReadonlyRootfs'), 'HostConfig.ReadonlyRootfs');
  spec.set('memory', hostConfig?.number('Memory'), 'HostConfig.Memory');
  spec.set('nanoCpus', hostConfig?.number('NanoCpus'), 'HostConfig.NanoCpus');
  spec.set('cpuQuota', hostConfig?.number('CpuQuota'), 'HostConfig.CpuQuota');
  spec.set('cpuShares', hostConfig?.number('CpuShares'), 'HostConfig.CpuShares');
  spec.set('pidsLimit', hostConfig?.number('PidsLimit'), 'HostConfig.PidsLimit');
  spec.set('cgroupParent', hostConfig?.string('CgroupParent'), 'HostConfig.CgroupParent');
  spec.set('logDriver', hostConfig?.object('LogConfig')?.string('Type'), 'HostConfig.LogConfig.Type');
  spec.set('healthcheck', config?.object('Healthcheck')?.strings('Test'), 'Config.Healthcheck.Test');
  const restart = hostConfig?.object('RestartPolicy');
  spec.set(
    'restartPolicy',
    restart && { name: restart.string('Name') ?? '', maximumRetryCount: restart.number('MaximumRetryCount') ?? 0 },
    'HostConfig.RestartPolicy',
  );
  const sysctls = hostConfig?.entries('Sysctls');
  spec.set('sysctls', sysctls && Object.fromEntries(sysctls.map(([key, value]) => [key, String(value)])), 'HostConfig.Sysctls');
  sysctls?.forEach(([key]) => spec.at(['sysctls', key], `HostConfig.Sysctls["${key}"]`));
  spec.set('publishAllPorts', hostConfig?.boolean('PublishAllPorts'), 'HostConfig.PublishAllPorts');
  spec.set('appArmorProfile', root.string('AppArmorProfile'), 'AppArmorProfile');
  spec.set('user', config?.string('User'), 'Config.User');
}

/** HostConfig's string lists, by the spec field they set. */
const HOST_CONFIG_LISTS = [
  ['capAdd', 'CapAdd'],
  ['capDrop', 'CapDrop'],
  ['securityOpt', 'SecurityOpt'],
  ['links', 'Links'],
  ['deviceCgroupRules', 'DeviceCgroupRules'],
  ['maskedPaths', 'MaskedPaths'],
  ['readonlyPaths', 'ReadonlyPaths'],
  ['volumesFrom', 'VolumesFrom'],
] as const;

/**
 * What `podman inspect` prints (libpod's own inspect) has BoundingCaps, the
 * capabilities the container's processes can hold; Docker's inspect, and
 * Podman's Docker-compatible one, do not.
 */
export function isPodmanInspect(raw: unknown): boolean {
  return isRecord(raw) && Object.hasOwn(raw, 'BoundingCaps');
}

/**
 * Podman's CapAdd and CapDrop are relative to a base that changed between
 * its versions (Docker's set in 4.3, containers.conf's later), so the set the
 * container holds is read instead (null when empty) and written as adds and
 * drops against the runtime's defaults, from which the evaluation computes
 * exactly that set again.
 */
function readHeldCapabilities(root: FieldReader, defaults: readonly string[], spec: Builder): void {
  // A privileged container holds every capability, which its bounding set lists: not adds to report one by one.
  if (spec.spec.privileged === true) {
    spec.set('capAdd', undefined, 'BoundingCaps');
    spec.set('capDrop', undefined, 'BoundingCaps');
    return;
  }
  const held = (root.strings('BoundingCaps') ?? []).map(normalizeCapability);
  const added = held.filter((cap) => !defaults.includes(cap));
  const dropped = held.length === 0 ? ['ALL'] : defaults.filter((cap) => !held.includes(cap));
  spec.set('capAdd', added, 'BoundingCaps');
  spec.set('capDrop', dropped, 'BoundingCaps');
}

/** The --security-opt keys of Podman's that its inspect does not report back. */
const UNREPORTED_SECURITY_OPTS = new Set(['unmask', 'mask']);

/**
 * Podman's inspect reports neither sysctls nor masked paths, but a container
 * the podman CLI made keeps the command that made it (Config.CreateCommand):
 * those settings are read from it with the podman run flags. A container
 * made through the API has no such command, and there they stay unknown.
 */
function readCreateCommand(config: FieldReader | undefined, spec: Builder): void {
  const argv = config?.strings('CreateCommand');
  if (argv === undefined) return;
  // One word per argument, its column the argument's index, to say where each setting came from.
  const words = argv.map((text, index) => ({ text, raw: text, position: { line: 1, column: index }, unknown: false }));
  const [command] = findRunCommands([words]);
  if (command === undefined) return;
  const at = (word: { position: { column: number } }) => `Config.CreateCommand[${word.position.column}]`;
  for (const { effect, value, valueWord, flag } of parseRunArguments(command.args, 'podman').flags) {
    if (value === undefined) continue;
    const origin = at(valueWord ?? flag);
    if (effect.kind === 'keyValue' && effect.field === 'sysctls') {
      const [key, setting] = parseKeyValue(value);
      spec.spec.sysctls = { ...spec.spec.sysctls, [key]: setting };
      spec.at(['sysctls', key], origin);
    } else if (effect.kind === 'push' && effect.field === 'securityOpt' && UNREPORTED_SECURITY_OPTS.has(parseSecurityOpt(value).key))
      spec.push('securityOpt', value, origin);
  }
}

function readLists(hostConfig: FieldReader | undefined, spec: Builder, heldCapabilities: boolean): void {
  for (const [key, name] of HOST_CONFIG_LISTS) {
    if (heldCapabilities && (key === 'capAdd' || key === 'capDrop')) continue;
    const field = `HostConfig.${name}`;
    const values = hostConfig?.strings(name);
    spec.set(key, values && (key === 'links' ? values.map(readableLink) : values), field);
    values?.forEach((_, index) => spec.at([key, index], `${field}[${index}]`));
  }
  const devices = hostConfig?.objects('Devices');
  spec.set(
    'devices',
    devices?.map((device): DeviceMapping => ({
      pathOnHost: device.string('PathOnHost') ?? '',
      pathInContainer: device.string('PathInContainer') ?? '',
      permissions: device.string('CgroupPermissions') ?? '',
    })),
    'HostConfig.Devices',
  );
  devices?.forEach((_, index) => spec.at(['devices', index], `HostConfig.Devices[${index}]`));
}

/**
 * tmpfs comes from --tmpfs (HostConfig.Tmpfs, options as one string) and from
 * --mount type=tmpfs (HostConfig.Mounts, options since API 1.46 as [key, value] pairs).
 */
function readTmpfs(hostConfig: FieldReader | undefined, spec: Builder): void {
  for (const [destination, options] of hostConfig?.entries('Tmpfs') ?? []) {
    spec.push(
      'tmpfs',
      { destination, options: typeof options === 'string' ? splitTmpfsOptions(options) : [] },
      `HostConfig.Tmpfs["${destination}"]`,
    );
  }
  for (const [index, mount] of (hostConfig?.objects('Mounts') ?? []).entries()) {
    if (mount.string('Type') !== 'tmpfs') continue;
    const options = (mount.object('TmpfsOptions')?.stringTuples('Options') ?? []).map((tuple) => tuple.join('='));
    spec.push('tmpfs', { destination: mount.string('Target') ?? '', options }, `HostConfig.Mounts[${index}]`);
  }
}

function readPorts(hostConfig: FieldReader | undefined, spec: Builder): void {
  const portEntries = hostConfig?.entries('PortBindings');
  if (portEntries === undefined) return;
  spec.present('portBindings');
  spec.at(['portBindings'], 'HostConfig.PortBindings');
  for (const [containerPort, hostBindings] of portEntries) {
    const field = `HostConfig.PortBindings["${containerPort}"]`;
    if (hostBindings === null) continue;
    if (!Array.isArray(hostBindings)) throw new InspectShapeError(field, 'a list of host bindings');
    hostBindings.forEach((binding: unknown, index) => {
      if (!isRecord(binding)) throw new InspectShapeError(`${field}[${index}]`, 'an object');
      const reader = new FieldReader(binding, `${field}[${index}]`);
      const item = { containerPort, hostIp: reader.string('HostIp') ?? '', hostPort: reader.string('HostPort') ?? '' };
      spec.add('portBindings', item, `${field}[${index}]`);
    });
  }
}

/** The daemon lists mounts in Go map order, which changes between calls: the builder sorts them (see compareMounts). */
function readMounts(root: FieldReader, spec: Builder): void {
  const mounts = root.objects('Mounts');
  if (mounts === undefined) return;
  spec.present('mounts');
  mounts.forEach((mount, inspectIndex) => {
    const type = mount.string('Type') ?? 'volume';
    if (!(MOUNT_TYPES as readonly string[]).includes(type)) {
      throw new InspectShapeError(`Mounts[${inspectIndex}].Type`, `one of ${MOUNT_TYPES.join(', ')}`);
    }
    const source = type === 'volume' ? (mount.string('Name') ?? mount.string('Source')) : mount.string('Source');
    const propagation = mount.string('Propagation');
    const item: MountSpec = {
      type: type as MountType,
      ...(source !== undefined && { source }),
      destination: mount.string('Destination') ?? '',
      readOnly: mount.boolean('RW') === false,
      ...(propagation && { propagation }),
    };
    spec.add('mounts', item, `Mounts[${inspectIndex}]`, [['source', `Mounts[${inspectIndex}].Source`]]);
  });
}

function readConfig(config: FieldReader | undefined, spec: Builder): void {
  const env = config?.strings('Env');
  if (env !== undefined) spec.present('env');
  env?.forEach((entry, index) => spec.add('env', parseEnv(entry), `Config.Env[${index}]`));
  const labels = config?.entries('Labels');
  if (labels !== undefined) {
    spec.spec.labels = Object.fromEntries(labels.filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    for (const [key] of labels) spec.at(['labels', key], `Config.Labels["${key}"]`);
  }
  for (const [key, field] of [
    ['command', 'Cmd'],
    ['entrypoint', 'Entrypoint'],
  ] as const) {
    const values = config?.stringOrStrings(field);
    if (values === undefined) continue;
    spec.spec[key] = values;
    values.forEach((_, index) => spec.at([key, index], `Config.${field}[${index}]`));
  }
}

/**
 * Turns one element of `docker inspect` output into a target. The live scan
 * and `--inspect FILE` both come through here, which is what makes their
 * findings identical. Every field is located at its own inspect key, so the
 * builder needs no fallback.
 */
export function inspectToTarget(raw: unknown, source: TargetSource, prefix = ''): ContainerTarget {
  if (!isRecord(raw)) throw new InspectShapeError(prefix || '(top level)', 'an object from docker inspect');
  const root = new FieldReader(raw, prefix);
  const id = root.string('Id');
  if (!id) throw new InspectShapeError(prefix ? `${prefix}.Id` : 'Id', 'the container id');
  const config = root.object('Config');
  const hostConfig = root.object('HostConfig');
  const { file } = source;
  const builder = new SpecBuilder<string>((field) => (file === undefined ? { field } : { file, field }));
  const name = (root.string('Name') ?? '').replace(/^\//, '') || id.slice(0, 12);
  builder.spec.name = name;
  const image = config?.string('Image');
  if (image !== undefined) builder.spec.image = image;
  readSettings(root, config, hostConfig, builder);
  const podman = isPodmanInspect(raw);
  if (podman) readHeldCapabilities(root, source.kind.runtime.capabilities, builder);
  readLists(hostConfig, builder, podman);
  if (podman) readCreateCommand(config, builder);
  readTmpfs(hostConfig, builder);
  readPorts(hostConfig, builder);
  readMounts(root, builder);
  readConfig(config, builder);
  const { spec, sourceMap } = builder.build();
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
  if (!isRecord(raw) || !isRecord(raw['State'])) return undefined;
  const { Running, Pid } = raw['State'];
  return Running === true && typeof Pid === 'number' && Pid > 0 ? Pid : undefined;
}

/** ExecIDs: the exec sessions the daemon still remembers for this container. */
export function execIds(raw: unknown): string[] {
  if (!isRecord(raw) || !Array.isArray(raw['ExecIDs'])) return [];
  return raw['ExecIDs'].filter((id): id is string => typeof id === 'string');
}
