import { availableParallelism, totalmem } from 'node:os';
import { isRecord } from '../../model/json-value.js';
import type { ContainerSpec, MountSpec } from '../../model/container-spec.js';
import { localVolumeHostPaths, type VolumeHostPath } from '../../model/local-volumes.js';
import { uidInPasswd, userPart } from '../../model/users.js';
import { SourceMap, type ContainerTarget, type SourceKind } from '../../model/target.js';
import { DOCKER_RUNTIME } from '../../model/runtime.js';
import { ENGINE_SOURCE } from '../engine/engine-source.js';
import { swarmServiceToTarget } from '../swarm/swarm-service-to-target.js';
import { inspectToTarget } from '../inspect/inspect-to-target.js';
import { DEFAULT_DEVICE_PERMISSIONS, parseKeyValue, parseVolume, parseVolumesFrom } from '../docker-grammar/index.js';
import {
  CREATE_REQUEST,
  EXEC_REQUEST,
  HOST_CONFIG,
  HOST_CONFIG_KEYS,
  PLUGIN_PRIVILEGES,
  PLUGIN_SETTINGS,
  SERVICE_SPEC,
  TOP_LEVEL_FILLS,
  UPDATE_REQUEST,
  VOLUME_CREATE,
} from './engine-api-types.js';
import { decodeGo, GoJsonError, parseGoJson, type GoType } from '../../model/go-json.js';
import { routeRequest, versionLessThan, type Route } from './route.js';

/** A container create request seen by the authorization plugin: the image's own settings are not in it. */
export const CREATE_REQUEST_SOURCE: SourceKind = {
  id: 'create-request',
  runtime: DOCKER_RUNTIME,
  imageDefaultsKnown: false,
  syntax: 'run',
};

/** The request the daemon sends to /AuthZPlugin.AuthZReq (moby pkg/authorization). */
export interface AuthzRequest {
  User?: string;
  RequestMethod?: string;
  RequestUri?: string;
  /** Base64; the daemon leaves it out for bodies of 1 MiB or more, chunked ones, and any not sent as JSON. */
  RequestBody?: string;
  RequestHeaders?: Record<string, string>;
}

/**
 * What a request means for the policy. `containers` are judged by the rules
 * like any container; `fields` limits the findings that count to the spec
 * fields the request sets (a plugin's privileges or a volume's options say
 * nothing about capabilities not dropped).
 */
export type InterpretedRequest =
  | {
      kind: 'containers';
      what: string;
      targets: ContainerTarget[];
      /** A container the engine has, judged as it is now (a start). */
      existing?: string;
      /** The spec fields whose findings count; absent, all of them. */
      fields?: readonly SpecField[];
      /** An update of a running container: what it lifts weakens something already deployed. */
      changesRunning?: true;
    }
  /**
   * `uid`: the user's uid where a name was looked up in the container.
   * `existing`: an exec session being started, judged as the engine has it now.
   */
  | { kind: 'exec'; container: string; privileged: boolean; user: string; uid?: string; command: string; existing?: string }
  | { kind: 'undecidable'; reason: string }
  | { kind: 'other' };

/** A field of the spec, or `observed` for what a target holds beyond its settings (an exec session). */
export type SpecField = keyof ContainerSpec | 'observed';

type Json = Record<string, unknown>;
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

/** The daemon forwards bodies under 1 MiB (moby pkg/authorization maxBodySize); a larger one is not from the daemon. */
export const MAX_BODY_BYTES = 1024 * 1024;

class Undecidable extends Error {}

/** The body decoded as dockerd decodes it into `type`; throws Undecidable when it cannot be read. */
function readBody(request: AuthzRequest, type: GoType): unknown {
  if (!request.RequestBody)
    throw new Undecidable(
      'the request has no body the plugin can see (the daemon leaves out bodies of 1 MiB or more, chunked ones and any not sent as JSON)',
    );
  if ((request.RequestBody.length * 3) / 4 > MAX_BODY_BYTES + 2)
    throw new Undecidable('the request body is larger than the 1 MiB the daemon forwards');
  try {
    return decodeGo(type, parseGoJson(Buffer.from(request.RequestBody, 'base64')));
  } catch (error) {
    if (error instanceof GoJsonError) throw new Undecidable(`the request body cannot be read as the daemon reads it: ${error.message}`);
    throw error;
  }
}

