import type { MountSpec } from '../../model/container-spec.js';
import { SERVICE_ACCOUNT_TOKEN_PATH } from '../../model/host-paths.js';
import { KUBERNETES_RUNTIME, KUBERNETES_WINDOWS_RUNTIME } from '../../model/runtime.js';
import type { ContainerTarget, SourceKind } from '../../model/target.js';
import type { Loc } from '../../yaml/located-yaml.js';
import { SpecBuilder } from '../spec-builder.js';
import type { PodTemplate } from './manifest-objects.js';
import type { ManifestReader, Value } from './manifest-reader.js';
import { parseQuantity } from './quantity.js';

/** A pod's container says what it sets itself; its image's USER and HEALTHCHECK are unknown here (and the kubelet ignores the latter). */
export const KUBERNETES_SOURCE: SourceKind = {
  id: 'kubernetes',
  runtime: KUBERNETES_RUNTIME,
  imageDefaultsKnown: false,
  syntax: 'kubernetes',
};

/** The containers of a pod with `os.name: windows`. */
const KUBERNETES_WINDOWS_SOURCE: SourceKind = { ...KUBERNETES_SOURCE, runtime: KUBERNETES_WINDOWS_RUNTIME };

/** The container lists of a PodSpec, and how a target names the kind of container it is. */
const CONTAINER_LISTS = [
  { key: 'containers', role: 'container' },
  { key: 'initContainers', role: 'init container' },
  { key: 'ephemeralContainers', role: 'ephemeral container' },
] as const;

/** What the manifests around a pod say about it: whether its account mounts a token, whether policy lets it reach the metadata address. */
export interface PodContext {
  /** The account's `automountServiceAccountToken`, when the manifests hold the account. */
  accountMountsToken(namespace: string | undefined, account: string): boolean | undefined;
  /** Undefined when no NetworkPolicy of the pod's namespace is among the manifests. */
  metadataEgress(namespace: string | undefined, labels: ReadonlyMap<string, string>): 'allowed' | 'blocked' | undefined;
}

/** Bidirectional is rshared, HostToContainer rslave (the kubelet's mount propagation, pkg/kubelet/kubelet_pods.go). */
const PROPAGATION: Readonly<Record<string, string>> = { Bidirectional: 'rshared', HostToContainer: 'rslave', None: 'rprivate' };

/**
 * The AppArmor annotation the field replaced in 1.30, which the kubelet and
 * the admission still read. The seccomp annotations are not read: the
 * kubelet stopped applying them in 1.27, and the admission has judged the
 * field alone since policy v1.19.
 */
const APPARMOR_CONTAINER_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';

/** hostPath types that are device nodes (core/v1 HostPathType). */
const DEVICE_TYPES: ReadonlySet<string> = new Set(['CharDevice', 'BlockDevice']);

/** kubectl stores the whole applied object in this annotation: its values are the manifest's own, reported where they are written. */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

interface Volume {
  hostPath?: { path: Value<string>; type?: string };
  /** The volume source's key: `configMap`, `emptyDir`, `nfs`, … */
  driver?: string;
}

/** A pod's volumes by name: hostPath with its path, any other by its source's kind. */
function podVolumes(spec: ManifestReader): Map<string, Volume> {
  const volumes = new Map<string, Volume>();
  for (const volume of spec.objects('volumes')) {
    const name = volume.string('name')?.value;
    if (name === undefined) continue;
    const hostPath = volume.child('hostPath');
    const path = hostPath?.string('path');
    const type = hostPath?.string('type')?.value;
    const driver = [...volume.node.entries.keys()].find((key) => key !== 'name');
    volumes.set(name, {
      ...(path && { hostPath: { path, ...(type !== undefined && { type }) } }),
      ...(driver !== undefined && { driver }),
    });
  }
  return volumes;
}

