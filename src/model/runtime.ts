import { DOCKER_DEFAULT_CAPABILITIES, PODMAN_DEFAULT_CAPABILITIES } from './capabilities.js';
import type { ContainerSpec } from './container-spec.js';

/**
 * What a container runtime gives a container that does not say otherwise.
 * Rules read these instead of assuming Docker's, so a source for another
 * runtime (Podman, Kubernetes) brings its own.
 */
export interface RuntimeDefaults {
  /** The runtime by name, as findings and explanations name it. */
  readonly name: 'docker' | 'podman' | 'kubernetes';
  /** What the root process holds when the container adds and drops no capability. */
  readonly capabilities: readonly string[];
  /** How findings name that set: "Docker's default set". */
  readonly capabilitiesName: string;
  /**
   * True where the Pod Security Standards judge a container's settings
   * (Kubernetes' admission): the levels' own conditions then apply beside
   * the runtime's, such as the capabilities a pod may add.
   */
  readonly podSecurity: boolean;
  /** False for Windows containers, which Linux's capabilities, seccomp, no_new_privs and security modules do not confine. */
  readonly linux: boolean;
  /** True when a container that names no seccomp profile is filtered by the runtime's default one. */
  readonly defaultSeccompProfile: boolean;
  /** The network mode of a container that names none. */
  readonly networkWhenUnset: string;
}

/**
 * Docker Engine 20.10 to 28: moby's oci/caps/defaults.go for the capabilities,
 * the default seccomp profile on every Linux build, and the default bridge
 * (`docker run` without --network; the daemon reports it as `default` or `bridge`).
 */
export const DOCKER_RUNTIME: RuntimeDefaults = {
  name: 'docker',
  capabilities: DOCKER_DEFAULT_CAPABILITIES,
  capabilitiesName: "Docker's default set",
  podSecurity: false,
  linux: true,
  defaultSeccompProfile: true,
  networkWhenUnset: 'bridge',
};

/**
 * Podman 4 and 5 as containers.conf ships: its own default capabilities (see
 * PODMAN_DEFAULT_CAPABILITIES), the default seccomp profile
 * (/usr/share/containers/seccomp.json), and for a rootful container the
 * `podman` bridge network, which the API reports as `bridge` as Docker's is.
 */
export const PODMAN_RUNTIME: RuntimeDefaults = {
  name: 'podman',
  capabilities: PODMAN_DEFAULT_CAPABILITIES,
  capabilitiesName: "Podman's default set (containers.conf default_capabilities)",
  podSecurity: false,
  linux: true,
  defaultSeccompProfile: true,
  networkWhenUnset: 'bridge',
};

/**
 * A pod's container under the kubelet, as a manifest leaves it: the runtime's
 * default capabilities are containerd's (pkg/oci/spec.go defaultUnixCaps,
 * the same fourteen as Docker's, NET_RAW among them; CRI-O's default set
 * leaves NET_RAW, MKNOD, AUDIT_WRITE and SYS_CHROOT out, but a manifest does
 * not say which runtime a node runs, so the larger set is assumed); seccomp
 * is Unconfined unless the pod or container sets a profile (the kubelet's
 * --seccomp-default is off unless a node turns it on); the pod network is no
 * bridge that other pods' rules apply to.
 */
export const KUBERNETES_RUNTIME: RuntimeDefaults = {
  name: 'kubernetes',
  capabilities: DOCKER_DEFAULT_CAPABILITIES,
  capabilitiesName: "the container runtime's default set (containerd's)",
  podSecurity: true,
  linux: true,
  defaultSeccompProfile: false,
  networkWhenUnset: 'pod',
};

/** A pod with `os.name: windows`: its containers hold no Linux capabilities, and Pod Security exempts the Linux-only controls. */
export const KUBERNETES_WINDOWS_RUNTIME: RuntimeDefaults = { ...KUBERNETES_RUNTIME, capabilities: [], linux: false };

/** Whether the container is on the runtime's default bridge, by its own network mode or the one it gets by default. */
export function onDefaultBridge(spec: ContainerSpec, runtime: RuntimeDefaults): boolean {
  const mode = spec.networkMode ?? runtime.networkWhenUnset;
  return mode === 'default' || mode === 'bridge';
}
