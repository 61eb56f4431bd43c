import {
  compareEnv,
  compareMounts,
  comparePortBindings,
  sortWithOrigins,
  type ContainerSpec,
  type EnvVar,
  type MountSpec,
  type PortBinding,
  type SpecPath,
} from '../../model/container-spec.js';
import { SourceMap, type ContainerTarget, type SourceKind } from '../../model/target.js';
import { DOCKER_RUNTIME } from '../../model/runtime.js';
import { parseBytes, parsePublish, parseVolume } from '../run-line/run-flags.js';
import { shellCommands, sourceTextOf } from '../../shell/shell-words.js';
import { interpolate } from './interpolate.js';
import type { Loc, Located } from '../../yaml/located-yaml.js';
import { listToMapping } from './merge.js';

/** A Compose service says what it sets itself; what its image sets is unknown here. */
export const COMPOSE_SOURCE: SourceKind = { id: 'compose', runtime: DOCKER_RUNTIME, imageDefaultsKnown: false };

/** A Compose value whose type the Compose Specification does not allow; `key` is its path. */
export class ComposeShapeError extends Error {
  constructor(
    readonly loc: Loc,
    readonly key: string,
    readonly expected: string,
  ) {
    super(`${key} must be ${expected}`);
  }
}

export interface ServiceContext {
  projectName: string;
  variables: ReadonlyMap<string, string>;
  /** The variables of an env_file, each with its own file and line. */
  envFile(path: string, from: Loc): { name: string; value: string; loc: Loc }[];
}

interface Text {
  value: string;
  unknown: boolean;
  loc: Loc;
}

/**
 * Typed reading of one service, with interpolation. A value that stays
 * unknown after interpolation is returned as unknown, and every caller drops
 * it rather than guess.
 */
class ServiceReader {
  constructor(
    private readonly service: Located & { kind: 'map' },
    private readonly path: string,
    private readonly variables: ReadonlyMap<string, string>,
  ) {}

  node(key: string): Located | undefined {
    return this.service.entries.get(key)?.value;
  }

  keyLoc(key: string): Loc | undefined {
    return this.service.entries.get(key)?.key;
  }

  text(node: Located | undefined, key: string): Text | undefined {
    if (node === undefined || (node.kind === 'scalar' && node.value === null)) return undefined;
    if (node.kind !== 'scalar') throw new ComposeShapeError(node.loc, `${this.path}.${key}`, 'a single value');
    if (typeof node.value !== 'string') return { value: String(node.value), unknown: false, loc: node.loc };
    return { ...interpolate(node.value, this.variables), loc: node.loc };
  }

  string(key: string): Text | undefined {
    return this.text(this.node(key), key);
  }

  boolean(key: string): boolean | undefined {
    const text = this.string(key);
    if (text === undefined || text.unknown) return undefined;
    if (/^(true|yes|on)$/i.test(text.value)) return true;
    if (/^(false|no|off)$/i.test(text.value)) return false;
    throw new ComposeShapeError(text.loc, `${this.path}.${key}`, 'true or false');
  }

  list(key: string, node = this.node(key)): Located[] {
    if (node === undefined || (node.kind === 'scalar' && node.value === null)) return [];
    if (node.kind !== 'seq') throw new ComposeShapeError(node.loc, `${this.path}.${key}`, 'a list');
    return node.items;
  }

  /** A mapping, or a `KEY=value` list that Compose reads as one. */
  mapping(key: string, node = this.node(key)): [string, Located, Loc][] {
    if (node === undefined || (node.kind === 'scalar' && node.value === null)) return [];
    const mapping = listToMapping(node);
    if (mapping.kind !== 'map') throw new ComposeShapeError(node.loc, `${this.path}.${key}`, 'a mapping or a list of KEY=value');
    return [...mapping.entries].map(([name, entry]) => [name, entry.value, entry.key]);
  }