/** A profile in the fields' form: `{type: RuntimeDefault}`, `{type: Localhost, localhostProfile: x}`. */
function profileOption(key: 'seccomp' | 'apparmor', profile: ManifestReader | undefined): Value<string> | undefined {
  const type = profile?.string('type');
  if (!profile || !type) return undefined;
  const value =
    type.value === 'Unconfined'
      ? 'unconfined'
      : type.value === 'Localhost'
        ? `localhost/${profile.string('localhostProfile')?.value ?? ''}`
        : type.value === 'RuntimeDefault'
          ? 'runtime/default'
          : type.value;
  return { value: `${key}=${value}`, loc: type.loc };
}

/** A profile in the annotation's form: `unconfined`, `runtime/default`, `localhost/<profile>`. */
function annotationOption(annotation: Value<string> | undefined): Value<string> | undefined {
  return annotation && { value: `apparmor=${annotation.value}`, loc: annotation.loc };
}

/** The first of the settings that is given: a container's own wins over its pod's, a field over an annotation. */
function first<T>(...candidates: (T | undefined)[]): T | undefined {
  return candidates.find((candidate) => candidate !== undefined);
}

/** What every container of a pod shares, read once per pod so that a wrong type there is one problem, not one per container. */
interface PodSettings {
  namespaces: { field: 'networkMode' | 'pidMode' | 'ipcMode'; setting: Value<boolean> | undefined }[];
  hostUsers?: Value<boolean>;
  security?: ManifestReader;
  user: { user: Value<number> | undefined; group: Value<number> | undefined; nonRoot: Value<boolean> | undefined };
  seccomp?: Value<string>;
  appArmor?: Value<string>;
  hostProcess?: Value<boolean>;
  sysctls: ManifestReader[];
  annotations: Map<string, Value<string>>;
  /** The labels and annotations every container's spec carries, with their places. */
  labelled: { labels: Record<string, string>; places: [string, Loc][] } | undefined;
  volumes: Map<string, Volume>;
  account: { name: string; loc?: Loc };
  /** Where the kubelet's token mount points when it is asked for explicitly; undefined when it mounts none. */
  token?: { loc?: Loc };
  metadataEgress?: 'allowed' | 'blocked';
  windows: boolean;
}

function labelledOf(entries: [string, Value<string>][]): PodSettings['labelled'] {
  if (entries.length === 0) return undefined;
  return {
    labels: Object.fromEntries(entries.map(([key, { value }]) => [key, value])),
    places: entries.map(([key, { loc }]) => [key, loc]),
  };
}

function readPod(pod: PodTemplate, context: PodContext): PodSettings {
  const { object, spec } = pod;
  const security = spec.child('securityContext');
  const labels = pod.metadata?.stringMap('labels') ?? new Map<string, Value<string>>();
  const accountName = first(spec.string('serviceAccountName'), spec.string('serviceAccount'));
  const account = accountName?.value ?? 'default';
  const automount = spec.boolean('automountServiceAccountToken');
  const mountsToken = automount?.value ?? context.accountMountsToken(object.namespace, account) ?? true;
  const metadataEgress = context.metadataEgress(object.namespace, new Map([...labels].map(([key, { value }]) => [key, value])));
  const hostUsers = spec.boolean('hostUsers');
  const annotations = new Map([
    ...(object.reader.child('metadata')?.stringMap('annotations') ?? []),
    ...(pod.metadata?.stringMap('annotations') ?? []),
  ]);
  const seccomp = profileOption('seccomp', security?.child('seccompProfile'));
  const appArmor = profileOption('apparmor', security?.child('appArmorProfile'));
  const hostProcess = security?.child('windowsOptions')?.boolean('hostProcess');
  return {
    namespaces: (
      [
        ['hostNetwork', 'networkMode'],
        ['hostPID', 'pidMode'],
        ['hostIPC', 'ipcMode'],
      ] as const
    ).map(([key, field]) => ({ field, setting: spec.boolean(key) })),
    ...(hostUsers && { hostUsers }),
    ...(security && { security }),
    user: { user: security?.integer('runAsUser'), group: security?.integer('runAsGroup'), nonRoot: security?.boolean('runAsNonRoot') },
    ...(seccomp && { seccomp }),
    ...(appArmor && { appArmor }),
    ...(hostProcess && { hostProcess }),
    sysctls: security?.objects('sysctls') ?? [],
    annotations,
    labelled: labelledOf([...labels, ...[...annotations].filter(([annotation]) => annotation !== LAST_APPLIED)]),
    volumes: podVolumes(spec),
    account: { name: account, ...(accountName && { loc: accountName.loc }) },
    ...(mountsToken && { token: { ...(automount && { loc: automount.loc }) } }),
    ...(metadataEgress && { metadataEgress }),
    windows: spec.child('os')?.string('name')?.value === 'windows',
  };
}

