import type { ContainerSpec } from '../../model/container-spec.js';
import { defineRule, type Violation } from '../define-rule.js';

/**
 * Namespaced sysctls that cannot affect other containers or the host: the
 * Kubernetes "safe" set (Pod Security Standards baseline, policy v1.32:
 * check_sysctls.go of k8s.io/pod-security-admission).
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
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem',
]);

/**
 * The network parameters that weaken a network namespace, with the values that do it
 * (Linux Documentation/networking/ip-sysctl.rst). `<if>` stands for any interface name,
 * `all` and `default` included. Every other value of these, and every other `net.*`
 * parameter (buffers, timeouts, src_valid_mark, disable_ipv6), only tunes the namespace.
 */
const WEAKENING_NET_SYSCTLS: readonly { pattern: RegExp; weakens: (value: string) => boolean; effect: string }[] = [
  {
    pattern: /^net\.ipv4\.ip_forward$|^net\.ipv[46]\.conf\.[^.]+\.forwarding$/,
    weakens: (value) => value !== '0',
    effect: 'routes packets between the networks the container is attached to',
  },
  {
    pattern: /^net\.ipv4\.conf\.[^.]+\.rp_filter$/,
    weakens: (value) => value === '0',
    effect: 'accepts packets with spoofed source addresses',
  },
  {
    pattern: /^net\.ipv[46]\.conf\.[^.]+\.(accept|secure)_redirects$/,
    weakens: (value) => value !== '0',
    effect: 'lets ICMP redirects rewrite its routes',
  },
  {
    pattern: /^net\.ipv[46]\.conf\.[^.]+\.accept_source_route$/,
    weakens: (value) => value !== '0',
    effect: 'accepts source-routed packets',
  },
  {
    pattern: /^net\.ipv4\.conf\.[^.]+\.route_localnet$/,
    weakens: (value) => value !== '0',
    effect: 'routes traffic from outside to its loopback addresses',
  },
  { pattern: /^net\.ipv4\.conf\.[^.]+\.proxy_arp$/, weakens: (value) => value !== '0', effect: 'answers ARP requests for other addresses' },
];

type SysctlViolation = Violation<'unsafe' | 'hostNetwork' | 'ownNetwork' | 'notPodSafe'>;

/**
 * Docker gives a container its own copy of every `net.*` parameter with its network namespace
 * (moby opts.ValidateSysctl), so there a parameter reaches the container alone, unless the
 * container shares the host's namespace, where the same write changes the host.
 */
function networkSysctl(spec: ContainerSpec, name: string, value: string): SysctlViolation[] {
  const path = ['sysctls', name];
  if (spec.networkMode === 'host') return [{ messageId: 'hostNetwork', path, data: { name } }];
  const weakening = WEAKENING_NET_SYSCTLS.find((entry) => entry.pattern.test(name) && entry.weakens(value.trim()));
  return weakening ? [{ messageId: 'ownNetwork', path, data: { name, value, effect: weakening.effect }, severity: 'medium' }] : [];
}

export const unsafeSysctl = defineRule({
  id: 'unsafe-sysctl',
  severity: 'high',
  title: 'Kernel parameter outside the safe set is changed',
  rationale:
    'Some kernel parameters are namespaced and harmless, others change behaviour for the whole host or weaken ' +
    'isolation between containers (IP forwarding, routing, message queue limits, kernel.* settings). Only the ' +
    "known-safe set should be set per container. Network parameters (net.*) belong to the container's own " +
    'network namespace: there only the ones that weaken it (forwarding, spoofed sources, redirects) are a risk, of ' +
    "medium severity, while a container sharing the host's network namespace changes the host with each of them.",
  attack:
    'A container that enables net.ipv4.ip_forward or changes routing-related sysctls can turn itself into a router ' +
    'between networks that were meant to be separate, or relax protections such as rp_filter for spoofed traffic.',
  remediation: 'Remove the sysctl, or set it on the host if the whole host really needs it.',
  fix: {
    run: 'remove --sysctl <name>=<value>',
    compose: 'remove the entry from `sysctls:`',
    kubernetes: "remove the entry from `securityContext.sysctls` in the pod's spec",
    quadlet: 'remove `Sysctl=<name>=<value>`',
  },
  verifyInCluster: "kubectl get pod <pod> -o jsonpath='{.spec.securityContext.sysctls}'",
  verify: "docker inspect -f '{{json .HostConfig.Sysctls}}' <container>",
  references: [
    'https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/',
    'https://docs.docker.com/reference/cli/docker/container/run/#sysctl',
  ],
  profiles: ['recommended', 'baseline', 'restricted'],
  // Each fix changes what the service can do: the user weighs it.
  remedy: { kind: 'decide' },
  messages: {
    unsafe: 'sets kernel parameter {{name}}, which is outside the safe set',
    notPodSafe: 'sets kernel parameter {{name}}, which is outside the set the Pod Security baseline level allows',
    hostNetwork: "sets {{name}} while sharing the host's network namespace, so it changes the host's networking",
    ownNetwork: "sets {{name}}={{value}}, which {{effect}} in the container's own network namespace",
  },
  check(spec, { runtime }) {
    return Object.entries(spec.sysctls ?? {}).flatMap(([name, value]): SysctlViolation[] => {
      if (SAFE_SYSCTLS.has(name)) return [];
      if (!name.startsWith('net.')) return [{ messageId: 'unsafe', path: ['sysctls', name], data: { name } }];
      const found = networkSysctl(spec, name, value);
      // The admission allows only the safe set, whatever a network parameter does to the pod's own namespace.
      if (found.length > 0 || !runtime.podSecurity) return found;
      return [{ messageId: 'notPodSafe', path: ['sysctls', name], data: { name }, severity: 'low', profiles: ['baseline', 'restricted'] }];
    });
  },
});
