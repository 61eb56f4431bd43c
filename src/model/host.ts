/**
 * Security features of the daemon that runs the containers. `undefined` means
 * unknown (for example when auditing an inspect file): rules that depend on a
 * feature then stay silent rather than guess.
 */
export interface HostSecurity {
  appArmor?: boolean;
  selinux?: boolean;
  seccomp?: boolean;
  userns?: boolean;
  rootless?: boolean;
  /** The API sockets of the engine being audited, where they are known and not where engines put them by default. */
  engineSockets?: readonly string[];
}

/**
 * Reads `SecurityOptions` from GET /info. API 1.24 and later report entries like
 * `name=seccomp,profile=default`; older daemons reported bare names (`apparmor`).
 * A daemon that answers /info reports every feature it has, so absence means off.
 */
export function hostSecurityFromInfo(securityOptions: readonly string[] | undefined): HostSecurity {
  const names = new Set(
    (securityOptions ?? []).map((entry) => {
      const nameField = entry.split(',').find((part) => part.startsWith('name='));
      return (nameField ? nameField.slice('name='.length) : entry).trim().toLowerCase();
    }),
  );
  return {
    appArmor: names.has('apparmor'),
    selinux: names.has('selinux'),
    seccomp: names.has('seccomp'),
    userns: names.has('userns'),
    rootless: names.has('rootless'),
  };
}

/** What a live scan learns about the engine itself, for the engine-level rules. */
export interface EngineFacts {
  /** Docker's daemon or Podman's service: the engine-level rules say how to change each in its own terms. */
  product: 'docker' | 'podman';
  endpoint: { url: string; protocol?: 'http' | 'https' | 'ssh'; local: boolean };
  security: HostSecurity;
  /** Info.LiveRestoreEnabled */
  liveRestore?: boolean;
  /** Inter-container communication on the default bridge; undefined when there is no default bridge. */
  defaultBridgeIcc?: boolean;
  /**
   * Whether the local DOCKER-USER iptables chain drops traffic to the cloud
   * metadata address; undefined when the chain could not be read.
   */
  metadataFilter?: 'blocked' | 'open';
  /** Names of containers attached to bridge networks, which the DOCKER-USER chain filters. */
  bridgedContainers: string[];
}
