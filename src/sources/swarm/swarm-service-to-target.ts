import { compareEnv, sortWithOrigins, type ContainerSpec, type MountSpec, type MountType } from '../../model/container-spec.js';
import { SourceMap, type ContainerTarget, type SourceKind } from '../../model/target.js';
import { DOCKER_RUNTIME } from '../../model/runtime.js';

/** A Swarm service's task template: what the image sets is not in it. */
export const SWARM_SERVICE_SOURCE: SourceKind = { id: 'swarm-service', runtime: DOCKER_RUNTIME, imageDefaultsKnown: false };

type Json = Record<string, unknown>;

const object = (value: unknown): Json | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
const strings = (value: unknown): string[] | undefined =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined;
const number = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

/** Swarm restart conditions as the container restart policies they behave like. */
const RESTART: Record<string, string> = { any: 'always', 'on-failure': 'on-failure', none: 'no' };

/**
 * A Swarm service spec (GET /services) as a target: the task template's
 * container spec, resources, restart policy and published ports. Services
 * publish through the routing mesh on every node's every interface, and have
 * no privileged mode or host namespaces to report.
 */
export function swarmServiceToTarget(raw: unknown, endpoint: string): ContainerTarget | undefined {
  const service = object(raw);
  const id = service?.['ID'];
  const specNode = object(service?.['Spec']);
  const task = object(specNode?.['TaskTemplate']);
  const container = object(task?.['ContainerSpec']);
  if (typeof id !== 'string' || !specNode || !container) return undefined;
  const name = typeof specNode['Name'] === 'string' ? specNode['Name'] : id.slice(0, 12);
  const base = 'Spec.TaskTemplate.ContainerSpec';
  const sourceMap = new SourceMap();
  const at = (path: (string | number)[], field: string) => sourceMap.set(path, { field });
  const spec: ContainerSpec = { name, networkMode: 'swarm' };

  if (typeof container['Image'] === 'string') spec.image = container['Image'];
  at(['image'], `${base}.Image`);
  if (typeof container['User'] === 'string' && container['User'] !== '') spec.user = container['User'];
  at(['user'], `${base}.User`);
  const env = strings(container['Env']);
  if (env) {
    const variables = env.map((entry, index) => {
      const equals = entry.indexOf('=');
      return { item: equals === -1 ? { name: entry } : { name: entry.slice(0, equals), value: entry.slice(equals + 1) }, origin: index };
    });
    const sorted = sortWithOrigins(variables, compareEnv);
    spec.env = sorted.map(({ item }) => item);
    sorted.forEach(({ origin }, index) => at(['env', index], `${base}.Env[${origin}]`));
  }
  const labels = object(container['Labels']);
  if (labels) {
    spec.labels = Object.fromEntries(Object.entries(labels).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    for (const key of Object.keys(spec.labels)) at(['labels', key], `${base}.Labels["${key}"]`);
  }
  for (const [key, field] of [
    ['entrypoint', 'Command'],
    ['command', 'Args'],
    ['capAdd', 'CapabilityAdd'],
    ['capDrop', 'CapabilityDrop'],
  ] as const) {
    const values = strings(container[field]);
    if (!values) continue;
    spec[key] = values;
    values.forEach((_, index) => at([key, index], `${base}.${field}[${index}]`));
  }
  at(['capDrop'], `${base}.CapabilityDrop`);
  if (container['ReadOnly'] === true) spec.readonlyRootfs = true;
  at(['readonlyRootfs'], `${base}.ReadOnly`);
  const health = strings(object(container['HealthCheck'])?.['Test']);
  if (health) spec.healthcheck = health;

  // Privileges as the security options a container would carry.
  const privileges = object(container['Privileges']);
  const securityOpt: string[] = [];
  if (object(privileges?.['Seccomp'])?.['Mode'] === 'unconfined') securityOpt.push('seccomp=unconfined');
  if (object(privileges?.['AppArmor'])?.['Mode'] === 'disabled') securityOpt.push('apparmor=unconfined');
  if (object(privileges?.['SELinuxContext'])?.['Disable'] === true) securityOpt.push('label=disable');
  if (privileges?.['NoNewPrivileges'] === true) securityOpt.push('no-new-privileges=true');
  spec.securityOpt = securityOpt;
  at(['securityOpt'], `${base}.Privileges`);

  const mounts = Array.isArray(container['Mounts']) ? container['Mounts'].map(object).filter((mount) => mount !== undefined) : [];
  const binds: MountSpec[] = [];
  const tmpfs: { destination: string; options: string[] }[] = [];
  mounts.forEach((mount, index) => {
    const type = typeof mount['Type'] === 'string' ? mount['Type'] : 'volume';
    const target = typeof mount['Target'] === 'string' ? mount['Target'] : '';
    if (type === 'tmpfs') {
      tmpfs.push({ destination: target, options: [] });
      return;
    }
    const propagation = object(mount['BindOptions'])?.['Propagation'];
    at(['mounts', binds.length], `${base}.Mounts[${index}]`);
    binds.push({
      type: type as MountType,
      ...(typeof mount['Source'] === 'string' && { source: mount['Source'] }),
      destination: target,
      readOnly: mount['ReadOnly'] === true,
      ...(typeof propagation === 'string' && { propagation }),
    });
  });
  if (binds.length > 0) spec.mounts = binds;
  if (tmpfs.length > 0) spec.tmpfs = tmpfs;
  const sysctls = object(container['Sysctls']);
  if (sysctls) spec.sysctls = Object.fromEntries(Object.entries(sysctls).map(([key, value]) => [key, String(value)]));

  const limits = object(object(task?.['Resources'])?.['Limits']);
  const memory = number(limits?.['MemoryBytes']);
  const cpus = number(limits?.['NanoCPUs']);
  const pids = number(limits?.['Pids']);
  if (memory !== undefined) spec.memory = memory;
  if (cpus !== undefined) spec.nanoCpus = cpus;
  if (pids !== undefined) spec.pidsLimit = pids;
  at(['memory'], 'Spec.TaskTemplate.Resources.Limits');
  const restart = object(task?.['RestartPolicy']);
  if (typeof restart?.['Condition'] === 'string') {
    spec.restartPolicy = {
      name: RESTART[restart['Condition']] ?? restart['Condition'],
      maximumRetryCount: number(restart['MaxAttempts']) ?? 0,
    };
  }
  at(['restartPolicy'], 'Spec.TaskTemplate.RestartPolicy');

  const ports = Array.isArray(object(specNode['EndpointSpec'])?.['Ports'])
    ? (object(specNode['EndpointSpec'])?.['Ports'] as unknown[]).map(object)
    : [];
  spec.portBindings = ports.flatMap((port, index) => {
    if (!port || number(port['PublishedPort']) === undefined) return [];
    at(['portBindings', index], `Spec.EndpointSpec.Ports[${index}]`);
    // Ingress ports listen on every interface of every node; host-mode ports on every interface of the node.
    return [
      {
        containerPort: `${String(port['TargetPort'])}/${String(port['Protocol'] ?? 'tcp')}`,
        hostIp: '',
        hostPort: String(port['PublishedPort']),
      },
    ];
  });

  return { kind: 'service', id, name, spec, source: { kind: SWARM_SERVICE_SOURCE, endpoint }, sourceMap };
}
