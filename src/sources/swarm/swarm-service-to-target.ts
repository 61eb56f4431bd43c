import type { MountSpec, MountType } from '../../model/container-spec.js';
import type { ContainerTarget, SourceKind } from '../../model/target.js';
import { DOCKER_RUNTIME } from '../../model/runtime.js';
import { parseEnv, SWARM_RESTART_CONDITIONS } from '../docker-grammar/index.js';
import { SpecBuilder } from '../spec-builder.js';

/** A Swarm service's task template: what the image sets is not in it. */
export const SWARM_SERVICE_SOURCE: SourceKind = { id: 'swarm-service', runtime: DOCKER_RUNTIME, imageDefaultsKnown: false, syntax: 'run' };

type Json = Record<string, unknown>;
/** Origins are fields of the service spec (`Spec.TaskTemplate.ContainerSpec.Mounts[1]`). */
type Builder = SpecBuilder<string>;

const object = (value: unknown): Json | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
const strings = (value: unknown): string[] | undefined =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined;
const number = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
const objects = (value: unknown): (Json | undefined)[] => (Array.isArray(value) ? value.map(object) : []);

const CONTAINER_SPEC = 'Spec.TaskTemplate.ContainerSpec';

/** ContainerSpec lists (Engine API, ServiceSpec TaskTemplate.ContainerSpec), by the spec field they set. */
const CONTAINER_LISTS = [
  ['entrypoint', 'Command'],
  ['command', 'Args'],
  ['capAdd', 'CapabilityAdd'],
  ['capDrop', 'CapabilityDrop'],
] as const;

function readContainer(container: Json, spec: Builder): void {
  spec.set('image', typeof container['Image'] === 'string' ? container['Image'] : undefined, `${CONTAINER_SPEC}.Image`);
  const user = container['User'];
  spec.set('user', typeof user === 'string' && user !== '' ? user : undefined, `${CONTAINER_SPEC}.User`);
  const env = strings(container['Env']);
  if (env) spec.present('env');
  env?.forEach((entry, index) => spec.add('env', parseEnv(entry), `${CONTAINER_SPEC}.Env[${index}]`));
  const labels = object(container['Labels']);
  if (labels) {
    spec.spec.labels = Object.fromEntries(
      Object.entries(labels).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
    for (const key of Object.keys(spec.spec.labels)) spec.at(['labels', key], `${CONTAINER_SPEC}.Labels["${key}"]`);
  }
  for (const [key, field] of CONTAINER_LISTS) {
    const values = strings(container[field]);
    if (!values) continue;
    spec.spec[key] = values;
    values.forEach((_, index) => spec.at([key, index], `${CONTAINER_SPEC}.${field}[${index}]`));
  }
  spec.at(['capDrop'], `${CONTAINER_SPEC}.CapabilityDrop`);
  spec.set('readonlyRootfs', container['ReadOnly'] === true ? true : undefined, `${CONTAINER_SPEC}.ReadOnly`);
  const health = strings(object(container['HealthCheck'])?.['Test']);
  if (health) spec.spec.healthcheck = health;
  const sysctls = object(container['Sysctls']);
  if (sysctls) spec.spec.sysctls = Object.fromEntries(Object.entries(sysctls).map(([key, value]) => [key, String(value)]));
}

/** Privileges as the security options a container would carry. */
function readPrivileges(container: Json, spec: Builder): void {
  const privileges = object(container['Privileges']);
  const securityOpt: string[] = [];
  if (object(privileges?.['Seccomp'])?.['Mode'] === 'unconfined') securityOpt.push('seccomp=unconfined');
  if (object(privileges?.['AppArmor'])?.['Mode'] === 'disabled') securityOpt.push('apparmor=unconfined');
  if (object(privileges?.['SELinuxContext'])?.['Disable'] === true) securityOpt.push('label=disable');
  if (privileges?.['NoNewPrivileges'] === true) securityOpt.push('no-new-privileges=true');
  spec.set('securityOpt', securityOpt, `${CONTAINER_SPEC}.Privileges`);
}

/** Mounts in the one order every source uses, each located at its own index in the service spec. */
function readMounts(container: Json, spec: Builder): void {
  const tmpfs: { destination: string; options: string[] }[] = [];
  objects(container['Mounts']).forEach((mount, index) => {
    if (!mount) return;
    const type = typeof mount['Type'] === 'string' ? mount['Type'] : 'volume';
    const target = typeof mount['Target'] === 'string' ? mount['Target'] : '';
    if (type === 'tmpfs') {
      tmpfs.push({ destination: target, options: [] });
      return;
    }
    const propagation = object(mount['BindOptions'])?.['Propagation'];
    const item: MountSpec = {
      type: type as MountType,
      ...(typeof mount['Source'] === 'string' && { source: mount['Source'] }),
      destination: target,
      readOnly: mount['ReadOnly'] === true,
      ...(typeof propagation === 'string' && { propagation }),
    };
    spec.add('mounts', item, `${CONTAINER_SPEC}.Mounts[${index}]`);
  });
  if (tmpfs.length > 0) spec.spec.tmpfs = tmpfs;
}

function readTask(task: Json | undefined, spec: Builder): void {
  const limits = object(object(task?.['Resources'])?.['Limits']);
  const memory = number(limits?.['MemoryBytes']);
  const cpus = number(limits?.['NanoCPUs']);
  const pids = number(limits?.['Pids']);
  if (memory !== undefined) spec.spec.memory = memory;
  if (cpus !== undefined) spec.spec.nanoCpus = cpus;
  if (pids !== undefined) spec.spec.pidsLimit = pids;
  spec.at(['memory'], 'Spec.TaskTemplate.Resources.Limits');
  const restart = object(task?.['RestartPolicy']);
  const condition = restart?.['Condition'];
  const policy =
    typeof condition === 'string'
      ? { name: SWARM_RESTART_CONDITIONS[condition] ?? condition, maximumRetryCount: number(restart?.['MaxAttempts']) ?? 0 }
      : undefined;
  spec.set('restartPolicy', policy, 'Spec.TaskTemplate.RestartPolicy');
}

/**
 * Published ports, in the one order every source uses, each located at its
 * own index in EndpointSpec.Ports. Ingress ports listen on every interface of
 * every node; host-mode ports on every interface of the node.
 */
function readPorts(specNode: Json, spec: Builder): void {
  spec.present('portBindings');
  objects(object(specNode['EndpointSpec'])?.['Ports']).forEach((port, index) => {
    if (!port || number(port['PublishedPort']) === undefined) return;
    const binding = {
      containerPort: `${String(port['TargetPort'])}/${typeof port['Protocol'] === 'string' ? port['Protocol'] : 'tcp'}`,
      hostIp: '',
      hostPort: String(port['PublishedPort']),
    };
    spec.add('portBindings', binding, `Spec.EndpointSpec.Ports[${index}]`);
  });
}

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
  const builder = new SpecBuilder<string>((field) => ({ field }));
  builder.spec.name = name;
  builder.spec.networkMode = 'swarm';
  readContainer(container, builder);
  readPrivileges(container, builder);
  readMounts(container, builder);
  readTask(task, builder);
  readPorts(specNode, builder);
  const { spec, sourceMap } = builder.build();
  return { kind: 'service', id, name, spec, source: { kind: SWARM_SERVICE_SOURCE, endpoint }, sourceMap };
}