/** The host namespaces, privileges, capabilities, user and security options, a container's own over its pod's. */
function readSecurity(builder: SpecBuilder<Loc>, container: ManifestReader, name: string, pod: PodSettings): void {
  const security = container.child('securityContext');
  for (const { field, setting } of pod.namespaces) if (setting?.value === true) builder.set(field, 'host', setting.loc);
  if (pod.hostUsers?.value === false) builder.set('usernsMode', 'private', pod.hostUsers.loc);

  // A Windows HostProcess container runs on the node as a node process: privileged, in Windows' terms.
  const hostProcess = first(security?.child('windowsOptions')?.boolean('hostProcess'), pod.hostProcess);
  const privileged = first(security?.boolean('privileged'), hostProcess?.value === true ? hostProcess : undefined);
  builder.set('privileged', privileged?.value, privileged?.loc);
  const capabilities = security?.child('capabilities');
  for (const [list, field] of [
    ['add', 'capAdd'],
    ['drop', 'capDrop'],
  ] as const) {
    if (capabilities?.has(list)) builder.set(field, [], capabilities.keyLoc(list));
    for (const capability of capabilities?.strings(list) ?? []) builder.push(field, capability.value, capability.loc);
  }
  const readOnly = security?.boolean('readOnlyRootFilesystem');
  builder.set('readonlyRootfs', readOnly?.value, readOnly?.loc);

  const user = first(security?.integer('runAsUser'), pod.user.user);
  const group = first(security?.integer('runAsGroup'), pod.user.group);
  if (user) builder.set('user', group ? `${user.value}:${group.value}` : String(user.value), user.loc);
  const nonRoot = first(security?.boolean('runAsNonRoot'), pod.user.nonRoot);
  builder.set('runAsNonRoot', nonRoot?.value, nonRoot?.loc);

  const selinux = security?.child('seLinuxOptions');
  const podSelinux = pod.security?.child('seLinuxOptions');
  const options = [
    first(profileOption('seccomp', security?.child('seccompProfile')), pod.seccomp),
    first(
      profileOption('apparmor', security?.child('appArmorProfile')),
      annotationOption(pod.annotations.get(`${APPARMOR_CONTAINER_ANNOTATION}${name}`)),
      pod.appArmor,
    ),
    ...['user', 'role', 'type', 'level'].map((part) => {
      const value = first(selinux?.string(part), podSelinux?.string(part));
      return value && { value: `label=${part}:${value.value}`, loc: value.loc };
    }),
  ];
  const escalation = security?.boolean('allowPrivilegeEscalation');
  if (escalation?.value === false) options.push({ value: 'no-new-privileges=true', loc: escalation.loc });
  const present = options.filter((option) => option !== undefined);
  if (present.length > 0) for (const option of present) builder.push('securityOpt', option.value, option.loc);
  else builder.at(['securityOpt'], container.keyLoc('securityContext'));

  const procMount = security?.string('procMount');
  if (procMount?.value === 'Unmasked') {
    builder.set('maskedPaths', [], procMount.loc);
    builder.set('readonlyPaths', [], procMount.loc);
  }
  for (const sysctl of pod.sysctls) {
    const sysctlName = sysctl.string('name');
    if (!sysctlName) continue;
    builder.spec.sysctls = { ...builder.spec.sysctls, [sysctlName.value]: sysctl.string('value')?.value ?? '' };
    builder.at(['sysctls', sysctlName.value], sysctlName.loc);
  }
}

