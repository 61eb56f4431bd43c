import { defineRule } from '../define-rule.js';

export const hostCgroupns = defineRule({
  id: 'host-cgroupns',
  severity: 'low',
  title: "Container shares the host's cgroup namespace",
  rationale:
    "In the host cgroup namespace the container sees the host's whole cgroup tree and its own absolute position in " +
    "it, which reveals the host's other workloads and, combined with a writable cgroup filesystem, helps escapes " +
    "such as the release_agent technique. It is the daemon's default on cgroup v1 hosts.",
  attack:
    "An attacker reads /proc/self/cgroup and the cgroup tree to map the host's other containers and services, then " +
    'targets their cgroups with a second weakness such as SYS_ADMIN.',
  remediation:
    'Run containers with --cgroupns=private, the default on cgroup v2 hosts; on cgroup v1 hosts set ' +
    '"default-cgroupns-mode": "private" in daemon.json.',
  fix: {
    run: '--cgroupns=private',
    compose: '`cgroup: private`',
    kubernetes: { notExpressible: "pods get a private cgroup namespace on cgroup v2 nodes; a manifest cannot share the node's" },
    quadlet: '`PodmanArgs=--cgroupns=private`',
  },
  verify: "docker inspect -f '{{.HostConfig.CgroupnsMode}}' <container>",
  references: ['https://docs.docker.com/reference/cli/docker/container/run/#cgroupns'],
  profiles: ['restricted'],
  // Each fix changes what the service can do: the user weighs it.
  remedy: { kind: 'decide' },
  messages: { host: "shares the host's cgroup namespace (cgroupns host)" },
  check(spec) {
    return spec.cgroupnsMode === 'host' ? [{ messageId: 'host', path: ['cgroupnsMode'] }] : [];
  },
});
