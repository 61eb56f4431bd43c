import { defineRule } from '../define-rule.js';

/**
 * Namespaced sysctls that cannot affect other containers or the host: the
 * Kubernetes "safe" set (Pod Security Standards baseline, Kubernetes 1.29).
 */
export const SAFE_SYSCTLS: ReadonlySet<string> = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);

export const unsafeSysctl = defineRule({
  id: 'unsafe-sysctl',
  severity: 'high',
  title: 'Kernel parameter outside the safe set is changed',
  rationale:
    'Some kernel parameters are namespaced and harmless, others change behaviour for the whole host or weaken ' +
    'isolation between containers (IP forwarding, routing, message queue limits, kernel.* settings). Only the ' +
    'known-safe set should be set per container.',
  attack:
    'A container that enables net.ipv4.ip_forward or changes routing-related sysctls can turn itself into a router ' +
    'between networks that were meant to be separate, or relax protections such as rp_filter for spoofed traffic.',
  remediation: 'Remove the sysctl, or set it on the host if the whole host really needs it.',
  fix: { run: 'remove --sysctl <name>=<value>', compose: 'remove the entry from `sysctls:`' },
  verify: "docker inspect -f '{{json .HostConfig.Sysctls}}' <container>",
  references: [
    'https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/',
    'https://docs.docker.com/reference/cli/docker/container/run/#sysctl',
  ],
  profiles: ['recommended', 'baseline', 'restricted'],
  // Each fix changes what the service can do: the user weighs it.
  remedy: { kind: 'decide' },
  messages: { unsafe: 'sets kernel parameter {{name}}, which is outside the safe set' },
  check(spec) {
    return Object.keys(spec.sysctls ?? {})
      .filter((name) => !SAFE_SYSCTLS.has(name))
      .map((name) => ({ messageId: 'unsafe' as const, path: ['sysctls', name], data: { name } }));
  },
});
