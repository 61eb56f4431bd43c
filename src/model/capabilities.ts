import type { ContainerSpec } from './container-spec.js';

/**
 * Every Linux capability by bit number, as in the kernel's
 * include/uapi/linux/capability.h (CAP_LAST_CAP is CHECKPOINT_RESTORE, 40).
 * The index is the bit in /proc/<pid>/status CapEff.
 */
export const ALL_CAPABILITIES = [
  'CHOWN',
  'DAC_OVERRIDE',
  'DAC_READ_SEARCH',
  'FOWNER',
  'FSETID',
  'KILL',
  'SETGID',
  'SETUID',
  'SETPCAP',
  'LINUX_IMMUTABLE',
  'NET_BIND_SERVICE',
  'NET_BROADCAST',
  'NET_ADMIN',
  'NET_RAW',
  'IPC_LOCK',
  'IPC_OWNER',
  'SYS_MODULE',
  'SYS_RAWIO',
  'SYS_CHROOT',
  'SYS_PTRACE',
  'SYS_PACCT',
  'SYS_ADMIN',
  'SYS_BOOT',
  'SYS_NICE',
  'SYS_RESOURCE',
  'SYS_TIME',
  'SYS_TTY_CONFIG',
  'MKNOD',
  'LEASE',
  'AUDIT_WRITE',
  'AUDIT_CONTROL',
  'SETFCAP',
  'MAC_OVERRIDE',
  'MAC_ADMIN',
  'SYSLOG',
  'WAKE_ALARM',
  'BLOCK_SUSPEND',
  'AUDIT_READ',
  'PERFMON',
  'BPF',
  'CHECKPOINT_RESTORE',
] as const;

/**
 * The capabilities Docker grants a container that sets no --cap-add/--cap-drop:
 * moby's oci/caps/defaults.go (DefaultCapabilities), unchanged from Engine 20.10
 * to 28. A default container's CapEff is 0x00000000a80425fb, which decodes to these.
 */
export const DOCKER_DEFAULT_CAPABILITIES: readonly string[] = [
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'NET_RAW',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
];

/**
 * The capabilities Podman grants a container that adds and drops none: the
 * `default_capabilities` of containers.conf(5) as containers-common ships it
 * (pkg/config/containers.conf; unchanged from Podman 4.0 to 5.x, and Debian
 * 12's containers-common 0.50.1 for Podman 4.3 has the same list). Three of
 * Docker's set are left out: AUDIT_WRITE, MKNOD and NET_RAW. An administrator
 * can change the list, which is why a live Podman is asked what each
 * container holds rather than assumed to have these.
 */
export const PODMAN_DEFAULT_CAPABILITIES: readonly string[] = [
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
];

/** Upper case, without the `CAP_` prefix; Docker accepts both spellings in any case. */
export function normalizeCapability(name: string): string {
  const upper = name.trim().toUpperCase();
  return upper.startsWith('CAP_') ? upper.slice(4) : upper;
}

/**
 * The capability set Docker gives the container's root process, following
 * moby's TweakCapabilities (oci/caps/utils.go): privileged gets everything;
 * `--cap-add ALL` gets everything not dropped; `--cap-drop ALL` gets only what
 * is added; otherwise the runtime's defaults minus drops plus adds. An add wins over a
 * drop of the same capability.
 */
export function effectiveCapabilities(spec: ContainerSpec, defaults: readonly string[]): string[] {
  if (spec.privileged === true) return [...ALL_CAPABILITIES];
  // Most containers add nothing and drop nothing or everything: the runtime's set, or none, without sorting again.
  if (spec.capAdd === undefined || spec.capAdd.length === 0) {
    if (spec.capDrop === undefined || spec.capDrop.length === 0) return [...sortedDefaults(defaults)];
    if (spec.capDrop.length === 1 && normalizeCapability(spec.capDrop[0] ?? '') === 'ALL') return [];
  }
  const adds = (spec.capAdd ?? []).map(normalizeCapability);
  const drops = new Set((spec.capDrop ?? []).map(normalizeCapability));
  let result: Set<string>;
  if (adds.includes('ALL')) {
    result = new Set(ALL_CAPABILITIES.filter((cap) => !drops.has(cap)));
  } else if (drops.has('ALL')) {
    result = new Set(adds);
  } else {
    result = new Set(defaults.filter((cap) => !drops.has(cap)));
    for (const cap of adds) result.add(cap);
  }
  return sortCapabilities(result);
}

/** Each runtime's default set, in kernel bit order. */
const sortedByRuntime = new WeakMap<readonly string[], readonly string[]>();

function sortedDefaults(defaults: readonly string[]): readonly string[] {
  let sorted = sortedByRuntime.get(defaults);
  if (sorted === undefined) {
    sorted = sortCapabilities(defaults);
    sortedByRuntime.set(defaults, sorted);
  }
  return sorted;
}

const KERNEL_BIT = new Map<string, number>(ALL_CAPABILITIES.map((cap, bit) => [cap, bit]));

/** Kernel bit order, unknown names last in alphabetical order. */
export function sortCapabilities(caps: Iterable<string>): string[] {
  const order = (cap: string): number => KERNEL_BIT.get(cap) ?? ALL_CAPABILITIES.length;
  return [...new Set(caps)].sort((a, b) => order(a) - order(b) || a.localeCompare(b));
}

/** Decodes a hexadecimal capability mask as printed in /proc/<pid>/status. */
export function decodeCapabilityMask(hex: string): string[] {
  const mask = BigInt(`0x${hex.trim()}`);
  return ALL_CAPABILITIES.filter((_, bit) => (mask >> BigInt(bit)) & 1n);
}

/**
 * Capabilities that hand a container host-level power: kernel modules, raw
 * devices and I/O ports, other processes' memory, mounts and namespaces, the
 * system clock, reboot, BPF programs, LSM policy, the kernel log, and reading
 * any file by handle (the "shocker" escape uses DAC_READ_SEARCH).
 * See capabilities(7).
 */
export const DANGEROUS_CAPABILITIES: ReadonlySet<string> = new Set([
  'ALL',
  'SYS_ADMIN',
  'SYS_MODULE',
  'SYS_RAWIO',
  'SYS_PTRACE',
  'SYS_BOOT',
  'SYS_TIME',
  'DAC_READ_SEARCH',
  'NET_ADMIN',
  'BPF',
  'PERFMON',
  'MAC_ADMIN',
  'MAC_OVERRIDE',
  'SYSLOG',
]);