/**
 * What the plugin reads about objects a request names: from the engine it
 * guards, and from the host they both run on.
 */
export interface GuardedHost {
  /** A volume's driver and options (GET /volumes/{name}); undefined when there is no such volume. */
  volume(name: string): Promise<{ driver?: string; options?: Record<string, string> } | undefined>;
  /** The raw GET /containers/{name}/json body; undefined when there is no such container. */
  container(name: string): Promise<unknown>;
  /** A network's driver (GET /networks/{name or id}); undefined when there is no such network. */
  network(name: string): Promise<{ driver?: string } | undefined>;
  /** A host path with its symbolic links resolved, as the kernel follows them when dockerd mounts it. */
  hostPath(path: string): Promise<string>;
  /** A container's /etc/passwd; undefined when the container has none (or none the plugin can read as a file). */
  passwd(container: string): Promise<string | undefined>;
  /** The raw GET /exec/{id}/json body; undefined when the daemon has no such exec session. */
  exec(id: string): Promise<unknown>;
}

/**
 * The uid an exec runs as: a number as written, a name as the container's
 * /etc/passwd maps it (`svc:x:0:0` is root by another name); a name the
 * file does not have makes the exec fail.
 */
type ExecRequest = Extract<InterpretedRequest, { kind: 'exec' }>;

/**
 * An exec as it will run: a session being started as the engine has it
 * (GET /exec/{id}/json), and its user as the container's /etc/passwd maps it
 * now (the file can change between the exec's create and its start).
 */
export async function resolveExec(request: ExecRequest, host: GuardedHost): Promise<ExecRequest> {
  if (request.existing === undefined) return resolveExecUser(request, host);
  const session = await host.exec(request.existing);
  if (!isRecord(session)) return request;
  const process = isRecord(session['ProcessConfig']) ? session['ProcessConfig'] : {};
  return resolveExecUser(
    {
      kind: 'exec',
      container: typeof session['ContainerID'] === 'string' ? session['ContainerID'] : '',
      privileged: process['privileged'] === true,
      user: typeof process['user'] === 'string' ? process['user'] : '',
      command: typeof process['entrypoint'] === 'string' ? process['entrypoint'] : '',
    },
    host,
  );
}

async function resolveExecUser(request: ExecRequest, host: GuardedHost): Promise<ExecRequest> {
  const name = userPart(request.user);
  if (name === '' || name === 'root' || /^[+-]?[0-9]+$/.test(name)) return request;
  const passwd = await host.passwd(request.container);
  const uid = passwd === undefined ? undefined : uidInPasswd(passwd, name);
  return uid === undefined ? request : { ...request, uid };
}

