import type { EnvVar, MountSpec, PortBinding } from '../../model/container-spec.js';
import { InputError } from '../../errors.js';
import type { ContainerTarget, SourceKind } from '../../model/target.js';
import { DOCKER_RUNTIME } from '../../model/runtime.js';
import {
  DEFAULT_DEVICE_PERMISSIONS,
  parseBytes,
  parseDevice,
  parseNanoCpus,
  parsePublish,
  parsePublishWithPortVariables,
  PUBLISH_GRAMMAR,
  parseRestart,
  parseTmpfs,
  parseVolume,
} from '../docker-grammar/index.js';
import { SpecBuilder } from '../spec-builder.js';
import { shellCommands, sourceTextOf } from '../../shell/shell-words.js';
import { interpolate, wholeReference } from './interpolate.js';
import type { Loc, Located } from '../../yaml/located-yaml.js';
import { listToMapping } from './merge.js';

/** A Compose service says what it sets itself; what its image sets is unknown here. */
export const COMPOSE_SOURCE: SourceKind = { id: 'compose', runtime: DOCKER_RUNTIME, imageDefaultsKnown: false, syntax: 'compose' };

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
  /** Where the project's .env file sets a variable, if it does. */
  dotEnvLine: (name: string) => Loc | undefined;
  /** The variables of an env_file, each with its own file and line; none for a missing file that is not `required`. */
  envFile: (path: string, from: Loc, required: boolean) => { name: string; value: string; loc: Loc }[];
  /** A key that is wrong: reported at its line, while the rest of the service is still read. */
  report: (problem: ComposeShapeError | InputError) => void;
}

/**
 * The keys of a Compose service (compose-spec/compose-spec, schema/compose-spec.json,
 * definitions.service.properties); Compose refuses any other but `x-` extensions.
 */
const SERVICE_KEYS: ReadonlySet<string> = new Set(
  (
    'annotations attach blkio_config build cap_add cap_drop cgroup cgroup_parent command configs container_name cpu_count ' +
    'cpu_percent cpu_period cpu_quota cpu_rt_period cpu_rt_runtime cpu_shares cpus cpuset credential_spec depends_on deploy ' +
    'develop device_cgroup_rules devices dns dns_opt dns_search domainname entrypoint env_file environment expose extends ' +
    'external_links extra_hosts gpus group_add healthcheck hostname image init ipc isolation label_file labels links logging ' +
    'mac_address mem_limit mem_reservation mem_swappiness memswap_limit models network_mode networks oom_kill_disable ' +
    'oom_score_adj pid pids_limit platform ports post_start pre_stop privileged profiles provider pull_policy ' +
    'pull_refresh_after read_only restart runtime scale secrets security_opt shm_size stdin_open stop_grace_period ' +
    'stop_signal storage_opt sysctls tmpfs tty ulimits use_api_socket user userns_mode uts volumes volumes_from working_dir'
  ).split(' '),
);

const isComposeKey = (key: string) => SERVICE_KEYS.has(key) || key.startsWith('x-');