/** Ports on the node (a hostPort other than 0), and the environment, whose valueFrom reads a Secret, a ConfigMap or a field at start. */
function readPortsAndEnvironment(builder: SpecBuilder<Loc>, container: ManifestReader): void {
  for (const port of container.objects('ports')) {
    const hostPort = port.integer('hostPort');
    if (!hostPort || hostPort.value === 0) continue;
    const containerPort = port.integer('containerPort');
    const protocol = port.string('protocol')?.value ?? 'TCP';
    const hostIp = port.string('hostIP');
    builder.add(
      'portBindings',
      {
        containerPort: `${containerPort?.value ?? hostPort.value}/${protocol.toLowerCase()}`,
        hostIp: hostIp?.value ?? '',
        hostPort: String(hostPort.value),
      },
      hostPort.loc,
      hostIp ? [['hostIp', hostIp.loc]] : undefined,
    );
  }
  for (const variable of container.objects('env')) {
    const variableName = variable.string('name');
    if (!variableName) continue;
    const value = variable.has('valueFrom') ? undefined : variable.string('value');
    builder.add('env', { name: variableName.value, ...(value && { value: value.value }) }, value?.loc ?? variableName.loc);
  }
  if (container.has('env')) builder.present('env');
}

/** The container's volume mounts joined to the pod's volumes, and the service account token the kubelet adds. */
function readMounts(builder: SpecBuilder<Loc>, container: ManifestReader, pod: PodSettings, fallback: Loc): void {
  let tokenMounted = false;
  for (const mount of container.objects('volumeMounts')) {
    const volumeName = mount.string('name');
    const mountPath = mount.string('mountPath');
    if (!volumeName || !mountPath) continue;
    if (mountPath.value.replace(/\/+$/, '') === SERVICE_ACCOUNT_TOKEN_PATH) tokenMounted = true;
    const volume = pod.volumes.get(volumeName.value);
    const readOnly = mount.boolean('readOnly');
    const propagation = mount.string('mountPropagation');
    const subPath = mount.string('subPath')?.value;
    const hostPath = volume?.hostPath;
    if (hostPath && DEVICE_TYPES.has(hostPath.type ?? '')) {
      // A device node of the node, as --device gives one: the container reads and writes the device itself.
      const permissions = readOnly?.value === true ? 'r' : 'rw';
      builder.push('devices', { pathOnHost: hostPath.path.value, pathInContainer: mountPath.value, permissions }, hostPath.path.loc);
      continue;
    }
    const parts: [string, Loc][] = [];
    if (propagation) parts.push(['propagation', propagation.loc]);
    if (readOnly) parts.push(['readOnly', readOnly.loc]);
    if (hostPath) parts.push(['source', hostPath.path.loc]);
    const item: MountSpec = hostPath
      ? {
          type: 'bind',
          source: subPath ? `${hostPath.path.value.replace(/\/+$/, '')}/${subPath}` : hostPath.path.value,
          destination: mountPath.value,
          readOnly: readOnly?.value ?? false,
        }
      : {
          type: 'volume',
          source: volumeName.value,
          destination: mountPath.value,
          readOnly: readOnly?.value ?? false,
          ...(volume?.driver !== undefined && { driver: volume.driver }),
        };
    const mapped = propagation && PROPAGATION[propagation.value];
    if (mapped) item.propagation = mapped;
    builder.add('mounts', item, mountPath.loc, parts);
  }
  builder.set('serviceAccount', pod.account.name, pod.account.loc);
  if (pod.token && !tokenMounted) {
    builder.add(
      'mounts',
      { type: 'volume', source: 'kube-api-access', destination: SERVICE_ACCOUNT_TOKEN_PATH, readOnly: true, driver: 'projected' },
      pod.token.loc ?? fallback,
    );
  }
}

