import { defineRule } from '../define-rule.js';

export const cpuLimit = defineRule({
  id: 'cpu-limit',
  severity: 'low',
  title: 'No CPU limit or weight',
  rationale:
    'Without a CPU limit (NanoCpus or CpuQuota) or a relative weight (CpuShares), a busy container competes with every other ' +
    'workload on the host on equal terms and can starve them.',
  attack:
    'An attacker who can trigger expensive requests, or who runs a cryptominer in a compromised container, takes all CPU time and ' +
    'slows every other service on the host.',
  remediation: "Set a CPU limit, or at least a CPU weight relative to the host's other workloads.",
  fix: {
    run: '--cpus=<limit, e.g. 1.5>   (or --cpu-shares=<weight>)',
    compose: '`cpus: 1.5` or `deploy.resources.limits.cpus: "1.5"` (or `cpu_shares: <weight>`)',
    kubernetes: '`resources: {limits: {cpu: 500m}}` (or at least `requests.cpu`)',
    quadlet: '`PodmanArgs=--cpus=<limit, e.g. 1.5>`',
  },
  verifyInCluster:
    'kubectl get pod <pod> -o jsonpath=\'{range .spec.containers[*]}{.name}: {.resources.limits.cpu} {.resources.requests.cpu}{"\\n"}{end}\'',
  verify: "docker inspect -f '{{.HostConfig.NanoCpus}} {{.HostConfig.CpuQuota}} {{.HostConfig.CpuShares}}' <container>",
  cis: '5.11',
  references: ['https://docs.docker.com/engine/containers/resource_constraints/#cpu'],
  profiles: ['cis'],
  liveChangeSeverity: 'high',
  messages: { unlimited: 'has no CPU limit or CPU weight' },
  check(spec) {
    const limited = (spec.nanoCpus ?? 0) > 0 || (spec.cpuQuota ?? 0) > 0 || (spec.cpuShares ?? 0) > 0;
    return limited ? [] : [{ messageId: 'unlimited', path: ['nanoCpus'] }];
  },
});