/** A service mapping with a Compose key (or an `x-` extension): YAML in another schema has none. */
export function hasComposeKey(service: Located): boolean {
  return service.kind === 'map' && [...service.entries.keys()].some(isComposeKey);
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
    private readonly report: ServiceContext['report'],
  ) {}

  /** A value of the wrong type is reported and read as absent, so the service's other keys still count. */
  wrong(loc: Loc, key: string, expected: string): void {
    this.report(new ComposeShapeError(loc, `${this.path}.${key}`, expected));
  }

  /** A reader of a nested mapping (a long-syntax port, volume or device), reporting as this one does. */
  nested(node: Located & { kind: 'map' }, path: string, variables: ReadonlyMap<string, string> = new Map()): ServiceReader {
    return new ServiceReader(node, path, variables, this.report);
  }

  node(key: string): Located | undefined {
    return this.service.entries.get(key)?.value;
  }

  keyLoc(key: string): Loc | undefined {
    return this.service.entries.get(key)?.key;
  }

  text(node: Located | undefined, key: string): Text | undefined {
    if (node === undefined || (node.kind === 'scalar' && node.value === null)) return undefined;
    if (node.kind !== 'scalar') {
      this.wrong(node.loc, key, 'a single value');
      return undefined;
    }
    if (typeof node.value !== 'string') return { value: String(node.value), unknown: false, loc: node.loc };
    const { malformed, ...interpolated } = interpolate(node.value, this.variables);
    if (malformed) this.wrong(node.loc, key, 'free of malformed variables (a ${ without its }, or without a name)');
    return { ...interpolated, loc: node.loc };
  }

  string(key: string): Text | undefined {
    return this.text(this.node(key), key);
  }

  boolean(key: string): boolean | undefined {
    const text = this.string(key);
    if (text === undefined || text.unknown) return undefined;
    if (/^(true|yes|on)$/i.test(text.value)) return true;
    if (/^(false|no|off)$/i.test(text.value)) return false;
    this.wrong(text.loc, key, 'true or false');
    return undefined;
  }

  list(key: string, node = this.node(key)): Located[] {
    if (node === undefined || (node.kind === 'scalar' && node.value === null)) return [];
    if (node.kind !== 'seq') {
      this.wrong(node.loc, key, 'a list');
      return [];
    }
    return node.items;
  }

  /** A mapping, or a `KEY=value` list that Compose reads as one. */
  mapping(key: string, node = this.node(key)): [string, Located, Loc][] {
    if (node === undefined || (node.kind === 'scalar' && node.value === null)) return [];
    // A list item that is not one value (`- API_KEY: x` under a list) is a mistake Compose refuses, not a variable to skip.
    for (const item of node.kind === 'seq' ? node.items : []) if (item.kind !== 'scalar') this.wrong(item.loc, `${key}[]`, 'KEY=value');
    const mapping = listToMapping(node);
    if (mapping.kind !== 'map') {
      this.wrong(node.loc, key, 'a mapping or a list of KEY=value');
      return [];
    }
    return [...mapping.entries].map(([name, entry]) => [name, entry.value, entry.key]);
  }

  child(key: string): ServiceReader | undefined {
    const node = this.node(key);
    if (node === undefined || (node.kind === 'scalar' && node.value === null)) return undefined;
    if (node.kind !== 'map') {
      this.wrong(node.loc, key, 'a mapping');
      return undefined;
    }
    return this.nested(node, `${this.path}.${key}`, this.variables);
  }
}