/** Probe and hook hosts, resources, the command and arguments, labels and annotations. */
function readRest(builder: SpecBuilder<Loc>, container: ManifestReader, pod: PodSettings): void {
  // The kubelet sends a probe or hook to `host` from the node, rather than to the pod.
  const lifecycle = container.child('lifecycle');
  const handlers = [
    ...['livenessProbe', 'readinessProbe', 'startupProbe'].map((probe) => container.child(probe)),
    ...['postStart', 'preStop'].map((hook) => lifecycle?.child(hook)),
  ];
  for (const handler of handlers) {
    for (const action of ['httpGet', 'tcpSocket']) {
      const host = handler?.child(action)?.string('host');
      if (host && host.value !== '') builder.push('probeHosts', host.value, host.loc);
    }
  }

  const resources = container.child('resources');
  const limits = resources?.child('limits');
  const memory = limits?.scalar('memory');
  builder.set('memory', memory && parseQuantity(memory.value), memory?.loc);
  const cpu = limits?.scalar('cpu');
  const cpuLimit = cpu && parseQuantity(cpu.value);
  builder.set('nanoCpus', cpuLimit === undefined ? undefined : Math.round(cpuLimit * 1e9), cpu?.loc);
  // The kubelet turns a CPU request into the container's cgroup weight: 1024 shares per CPU.
  const cpuRequest = resources?.child('requests')?.scalar('cpu');
  const requested = cpuRequest && parseQuantity(cpuRequest.value);
  builder.set('cpuShares', requested === undefined ? undefined : Math.max(2, Math.round(requested * 1024)), cpuRequest?.loc);

  // command replaces the image's ENTRYPOINT and args its CMD.
  for (const [key, field] of [
    ['command', 'entrypoint'],
    ['args', 'command'],
  ] as const) {
    const words = container.strings(key);
    if (words.length === 0) continue;
    builder.set(
      field,
      words.map(({ value }) => value),
      words[0]?.loc,
    );
    words.forEach(({ loc }, index) => builder.at([field, index], loc));
  }

  if (pod.labelled) {
    builder.set('labels', pod.labelled.labels, pod.labelled.places[0]?.[1]);
    for (const [label, loc] of pod.labelled.places) builder.at(['labels', label], loc);
  }
  if (pod.metadataEgress !== undefined) builder.set('metadataEgress', pod.metadataEgress, undefined);
}

/**
 * The targets of one pod template: each of its containers, init and
 * ephemeral containers, with Kubernetes' precedence (a container's
 * securityContext over its pod's) and its defaults (see KUBERNETES_RUNTIME).
 */
export function podToTargets(pod: PodTemplate, context: PodContext): ContainerTarget[] {
  const { object, spec } = pod;
  const { file, template } = object.origin;
  const settings = readPod(pod, context);
  const workload = `${object.namespace === undefined ? '' : `${object.namespace}/`}${object.kind}/${object.name}`;
  const kind = settings.windows ? KUBERNETES_WINDOWS_SOURCE : KUBERNETES_SOURCE;
  return CONTAINER_LISTS.flatMap(({ key, role }) =>
    spec.objects(key).map((container): ContainerTarget => {
      const name = container.string('name');
      const containerName = name?.value ?? '<unnamed>';
      const at = name?.loc ?? container.node.loc;
      const builder = new SpecBuilder<Loc>((loc) => loc, at);
      builder.set('name', containerName, name?.loc);
      const image = container.string('image');
      builder.set('image', image?.value, image?.loc);
      readSecurity(builder, container, containerName, settings);
      readPortsAndEnvironment(builder, container);
      readMounts(builder, container, settings, at);
      readRest(builder, container, settings);
      const { spec: containerSpec, sourceMap } = builder.build();
      return {
        kind: 'container',
        id: `${file}#${workload}/${containerName}`,
        name: `${workload}/${containerName}${role === 'container' ? '' : ` (${role})`}`,
        spec: containerSpec,
        source: { kind, file, ...(template !== undefined && { template }) },
        sourceMap,
      };
    }),
  );
}
