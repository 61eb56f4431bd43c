import { defineRule } from '../define-rule.js';

export const cgroupParent = defineRule({
  id: 'cgroup-parent',
  severity: 'info',
  title: 'Custom cgroup parent',
  rationale:
    "A custom cgroup parent places the container outside the engine's default cgroup, where the limits and accounting that apply to " +
    'it are set by someone else. It should be a deliberate, reviewed choice.',
  attack:
    'A container placed under an unlimited or shared parent cgroup escapes the resource limits operators expect, and can starve the ' +
    'workloads it shares that parent with.',
  remediation: 'Confirm that the parent cgroup is intended and has limits; otherwise remove --cgroup-parent.',
  fix: {
    run: 'remove --cgroup-parent (or confirm the parent cgroup is intended)',
    compose: 'remove `cgroup_parent:` (or confirm it)',
    kubernetes: { notExpressible: "a pod's cgroup is the kubelet's to place; a manifest cannot set it" },
    quadlet: 'remove `--cgroup-parent` from `PodmanArgs=` (or confirm the parent cgroup is intended)',
  },
  verify: "docker inspect -f '{{.HostConfig.CgroupParent}}' <container>",
  cis: '5.24',
  references: ['https://docs.docker.com/reference/cli/docker/container/run/#cgroup-parent'],
  profiles: ['cis'],
  messages: { custom: 'runs under the custom cgroup parent {{parent}}' },
  check(spec) {
    return spec.cgroupParent ? [{ messageId: 'custom', path: ['cgroupParent'], data: { parent: spec.cgroupParent } }] : [];
  },
});