/** Long-syntax port: {target, published, host_ip, protocol}. */
function longPort(reader: ServiceReader, node: Located): PortBinding | undefined {
  if (node.kind !== 'map') return undefined;
  const port = reader.nested(node, 'ports[]');
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
  const volume = reader.nested(node, 'volumes[]');
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
 * are never mistaken for a host system path. One still holding a variable
 * (`${XDG_RUNTIME_DIR}/docker.sock`) is kept as written.
 */
function hostSource(source: string, isBind: boolean): string {
  return isBind && !/^[/.~$]/.test(source) ? `./${source}` : source;
}

type Builder = SpecBuilder<Loc>;

const known = (text: Text | undefined) => (text && !text.unknown ? text.value : undefined);

/** Compose keys that hold one value, by the spec field they set. */
const SCALAR_KEYS = [
  ['image', 'image'],
  ['user', 'user'],
  ['cgroupParent', 'cgroup_parent'],
  ['pidMode', 'pid'],
  ['ipcMode', 'ipc'],
  ['utsMode', 'uts'],
  ['usernsMode', 'userns_mode'],
  ['cgroupnsMode', 'cgroup'],
  ['networkMode', 'network_mode'],
] as const;

/** Compose keys that hold a list of strings, by the spec field they set. */
const LIST_KEYS = [
  ['capAdd', 'cap_add'],
  ['capDrop', 'cap_drop'],
  ['securityOpt', 'security_opt'],
  ['deviceCgroupRules', 'device_cgroup_rules'],
  ['links', 'links'],
] as const;

function readScalars(reader: ServiceReader, spec: Builder, name: string, context: ServiceContext): void {
  for (const [key, composeKey] of SCALAR_KEYS) {
    const text = reader.string(composeKey);
    spec.set(key, known(text), text?.loc ?? reader.keyLoc(composeKey));
  }
  if (spec.spec.networkMode === undefined && reader.node('network_mode') === undefined) {
    // Compose puts a service on its project's networks, never on the default bridge.
    const networks = reader.node('networks');
    const first =
      networks?.kind === 'seq'
        ? known(reader.text(networks.items[0], 'networks[0]'))
        : networks?.kind === 'map'
          ? [...networks.entries.keys()][0]
          : undefined;
    spec.spec.networkMode = `${context.projectName}_${first ?? 'default'}`;
  }
  spec.spec.name = known(reader.string('container_name')) ?? name;
  for (const [key, composeKey] of [
    ['privileged', 'privileged'],
    ['readonlyRootfs', 'read_only'],
  ] as const) {
    spec.set(key, reader.boolean(composeKey), reader.keyLoc(composeKey));
  }
}

function readLists(reader: ServiceReader, spec: Builder): void {
  for (const [key, composeKey] of LIST_KEYS) {
    for (const item of reader.list(composeKey)) {
      const value = known(reader.text(item, `${composeKey}[]`));
      if (value !== undefined) spec.push(key, value, item.loc);
    }
    if (reader.node(composeKey) !== undefined) spec.spec[key] ??= [];
    const keyLoc = reader.keyLoc(composeKey);
    if (keyLoc) spec.at([key], keyLoc);
  }
}

function readPortsAndVolumes(reader: ServiceReader, spec: Builder): void {
  for (const item of reader.list('ports')) {
    const text = item.kind === 'scalar' ? reader.text(item, 'ports[]') : undefined;
    const unresolved =
      text?.unknown && item.kind === 'scalar' && typeof item.value === 'string' ? parsePublishWithPortVariables(item.value) : undefined;
    const binding = item.kind === 'map' ? longPort(reader, item) : text && !text.unknown ? parsePublish(text.value) : unresolved;
    if (binding) spec.add('portBindings', binding, item.loc);
    else if (text && !text.unknown) reader.wrong(item.loc, 'ports[]', PUBLISH_GRAMMAR);
  }
  for (const item of reader.list('volumes')) {
    if (item.kind === 'map') {
      const mount = longVolume(reader, item);
      if (mount && 'tmpfs' in mount) spec.push('tmpfs', { destination: mount.tmpfs, options: [] }, item.loc);
      else if (mount) spec.add('mounts', mount, item.loc);
      continue;
    }
    const text = reader.text(item, 'volumes[]');
    if (!text) continue;
    // With anything unknown (${DATA_DIR}:/data) the host path is not known: never guessed.
    // Unresolved, the entry is read as written too: the grammar keeps a source that ends in an engine socket's name.
    const written = text.unknown && item.kind === 'scalar' && typeof item.value === 'string' ? parseVolume(item.value, false) : undefined;
    const mount = written?.source !== undefined ? written : parseVolume(text.value, !text.unknown);
    if (mount)
      spec.add(
        'mounts',
        mount.source === undefined ? mount : { ...mount, source: hostSource(mount.source, mount.type === 'bind') },
        item.loc,
      );
  }
  const tmpfsNode = reader.node('tmpfs');
  for (const item of tmpfsNode?.kind === 'scalar' ? [tmpfsNode] : reader.list('tmpfs')) {
    const value = known(reader.text(item, 'tmpfs[]'));
    if (value !== undefined) spec.push('tmpfs', parseTmpfs(value), item.loc);
  }
}

function readDevices(reader: ServiceReader, spec: Builder): void {
  for (const item of reader.list('devices')) {
    if (item.kind !== 'map') {
      const value = known(reader.text(item, 'devices[]'));
      if (value !== undefined) spec.push('devices', parseDevice(value), item.loc);
      continue;
    }
    const device = reader.nested(item, 'devices[]');
    const source = known(reader.text(device.node('source'), 'devices[].source'));
    if (!source) continue;
    spec.push(
      'devices',
      {
        pathOnHost: source,
        pathInContainer: known(reader.text(device.node('target'), 'devices[].target')) ?? source,
        permissions: known(reader.text(device.node('permissions'), 'devices[].permissions')) ?? DEFAULT_DEVICE_PERMISSIONS,
      },
      item.loc,
    );
  }
}

/** The .env line a value comes from when it is one variable the project's .env sets (`${DB_PASS}`, `${DB_PASS:-x}`), not a default. */
function dotEnvOrigin(written: string, value: string, context: ServiceContext): Loc | undefined {
  const name = wholeReference(written);
  return name === undefined || context.variables.get(name) !== value ? undefined : context.dotEnvLine(name);
}

/** env_file entries first, each variable at its own line, then `environment`, which overrides them. */
function readEnvironment(reader: ServiceReader, spec: Builder, serviceKey: Loc, context: ServiceContext): void {
  const env: { variable: EnvVar; loc: Loc }[] = [];
  const envFileNode = reader.node('env_file');
  const envFiles = envFileNode?.kind === 'scalar' ? { kind: 'seq' as const, loc: serviceKey, items: [envFileNode] } : envFileNode;
  for (const entry of reader.list('env_file', envFiles)) {
    const long = entry.kind === 'map' ? reader.nested(entry, 'env_file[]') : undefined;
    const path = long ? long.string('path') : reader.text(entry, 'env_file[]');
    // Compose skips a missing file whose entry says `required: false`.
    const required = long?.boolean('required') ?? true;
    if (path && !path.unknown)
      for (const variable of context.envFile(path.value, path.loc, required))
        env.push({ variable: { name: variable.name, value: variable.value, origin: path.value }, loc: variable.loc });
  }
  for (const [variable, node, keyLoc] of reader.mapping('environment')) {
    const text = reader.text(node, `environment.${variable}`);
    const index = env.findIndex((existing) => existing.variable.name === variable);
    if (index !== -1) env.splice(index, 1);
    // Unknown after interpolation: keep the reference as written, which is not a secret.
    const value = text === undefined ? undefined : text.unknown ? '${' + variable + '}' : text.value;
    // A value that is the project's .env variable is written there: the finding points at that line.
    const fromDotEnv =
      node.kind === 'scalar' && typeof node.value === 'string' && value !== undefined
        ? dotEnvOrigin(node.value, value, context)
        : undefined;
    if (value === undefined) env.push({ variable: { name: variable }, loc: keyLoc });
    else if (fromDotEnv) env.push({ variable: { name: variable, value, origin: '.env' }, loc: fromDotEnv });
    else env.push({ variable: { name: variable, value }, loc: keyLoc });
  }
  for (const { variable, loc } of env) spec.add('env', variable, loc);
}

function readMappingsAndCommands(reader: ServiceReader, spec: Builder): void {
  for (const key of ['sysctls', 'labels'] as const) {
    const entries = reader.mapping(key);
    if (entries.length === 0) continue;
    spec.spec[key] = Object.fromEntries(entries.map(([name, node]) => [name, known(reader.text(node, `${key}.${name}`)) ?? '']));
    entries.forEach(([name, , loc]) => spec.at([key, name], loc));
  }
  for (const key of ['command', 'entrypoint'] as const) {
    const node = reader.node(key);
    if (node === undefined) continue;
    // A string is split as a shell would split it; a list is taken as it is.
    const items =
      node.kind === 'scalar'
        ? (shellCommands(sourceTextOf(known(reader.text(node, key)) ?? ''))[0] ?? []).map((word) => ({
            text: word.text,
            loc: node.loc,
            unknown: word.unknown,
          }))
        : reader.list(key).map((item) => {
            const text = reader.text(item, `${key}[]`);
            return { text: text?.value ?? '', loc: item.loc, unknown: text?.unknown ?? true };
          });
    const literal = items.filter((item) => !item.unknown);
    spec.spec[key] = literal.map((item) => item.text);
    literal.forEach((item, index) => spec.at([key, index], item.loc));
  }
}

/** Limits from the service keys, or from deploy.resources.limits, where Compose also reads them. */
function readResources(reader: ServiceReader, spec: Builder): void {
  const limits = reader.child('deploy')?.child('resources')?.child('limits');
  const deploy = reader.keyLoc('deploy');
  const memory = known(reader.string('mem_limit')) ?? known(limits?.string('memory'));
  spec.set('memory', memory === undefined ? undefined : (parseBytes(memory) ?? 0), reader.keyLoc('mem_limit') ?? deploy);
  const cpus = known(reader.string('cpus')) ?? known(limits?.string('cpus'));
  if (cpus !== undefined) spec.spec.nanoCpus = parseNanoCpus(cpus) || 0;
  const cpuQuota = known(reader.string('cpu_quota'));
  if (cpuQuota !== undefined) spec.spec.cpuQuota = Number(cpuQuota) || 0;
  const cpuShares = known(reader.string('cpu_shares'));
  if (cpuShares !== undefined) spec.spec.cpuShares = Number(cpuShares) || 0;
  spec.at(['nanoCpus'], reader.keyLoc('cpus') ?? deploy);
  const pids = known(reader.string('pids_limit')) ?? known(limits?.string('pids'));
  spec.set('pidsLimit', pids === undefined ? undefined : Number(pids) || 0, reader.keyLoc('pids_limit') ?? deploy);
}

function readRestartHealthAndLogging(reader: ServiceReader, spec: Builder): void {
  const restart = known(reader.string('restart'));
  spec.set('restartPolicy', restart === undefined ? undefined : parseRestart(restart), reader.keyLoc('restart'));
  const healthcheck = reader.child('healthcheck');
  if (healthcheck) {
    const test = healthcheck.node('test');
    if (healthcheck.boolean('disable') === true) spec.spec.healthcheck = ['NONE'];
    else if (test?.kind === 'seq') {
      spec.spec.healthcheck = test.items.map((item) => known(reader.text(item, 'healthcheck.test[]')) ?? '');
      test.items.forEach((item, index) => spec.at(['healthcheck', index], item.loc));
    } else if (test?.kind === 'scalar' && test.value !== null) {
      spec.spec.healthcheck = ['CMD-SHELL', String(test.value)];
      spec.at(['healthcheck', 1], test.loc);
    }
    spec.at(['healthcheck'], reader.keyLoc('healthcheck'));
  }
  spec.set('logDriver', known(reader.child('logging')?.string('driver')), reader.keyLoc('logging'));
}

/**
 * Maps one Compose service to a target; every spec path points at its key or
 * list item, and a setting the service does not give points at the service.
 */
export function serviceToTarget(name: string, service: Located, serviceKey: Loc, context: ServiceContext): ContainerTarget {
  if (service.kind !== 'map') throw new ComposeShapeError(service.loc, `services.${name}`, 'a mapping');
  const reader = new ServiceReader(service, `services.${name}`, context.variables, context.report);
  for (const [key, { key: loc }] of service.entries) {
    if (!isComposeKey(key)) {
      context.report(
        new InputError(
          { file: loc.file, line: loc.line, column: loc.column, key: `services.${name}.${key}` },
          'is not a key of a Compose service',
        ),
      );
    }
  }
  const builder = new SpecBuilder<Loc>((loc) => loc, serviceKey);
  readScalars(reader, builder, name, context);
  readLists(reader, builder);
  readPortsAndVolumes(reader, builder);
  readDevices(reader, builder);
  readEnvironment(reader, builder, serviceKey, context);
  readMappingsAndCommands(reader, builder);
  readResources(reader, builder);
  readRestartHealthAndLogging(reader, builder);
  const { spec, sourceMap } = builder.build();
  return {
    kind: 'container',
    id: `${serviceKey.file}#services.${name}`,
    name: spec.name ?? name,
    spec,
    source: { kind: COMPOSE_SOURCE, file: serviceKey.file, service: name },
    sourceMap,
  };
}