  child(key: string): ServiceReader | undefined {
    const node = this.node(key);
    if (node === undefined || (node.kind === 'scalar' && node.value === null)) return undefined;
    if (node.kind !== 'map') throw new ComposeShapeError(node.loc, `${this.path}.${key}`, 'a mapping');
    return new ServiceReader(node, `${this.path}.${key}`, this.variables);
  }
}

/** Compose's restart values: no, always, on-failure[:max-retries], unless-stopped. */
function restartPolicy(value: string): { name: string; maximumRetryCount: number } {
  const [name = '', count = '0'] = value.split(':');
  return { name, maximumRetryCount: Number(count) || 0 };
}

/** Long-syntax port: {target, published, host_ip, protocol}. */
function longPort(reader: ServiceReader, node: Located): PortBinding | undefined {
  if (node.kind !== 'map') return undefined;
  const port = new ServiceReader(node, 'ports[]', new Map());
  const target = reader.text(port.node('target'), 'ports[].target');
  const published = reader.text(port.node('published'), 'ports[].published');
  const hostIp = reader.text(port.node('host_ip'), 'ports[].host_ip');
  const protocol = reader.text(port.node('protocol'), 'ports[].protocol');
  if (!target || target.unknown || published?.unknown || hostIp?.unknown) return undefined;
  return { containerPort: `${target.value}/${protocol?.value ?? 'tcp'}`, hostIp: hostIp?.value ?? '', hostPort: published?.value ?? '' };
}

/** Long-syntax volume: {type, source, target, read_only, bind: {propagation}}, or tmpfs. */
function longVolume(reader: ServiceReader, node: Located): MountSpec | { tmpfs: string } | undefined {
  if (node.kind !== 'map') return undefined;
  const volume = new ServiceReader(node, 'volumes[]', new Map());
  const type = reader.text(volume.node('type'), 'volumes[].type')?.value ?? 'volume';
  const target = reader.text(volume.node('target'), 'volumes[].target');
  if (!target || target.unknown) return undefined;
  if (type === 'tmpfs') return { tmpfs: target.value };
  if (type !== 'bind' && type !== 'volume') return undefined;
  const source = reader.text(volume.node('source'), 'volumes[].source');
  const readOnly = reader.text(volume.node('read_only'), 'volumes[].read_only');
  const bind = volume.node('bind');
  const propagation = bind?.kind === 'map' ? reader.text(bind.entries.get('propagation')?.value, 'volumes[].bind.propagation') : undefined;
  return {
    type,
    ...(source && !source.unknown && { source: hostSource(source.value, type === 'bind') }),
    destination: target.value,
    readOnly: readOnly !== undefined && /^(true|yes|on)$/i.test(readOnly.value),
    ...(propagation && !propagation.unknown && { propagation: propagation.value }),
  };
}

/**
 * Relative bind sources are relative to the project directory, where the
 * project is deployed, which lint cannot know: they stay relative, so they
 * are never mistaken for a host system path.
 */
function hostSource(source: string, isBind: boolean): string {
  return isBind && !source.startsWith('/') && !source.startsWith('.') && !source.startsWith('~') ? `./${source}` : source;
}