/** Namespaces a container can share with another one (`--network container:web`). */
const SHAREABLE_NAMESPACES = ['networkMode', 'pidMode', 'ipcMode'] as const;
const CONTAINER_PREFIX = 'container:';
/** dockerd accepts a container's name with the leading slash it stores it with. */
const containerName = (reference: string) => reference.replace(/^\//, '');
/** Network modes that name no network object: anything else is a network's name or id. */
const NETWORK_MODES: ReadonlySet<string> = new Set(['', 'default', 'bridge', 'host', 'none', 'swarm']);

/** A container the engine has, from its inspect output. */
export function existingContainerTarget(raw: unknown): ContainerTarget {
  return inspectToTarget(raw, { kind: ENGINE_SOURCE, endpoint: 'the guarded engine' });
}

/** The host paths a local volume's options expose; a filesystem type the plugin does not know cannot be judged. */
function volumeHostPaths(driver: string | undefined, options: Readonly<Record<string, string>> | undefined): VolumeHostPath[] {
  const paths = localVolumeHostPaths(driver, options);
  if ('unknownType' in paths)
    throw new Undecidable(
      `a local volume of filesystem type ${JSON.stringify(paths.unknownType)} cannot be judged: ` +
        'the plugin does not know what of the host it shows',
    );
  return paths;
}

/** The mounts a volume's local-driver options make of one volume mount: bind mounts of the host paths they expose. */
function volumeMounts(mount: MountSpec, driver: string | undefined, options: Readonly<Record<string, string>> | undefined): MountSpec[] {
  const paths = volumeHostPaths(driver, options);
  return paths.length === 0
    ? [mount]
    : paths.map(({ path, readOnly }) => ({ ...mount, type: 'bind', source: path, readOnly: mount.readOnly || readOnly }));
}

/**
 * A mount as the host will see it: a bind's source with symbolic links
 * resolved (a link planted through another mount can point anywhere), a
 * named volume the engine has with options that expose host paths as those
 * binds (one that does not exist yet is created plain on first use).
 */
async function resolveMount(mount: MountSpec, host: GuardedHost): Promise<MountSpec[]> {
  let mounts = [mount];
  if (mount.type === 'volume' && mount.source) {
    const volume = await host.volume(mount.source);
    if (volume) mounts = volumeMounts(mount, volume.driver, volume.options);
  }
  return Promise.all(
    mounts.map(async (each) => {
      if (each.type !== 'bind' || !each.source) return each;
      const source = await host.hostPath(each.source);
      return source === each.source ? each : { ...each, source };
    }),
  );
}

/**
 * What a request gets from objects that already exist: the mounts of the
 * containers it takes volumes from, the host namespaces of a container whose
 * namespaces it joins, the host network named by its id, the host paths
 * behind named volumes and symbolic links. One read per object named; an
 * object that does not exist makes dockerd refuse the request (or, for a
 * volume, creates a plain one).
 */
export async function resolveOnHost(targets: readonly ContainerTarget[], host: GuardedHost): Promise<ContainerTarget[]> {
  return Promise.all(
    targets.map(async (original) => {
      const { spec, ...target } = original;
      const inherited = await Promise.all(
        (spec.volumesFrom ?? []).map(async (entry) => {
          const { container, readOnly } = parseVolumesFrom(entry);
          const raw = await host.container(containerName(container));
          const mounts = raw === undefined ? [] : (existingContainerTarget(raw).spec.mounts ?? []);
          return mounts.map((mount) => (readOnly ? { ...mount, readOnly: true } : mount));
        }),
      );
      const resolved: ContainerSpec = { ...spec };
      for (const key of SHAREABLE_NAMESPACES) {
        const mode = spec[key];
        if (!mode?.startsWith(CONTAINER_PREFIX)) continue;
        const raw = await host.container(containerName(mode.slice(CONTAINER_PREFIX.length)));
        if (raw !== undefined && existingContainerTarget(raw).spec[key] === 'host') resolved[key] = 'host';
      }
      const network = spec.networkMode;
      if (
        network !== undefined &&
        !NETWORK_MODES.has(network) &&
        !network.startsWith(CONTAINER_PREFIX) &&
        (await host.network(network))?.driver === 'host'
      )
        resolved.networkMode = 'host';
      const mounts = [...(spec.mounts ?? []), ...inherited.flat()];
      if (mounts.length > 0) {
        const resolvedMounts = (await Promise.all(mounts.map((mount) => resolveMount(mount, host)))).flat();
        const same =
          resolvedMounts.length === (spec.mounts ?? []).length && resolvedMounts.every((mount, index) => mount === spec.mounts?.[index]);
        if (!same) resolved.mounts = resolvedMounts;
      }
      // The same object when nothing changed, so the caller need not judge it again.
      const changed =
        SHAREABLE_NAMESPACES.some((key) => resolved[key] !== spec[key]) ||
        resolved.networkMode !== spec.networkMode ||
        resolved.mounts !== spec.mounts;
      return changed ? { ...target, spec: resolved } : original;
    }),
  );
}

/** The binds a volume defined inline in an API mount (`--mount type=volume,volume-opt=…`) makes of the host paths its options expose. */
function inlineVolumeBinds(mount: Json): MountSpec[] {
  const driver =
    isRecord(mount['VolumeOptions']) && isRecord(mount['VolumeOptions']['DriverConfig'])
      ? mount['VolumeOptions']['DriverConfig']
      : undefined;
  if (mount['Type'] !== 'volume' || !driver) return [];
  const volume: MountSpec = {
    type: 'volume',
    destination: typeof mount['Target'] === 'string' ? mount['Target'] : '',
    readOnly: mount['ReadOnly'] === true,
  };
  return volumeMounts(volume, driver['Name'] as string | undefined, driver['Options'] as Record<string, string> | undefined).filter(
    (each) => each.type === 'bind',
  );
}

/** The body of a create keeps its mounts in HostConfig.Binds and HostConfig.Mounts; inspect output lists them in Mounts. */
function mountsOfCreate(hostConfig: Json): Json[] {
  const fromBinds = strings(hostConfig['Binds']).map((bind) => {
    const mount = parseVolume(bind, true);
    if (!mount) throw new Undecidable(`HostConfig.Binds: ${JSON.stringify(bind)} is not a bind the plugin can read`);
    return {
      Type: mount.type,
      Source: mount.source ?? '',
      Destination: mount.destination,
      RW: !mount.readOnly,
      Propagation: mount.propagation ?? '',
    };
  });
  const fromMounts = (Array.isArray(hostConfig['Mounts']) ? hostConfig['Mounts'] : []).filter(isRecord).flatMap((mount): Json[] => {
    const bindOptions = isRecord(mount['BindOptions']) ? mount['BindOptions'] : {};
    const inline = inlineVolumeBinds(mount).map((bind) => ({
      Type: 'bind',
      Source: bind.source,
      Destination: bind.destination,
      RW: !bind.readOnly,
    }));
    return inline.length > 0
      ? inline
      : [
          {
            Type: mount['Type'],
            Source: mount['Source'] ?? '',
            Destination: mount['Target'],
            RW: mount['ReadOnly'] !== true,
            Propagation: bindOptions['Propagation'] ?? '',
          },
        ];
  });
  return [...fromBinds, ...fromMounts];
}

/**
 * The HostConfig dockerd 20.10 applies (runconfig getHostConfig): the
 * body's HostConfig with a few top-level fields filled in, or, without one,
 * the deprecated HostConfig fields at the top level.
 */
function legacyHostConfig(body: Json): Json {
  const topLevel = Object.fromEntries(HOST_CONFIG_KEYS.filter((key) => body[key] !== undefined).map((key) => [key, body[key]]));
  if (!isRecord(body['HostConfig'])) return topLevel;
  const hostConfig = { ...body['HostConfig'] };
  for (const key of TOP_LEVEL_FILLS) {
    if (!hostConfig[key] && topLevel[key]) hostConfig[key] = topLevel[key];
  }
  return hostConfig;
}

/**
 * A create that leaves NetworkMode to the default and names the host network
 * in NetworkingConfig.EndpointsConfig runs on the host network where the
 * daemon takes the endpoint's network as the container's (and is refused
 * where it does not): judged as host networking.
 */
function withEndpointNetwork(hostConfig: Json, endpoints: readonly string[]): Json {
  const mode = hostConfig['NetworkMode'];
  if (!endpoints.includes('host') || (mode !== undefined && mode !== '' && mode !== 'default')) return hostConfig;
  return { ...hostConfig, NetworkMode: 'host' };
}

function containerTarget(config: Json, hostConfig: Json, name: string): ContainerTarget {
  const raw = { Id: 'create-request', Name: `/${name}`, Config: config, HostConfig: hostConfig, Mounts: mountsOfCreate(hostConfig) };
  try {
    return inspectToTarget(raw, { kind: CREATE_REQUEST_SOURCE });
  } catch (error) {
    throw new Undecidable(`the container configuration is not valid: ${(error as Error).message}`);
  }
}

/**
 * A create as every daemon version reads it: dockerd 20.10 applies the
 * deprecated top-level HostConfig fields, later versions ignore them, so
 * where the two differ both readings are judged.
 */
function readCreate(request: AuthzRequest, route: Route): InterpretedRequest {
  const body = readBody(request, CREATE_REQUEST);
  if (!isRecord(body)) throw new Undecidable('the request body is not a container configuration');
  const name = route.query.get('name') ?? '';
  const config = Object.fromEntries(
    Object.entries(body).filter(([key]) => key !== 'HostConfig' && key !== 'NetworkingConfig' && !HOST_CONFIG_KEYS.includes(key)),
  );
  const endpoints =
    isRecord(body['NetworkingConfig']) && isRecord(body['NetworkingConfig']['EndpointsConfig'])
      ? Object.keys(body['NetworkingConfig']['EndpointsConfig'])
      : [];
  const current = withEndpointNetwork(isRecord(body['HostConfig']) ? body['HostConfig'] : {}, endpoints);
  const legacy = withEndpointNetwork(legacyHostConfig(body), endpoints);
  const readings = JSON.stringify(legacy) === JSON.stringify(current) ? [current] : [legacy, current];
  return { kind: 'containers', what: 'create', targets: readings.map((hostConfig) => containerTarget(config, hostConfig, name)) };
}

/** Before API 1.24 a start could carry a HostConfig, which replaces the one the container was created with. */
const START_BODY_REMOVED_IN = '1.24';

/**
 * A start mounts what the container was created with, as the host has it
 * now: a bind source can have become a symbolic link, a named volume can
 * have been created with bind options since. Its mounts are judged again.
 */
const existingContainer = (route: Route): InterpretedRequest => ({
  kind: 'containers',
  what: 'start',
  targets: [],
  existing: route.name ?? '',
  fields: ['mounts'],
});

function readStart(request: AuthzRequest, route: Route): InterpretedRequest {
  if (route.version === undefined || !versionLessThan(route.version, START_BODY_REMOVED_IN)) return existingContainer(route);
  if (!request.RequestBody) {
    // dockerd reads a body longer than 7 bytes, or a chunked one, which the plugin is not shown.
    const length = Number(request.RequestHeaders?.['Content-Length'] ?? Number.NaN);
    if (Number.isFinite(length) && length <= 7) return existingContainer(route);
    throw new Undecidable(`a start under API ${route.version} applies the HostConfig in its body, and the plugin is not shown it`);
  }
  const hostConfig = readBody(request, HOST_CONFIG);
  return { kind: 'containers', what: 'start', targets: [containerTarget({}, isRecord(hostConfig) ? hostConfig : {}, route.name ?? '')] };
}

function readExec(request: AuthzRequest, route: Route): InterpretedRequest {
  const body = readBody(request, EXEC_REQUEST);
  if (!isRecord(body)) throw new Undecidable('the request body is not an exec configuration');
  // Only the program, as the audit shows exec sessions: arguments are where people put
  // passwords (mysql -p…), and a command given as one string holds them all.
  const program = strings(body['Cmd'])[0]?.trim().split(/\s+/)[0] ?? '';
  return {
    kind: 'exec',
    container: route.name ?? '',
    privileged: body['Privileged'] === true,
    user: typeof body['User'] === 'string' ? body['User'] : '',
    command: program,
  };
}

/** The most PIDs Linux has (PID_MAX_LIMIT, include/linux/threads.h, 64-bit): a higher PID limit limits nothing. */
const PID_MAX_LIMIT = 4 * 1024 * 1024;
/** The default CFS period (100 ms): a quota of the period times the host's CPUs is all of them. */
const CFS_PERIOD_US = 100_000;

/** What a limit means against: the host the engine runs on. */
interface HostCapacity {
  memoryBytes: number;
  cpus: number;
}

let capacityOfThisHost: HostCapacity | undefined;
/** The host the plugin shares with dockerd, read once: asking the kernel costs more than judging most requests. */
function thisHost(): HostCapacity {
  return (capacityOfThisHost ??= { memoryBytes: totalmem(), cpus: availableParallelism() });
}

function readUpdate(request: AuthzRequest, route: Route, capacity: HostCapacity): InterpretedRequest {
  const body = readBody(request, UPDATE_REQUEST);
  if (!isRecord(body)) throw new Undecidable('the request body is not an update');
  // An absent field keeps the current value. A negative limit means none (for PIDs, zero too),
  // and so does one at least as large as the host: what it allows is all there is.
  const value = (key: string) => (typeof body[key] === 'number' ? body[key] : undefined);
  const lifted = (key: string, none: (limit: number) => boolean) => {
    const limit = value(key);
    return limit !== undefined && none(limit);
  };
  // A lifted limit is no limit: the spec says so, and only the lifted fields count.
  const spec: ContainerSpec = {};
  const fields: SpecField[] = [];
  const lift = (field: 'memory' | 'pidsLimit' | 'nanoCpus') => {
    spec[field] = 0;
    fields.push(field);
  };
  if (lifted('Memory', (limit) => limit < 0 || limit >= capacity.memoryBytes)) lift('memory');
  if (lifted('PidsLimit', (limit) => limit < 1 || limit > PID_MAX_LIMIT)) lift('pidsLimit');
  const period = value('CpuPeriod') || CFS_PERIOD_US;
  const cpuLifted =
    lifted('CpuQuota', (limit) => limit < 0 || limit >= period * capacity.cpus) ||
    lifted('NanoCpus', (limit) => limit >= capacity.cpus * 1e9);
  if (cpuLifted) lift('nanoCpus');
  return { kind: 'containers', what: 'update', targets: [specTarget(route.name ?? '', spec)], fields, changesRunning: true };
}

function readService(request: AuthzRequest, what: string): InterpretedRequest {
  const spec = readBody(request, SERVICE_SPEC);
  if (!isRecord(spec)) throw new Undecidable('the request body is not a service spec');
  const task = isRecord(spec['TaskTemplate']) ? spec['TaskTemplate'] : {};
  if (!isRecord(task['ContainerSpec']))
    throw new Undecidable('the service has no container spec the plugin can judge (a plugin or network attachment task)');
  const target = swarmServiceToTarget({ ID: 'service-request', Spec: spec }, 'request');
  if (!target) throw new Undecidable('the request body is not a service spec');
  const container = task['ContainerSpec'];
  const binds = (Array.isArray(container['Mounts']) ? container['Mounts'] : []).filter(isRecord).flatMap(inlineVolumeBinds);
  if (binds.length > 0) target.spec.mounts = [...(target.spec.mounts ?? []), ...binds];
  // A task on a network is a container on it: one target per network, each judged (the CLI names the host network by id).
  const networks = [
    ...(Array.isArray(task['Networks']) ? (task['Networks'] as unknown[]) : []),
    ...(Array.isArray(spec['Networks']) ? (spec['Networks'] as unknown[]) : []),
  ]
    .filter(isRecord)
    .map((network) => network['Target'])
    .filter((network): network is string => typeof network === 'string' && network !== '');
  const targets =
    networks.length === 0 ? [target] : networks.map((network) => ({ ...target, spec: { ...target.spec, networkMode: network } }));
  return { kind: 'containers', what, targets };
}

/** The spec fields a plugin's privileges, settings or a volume's options can set. */
const PRIVILEGE_FIELDS: readonly (keyof ContainerSpec)[] = [
  'mounts',
  'networkMode',
  'pidMode',
  'ipcMode',
  'devices',
  'deviceCgroupRules',
  'capAdd',
];

function bind(source: string, destination = source): MountSpec {
  return { type: 'bind', source, destination, readOnly: false };
}

/** An exec as a target: the container it runs in, holding the session as it will run, as watch sees sessions. */
export function execTarget(exec: ExecRequest): ContainerTarget {
  const session = {
    id: exec.existing ?? 'requested',
    privileged: exec.privileged,
    user: exec.user,
    ...(exec.uid !== undefined && { uid: exec.uid }),
    command: exec.command,
  };
  return { ...specTarget(exec.container, {}), observed: { execs: [session] } };
}

function specTarget(name: string, spec: ContainerSpec): ContainerTarget {
  return {
    kind: 'container',
    id: 'request',
    name,
    spec: { name, ...spec },
    source: { kind: CREATE_REQUEST_SOURCE },
    sourceMap: new SourceMap(),
  };
}

/**
 * What a plugin is granted (moby plugin computePrivileges): the host network,
 * host PID and IPC namespaces, host paths, devices and capabilities.
 */
function readPluginPrivileges(request: AuthzRequest, route: Route, what: string): InterpretedRequest {
  const privileges = readBody(request, PLUGIN_PRIVILEGES);
  const spec: ContainerSpec = {};
  for (const privilege of Array.isArray(privileges) ? privileges.filter(isRecord) : []) {
    const values = strings(privilege['Value']);
    switch (privilege['Name']) {
      case 'network':
        if (values.includes('host')) spec.networkMode = 'host';
        break;
      case 'host pid namespace':
        spec.pidMode = 'host';
        break;
      case 'host ipc namespace':
        spec.ipcMode = 'host';
        break;
      case 'mount':
        spec.mounts = [...(spec.mounts ?? []), ...values.map((path) => bind(path))];
        break;
      case 'device':
        spec.devices = [
          ...(spec.devices ?? []),
          ...values.map((path) => ({ pathOnHost: path, pathInContainer: path, permissions: DEFAULT_DEVICE_PERMISSIONS })),
        ];
        break;
      case 'allow-all-devices':
        spec.deviceCgroupRules = ['a *:* rwm'];
        break;
      case 'capabilities':
        spec.capAdd = [...(spec.capAdd ?? []), ...values];
        break;
    }
  }
  const name = route.query.get('name') ?? route.query.get('remote') ?? route.name ?? 'plugin';
  return { kind: 'containers', what, targets: [specTarget(name, spec)], fields: PRIVILEGE_FIELDS };
}

/** `docker plugin set NAME mount.source=/ dev.path=/dev/sda`: settable mount sources and device paths. */
function readPluginSettings(request: AuthzRequest, route: Route): InterpretedRequest {
  const settings = strings(readBody(request, PLUGIN_SETTINGS));
  const spec: ContainerSpec = {};
  for (const setting of settings) {
    const [key, value] = parseKeyValue(setting);
    if (key.endsWith('.source')) spec.mounts = [...(spec.mounts ?? []), bind(value, key)];
    if (key.endsWith('.path'))
      spec.devices = [...(spec.devices ?? []), { pathOnHost: value, pathInContainer: value, permissions: DEFAULT_DEVICE_PERMISSIONS }];
  }
  return { kind: 'containers', what: 'plugin-set', targets: [specTarget(route.name ?? 'plugin', spec)], fields: PRIVILEGE_FIELDS };
}

function readVolumeCreate(request: AuthzRequest): InterpretedRequest {
  const body = readBody(request, VOLUME_CREATE);
  if (!isRecord(body)) throw new Undecidable('the request body is not a volume configuration');
  const name = typeof body['Name'] === 'string' && body['Name'] !== '' ? body['Name'] : 'volume';
  const options = isRecord(body['DriverOpts']) ? (body['DriverOpts'] as Record<string, string>) : undefined;
  const paths = volumeHostPaths(typeof body['Driver'] === 'string' ? body['Driver'] : undefined, options);
  const spec: ContainerSpec =
    paths.length === 0 ? {} : { mounts: paths.map(({ path, readOnly }) => ({ ...bind(path, `volume ${name}`), readOnly })) };
  return { kind: 'containers', what: 'volume-create', targets: [specTarget(name, spec)], fields: ['mounts'] };
}

/** POST /build with the classic builder: its RUN steps run in a container on the network the query names. */
function readBuild(route: Route): InterpretedRequest {
  const network = route.query.get('networkmode') ?? '';
  return {
    kind: 'containers',
    what: 'build',
    targets: [specTarget('build', network === '' ? {} : { networkMode: network })],
    fields: ['networkMode'],
  };
}

/**
 * Reads what an Engine API request asks for, routed and decoded as dockerd
 * routes and decodes it. A request the plugin cannot read, or a write to an
 * endpoint it does not know, is `undecidable` (the caller denies it);
 * requests that change nothing that weakens isolation are `other`.
 */
export function interpretRequest(request: AuthzRequest, capacity: HostCapacity = thisHost()): InterpretedRequest {
  if (typeof request.RequestMethod !== 'string' || typeof request.RequestUri !== 'string')
    return { kind: 'undecidable', reason: 'the request names no method and path' };
  const routed = routeRequest(request.RequestMethod, request.RequestUri);
  if ('problem' in routed) return { kind: 'undecidable', reason: routed.problem };
  if ('unknown' in routed) return { kind: 'undecidable', reason: `${routed.unknown} is not an endpoint the plugin knows` };
  try {
    switch (routed.endpoint) {
      case 'container-create':
        return readCreate(request, routed);
      case 'container-start':
        return readStart(request, routed);
      case 'container-update':
        return readUpdate(request, routed, capacity);
      case 'exec-create':
        return readExec(request, routed);
      case 'exec-start':
        return { kind: 'exec', container: '', privileged: false, user: '', command: '', existing: routed.name ?? '' };
      case 'service-create':
        return readService(request, 'service-create');
      case 'service-update':
        return readService(request, 'service-update');
      case 'plugin-pull':
        return readPluginPrivileges(request, routed, 'plugin');
      case 'plugin-upgrade':
        return readPluginPrivileges(request, routed, 'plugin');
      case 'plugin-set':
        return readPluginSettings(request, routed);
      case 'plugin-create':
        return {
          kind: 'undecidable',
          reason: 'a plugin created from an archive cannot be judged: the daemon does not show the archive to authorization plugins',
        };
      case 'volume-create':
        return readVolumeCreate(request);
      case 'build':
        return readBuild(routed);
      case 'swarm-join':
        return { kind: 'undecidable', reason: 'joining a swarm lets its managers run tasks here, and those never reach the plugin' };
      case 'pass':
        return { kind: 'other' };
    }
  } catch (error) {
    if (error instanceof Undecidable) return { kind: 'undecidable', reason: error.message };
    throw error;
  }
}
