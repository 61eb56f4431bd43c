import { defineRule } from '../define-rule.js';

export const memoryLimit = defineRule({
  id: 'memory-limit',
  severity: 'low',
  title: 'No memory limit',
  rationale:
    "Without a memory limit one container can consume all of the host's memory, pushing the kernel's OOM killer " +
    'onto other containers and host services.',
  attack:
    'An attacker, or a request that triggers a leak, makes the container allocate memory until the host starts ' +
    'killing unrelated processes: a denial of service for everything on the host.',
  remediation: 'Set a memory limit sized to the workload.',
  fix: {
    run: '--memory=<limit, e.g. 512m>',
    compose: '`mem_limit: 512m` or `deploy.resources.limits.memory: 512M`',
    kubernetes: '`resources: {limits: {memory: 512Mi}}`',
    quadlet: '`Memory=<limit, e.g. 512m>`',
  },
  verifyInCluster: 'kubectl get pod <pod> -o jsonpath=\'{range .spec.containers[*]}{.name}: {.resources.limits.memory}{"\\n"}{end}\'',
  verify: "docker inspect -f '{{.HostConfig.Memory}}' <container>",
  cis: '5.10',
  references: ['https://docs.docker.com/engine/containers/resource_constraints/'],
  profiles: ['cis'],
  liveChangeSeverity: 'high',
  remedyOptIn: true,
  messages: { unlimited: 'has no memory limit' },
  check(spec) {
    const remedy = { kind: 'set', path: ['memory'], value: { placeholder: 'bytes', suggestion: '512m' } } as const;
    return (spec.memory ?? 0) > 0 ? [] : [{ messageId: 'unlimited', path: ['memory'], remedy }];
  },
});