/** Maps one Compose service to a target; every spec path points at its key or list item. */
export function serviceToTarget(name: string, service: Located, serviceKey: Loc, context: ServiceContext): ContainerTarget {
  if (service.kind !== 'map') throw new ComposeShapeError(service.loc, `services.${name}`, 'a mapping');
  const reader = new ServiceReader(service, `services.${name}`, context.variables);
  const spec: ContainerSpec = {};
  const sourceMap = new SourceMap();
  const at = (path: SpecPath, loc: Loc | undefined) => sourceMap.set(path, { ...(loc ?? serviceKey) });
  // Missing settings point at the service itself.
  for (const field of [
    'capDrop',
    'securityOpt',
    'user',
    'readonlyRootfs',
    'memory',
    'nanoCpus',
    'pidsLimit',
    'healthcheck',
    'networkMode',
    'restartPolicy',
    'image',
  ]) {
    at([field], serviceKey);
  }
  const known = (text: Text | undefined) => (text && !text.unknown ? text.value : undefined);
  const scalar = <
    K extends 'image' | 'user' | 'cgroupParent' | 'pidMode' | 'ipcMode' | 'utsMode' | 'usernsMode' | 'cgroupnsMode' | 'networkMode',
  >(
    key: K,
    composeKey: string,
  ) => {
    const text = reader.string(composeKey);
    const value = known(text);
    if (value !== undefined) spec[key] = value;
    at([key], text?.loc ?? reader.keyLoc(composeKey));
  };
  scalar('image', 'image');
  scalar('user', 'user');
  scalar('cgroupParent', 'cgroup_parent');
  scalar('pidMode', 'pid');
  scalar('ipcMode', 'ipc');
  scalar('utsMode', 'uts');
  scalar('usernsMode', 'userns_mode');
  scalar('cgroupnsMode', 'cgroup');
  scalar('networkMode', 'network_mode');
  if (spec.networkMode === undefined && reader.node('network_mode') === undefined) {
    // Compose puts a service on its project's networks, never on the default bridge.
    const networks = reader.node('networks');
    const first =
      networks?.kind === 'seq'
        ? known(reader.text(networks.items[0], 'networks[0]'))
        : networks?.kind === 'map'
          ? [...networks.entries.keys()][0]
          : undefined;
    spec.networkMode = `${context.projectName}_${first ?? 'default'}`;
  }
  const containerName = known(reader.string('container_name'));
  spec.name = containerName ?? name;

  for (const [key, composeKey] of [
    ['privileged', 'privileged'],
    ['readonlyRootfs', 'read_only'],
  ] as const) {
    const value = reader.boolean(composeKey);
    if (value !== undefined) spec[key] = value;
    at([key], reader.keyLoc(composeKey));
  }

  for (const [key, composeKey] of [
    ['capAdd', 'cap_add'],
    ['capDrop', 'cap_drop'],
    ['securityOpt', 'security_opt'],
    ['deviceCgroupRules', 'device_cgroup_rules'],
    ['links', 'links'],
  ] as const) {
    const values: string[] = [];
    for (const item of reader.list(composeKey)) {
      const value = known(reader.text(item, `${composeKey}[]`));
      if (value === undefined) continue;
      at([key, values.length], item.loc);
      values.push(value);
    }
    if (values.length > 0 || reader.node(composeKey) !== undefined) spec[key] = values;
    if (reader.keyLoc(composeKey)) at([key], reader.keyLoc(composeKey));
  }

  const ports: { item: PortBinding; origin: Loc }[] = [];
  for (const item of reader.list('ports')) {
    const text = item.kind === 'scalar' ? reader.text(item, 'ports[]') : undefined;
    const binding = item.kind === 'map' ? longPort(reader, item) : text && !text.unknown ? parsePublish(text.value) : undefined;
    if (binding) ports.push({ item: binding, origin: item.loc });
  }
  const mounts: { item: MountSpec; origin: Loc }[] = [];
  const tmpfs: { destination: string; options: string[]; loc: Loc }[] = [];
  for (const item of reader.list('volumes')) {
    if (item.kind === 'map') {
      const mount = longVolume(reader, item);
      if (mount && 'tmpfs' in mount) tmpfs.push({ destination: mount.tmpfs, options: [], loc: item.loc });
      else if (mount) mounts.push({ item: mount, origin: item.loc });
      continue;
    }
    const text = reader.text(item, 'volumes[]');
    if (!text) continue;
    // With anything unknown (${DATA_DIR}:/data) the host path is not known: never guessed.
    const mount = parseVolume(text.value, !text.unknown);
    if (mount)
      mounts.push({
        item: mount.source === undefined ? mount : { ...mount, source: hostSource(mount.source, mount.type === 'bind') },
        origin: item.loc,
      });
  }
  const tmpfsNode = reader.node('tmpfs');
  for (const item of tmpfsNode?.kind === 'scalar' ? [tmpfsNode] : reader.list('tmpfs')) {
    const value = known(reader.text(item, 'tmpfs[]'));
    if (value === undefined) continue;
    const [destination = '', options = ''] = value.split(/:(.*)/);
    tmpfs.push({ destination, options: options ? options.split(',') : [], loc: item.loc });
  }
  const placed = <T>(key: 'portBindings' | 'mounts', entries: { item: T; origin: Loc }[], compare: (a: T, b: T) => number) => {
    const sorted = sortWithOrigins(entries, compare);
    sorted.forEach(({ origin }, index) => at([key, index], origin));
    return sorted.map(({ item }) => item);
  };
  if (ports.length > 0) spec.portBindings = placed('portBindings', ports, comparePortBindings);
  if (mounts.length > 0) spec.mounts = placed('mounts', mounts, compareMounts);
  if (tmpfs.length > 0) {
    spec.tmpfs = tmpfs.map(({ destination, options }) => ({ destination, options }));
    tmpfs.forEach(({ loc }, index) => at(['tmpfs', index], loc));
  }

  const devices = reader.list('devices').flatMap((item) => {
    if (item.kind === 'map') {
      const device = new ServiceReader(item, 'devices[]', new Map());
      const source = known(reader.text(device.node('source'), 'devices[].source'));
      return source
        ? [
            {
              device: {
                pathOnHost: source,
                pathInContainer: known(reader.text(device.node('target'), 'devices[].target')) ?? source,
                permissions: known(reader.text(device.node('permissions'), 'devices[].permissions')) ?? 'rwm',
              },
              loc: item.loc,
            },
          ]
        : [];
    }
    const value = known(reader.text(item, 'devices[]'));
    if (value === undefined) return [];
    const [pathOnHost = '', pathInContainer = pathOnHost, permissions = 'rwm'] = value.split(':');
    return [{ device: { pathOnHost, pathInContainer, permissions }, loc: item.loc }];
  });
  if (devices.length > 0) {
    spec.devices = devices.map(({ device }) => device);
    devices.forEach(({ loc }, index) => at(['devices', index], loc));
  }

  const env: { variable: EnvVar; loc: Loc }[] = [];
  for (const entry of reader.list(
    'env_file',
    reader.node('env_file')?.kind === 'scalar'
      ? { kind: 'seq', loc: serviceKey, items: [reader.node('env_file') as Located] }
      : reader.node('env_file'),
  )) {
    const path = entry.kind === 'map' ? reader.text(entry.entries.get('path')?.value, 'env_file[].path') : reader.text(entry, 'env_file[]');
    if (path && !path.unknown)
      for (const variable of context.envFile(path.value, path.loc))
        env.push({ variable: { name: variable.name, value: variable.value }, loc: variable.loc });
  }
  for (const [variable, node, keyLoc] of reader.mapping('environment')) {
    const text = reader.text(node, `environment.${variable}`);
    const index = env.findIndex((existing) => existing.variable.name === variable);
    if (index !== -1) env.splice(index, 1);
    // Unknown after interpolation: keep the reference as written, which is not a secret.
    const value = text === undefined ? undefined : text.unknown ? '${' + variable + '}' : text.value;
    env.push({ variable: value === undefined ? { name: variable } : { name: variable, value }, loc: keyLoc });
  }
  if (env.length > 0) {
    const sorted = sortWithOrigins(
      env.map(({ variable, loc }) => ({ item: variable, origin: loc })),
      compareEnv,
    );
    spec.env = sorted.map(({ item }) => item);
    sorted.forEach(({ origin }, index) => at(['env', index], origin));
  }

  const sysctls = reader.mapping('sysctls');
  if (sysctls.length > 0) {
    spec.sysctls = Object.fromEntries(sysctls.map(([key, node]) => [key, known(reader.text(node, `sysctls.${key}`)) ?? '']));
    sysctls.forEach(([key, , loc]) => at(['sysctls', key], loc));
  }
  const labels = reader.mapping('labels');
  if (labels.length > 0) {
    spec.labels = Object.fromEntries(labels.map(([key, node]) => [key, known(reader.text(node, `labels.${key}`)) ?? '']));
    labels.forEach(([key, , loc]) => at(['labels', key], loc));
  }
  for (const [key, composeKey] of [
    ['command', 'command'],
    ['entrypoint', 'entrypoint'],
  ] as const) {
    const node = reader.node(composeKey);
    if (node === undefined) continue;
    // A string is split as a shell would split it; a list is taken as it is.
    const items =
      node.kind === 'scalar'
        ? (shellCommands(sourceTextOf(known(reader.text(node, composeKey)) ?? ''))[0] ?? []).map((word) => ({
            text: word.text,
            loc: node.loc,
            unknown: word.unknown,
          }))
        : reader.list(composeKey).map((item) => {
            const text = reader.text(item, `${composeKey}[]`);
            return { text: text?.value ?? '', loc: item.loc, unknown: text?.unknown ?? true };
          });
    const literal = items.filter((item) => !item.unknown);
    spec[key] = literal.map((item) => item.text);
    literal.forEach((item, index) => at([key, index], item.loc));
  }

  const limits = reader.child('deploy')?.child('resources')?.child('limits');
  const memory = known(reader.string('mem_limit')) ?? known(limits?.string('memory'));
  if (memory !== undefined) spec.memory = parseBytes(memory) ?? 0;
  at(['memory'], reader.keyLoc('mem_limit') ?? reader.keyLoc('deploy'));
  const cpus = known(reader.string('cpus')) ?? known(limits?.string('cpus'));
  if (cpus !== undefined) spec.nanoCpus = Math.round(Number(cpus) * 1e9) || 0;
  const cpuQuota = known(reader.string('cpu_quota'));
  if (cpuQuota !== undefined) spec.cpuQuota = Number(cpuQuota) || 0;
  const cpuShares = known(reader.string('cpu_shares'));
  if (cpuShares !== undefined) spec.cpuShares = Number(cpuShares) || 0;
  at(['nanoCpus'], reader.keyLoc('cpus') ?? reader.keyLoc('deploy'));
  const pids = known(reader.string('pids_limit')) ?? known(limits?.string('pids'));
  if (pids !== undefined) spec.pidsLimit = Number(pids) || 0;
  at(['pidsLimit'], reader.keyLoc('pids_limit') ?? reader.keyLoc('deploy'));

  const restart = known(reader.string('restart'));
  if (restart !== undefined) spec.restartPolicy = restartPolicy(restart);
  at(['restartPolicy'], reader.keyLoc('restart'));

  const healthcheck = reader.child('healthcheck');
  if (healthcheck) {
    const test = healthcheck.node('test');
    if (healthcheck.boolean('disable') === true) spec.healthcheck = ['NONE'];
    else if (test?.kind === 'seq') spec.healthcheck = test.items.map((item) => known(reader.text(item, 'healthcheck.test[]')) ?? '');
    else if (test?.kind === 'scalar' && test.value !== null) spec.healthcheck = ['CMD-SHELL', String(test.value)];
    at(['healthcheck'], reader.keyLoc('healthcheck'));
  }
  const logDriver = known(reader.child('logging')?.string('driver'));
  if (logDriver !== undefined) spec.logDriver = logDriver;
  at(['logDriver'], reader.keyLoc('logging'));

  return {
    kind: 'container',
    id: `${serviceKey.file}#services.${name}`,
    name: spec.name,
    spec,
    source: { kind: COMPOSE_SOURCE, file: serviceKey.file, service: name },
    sourceMap,
  };
}
