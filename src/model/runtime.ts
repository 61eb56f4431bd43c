import { DOCKER_DEFAULT_CAPABILITIES } from './capabilities.js';
import type { ContainerSpec } from './container-spec.js';

/**
 * What a container runtime gives a container that does not say otherwise.
 * Rules read these instead of assuming Docker's, so a source for another
 * runtime (Podman, Kubernetes) brings its own.
 */
export interface RuntimeDefaults {
  /** The runtime by name, as findings and explanations name it. */
  readonly name: 'docker';
  /** What the root process holds when the container adds and drops no capability. */
  readonly capabilities: readonly string[];
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
  defaultSeccompProfile: true,
  networkWhenUnset: 'bridge',
};

/** Whether the container is on the runtime's default bridge, by its own network mode or the one it gets by default. */
export function onDefaultBridge(spec: ContainerSpec, runtime: RuntimeDefaults): boolean {
  const mode = spec.networkMode ?? runtime.networkWhenUnset;
  return mode === 'default' || mode === 'bridge';
}
