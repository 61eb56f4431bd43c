import { defineRule } from '../define-rule.js';

export const pidsLimit = defineRule({
  id: 'pids-limit',
  severity: 'low',
  title: 'No limit on the number of processes',
  rationale:
    'Process ids are a host-wide resource. Without a PIDs limit a fork bomb in one container exhausts them and ' +
    'nothing else on the host can start a process.',
  attack:
    'An attacker runs a fork bomb in the container; the host cannot start new processes, including the ones an ' +
    'administrator would use to stop it.',
  remediation: "Set a PIDs limit that comfortably covers the workload's processes and threads.",
  fix: {
    run: '--pids-limit=<limit, e.g. 200>',
    compose: '`pids_limit: 200` or `deploy.resources.limits.pids: 200`',
    kubernetes: { notExpressible: "a pod's process limit is the kubelet's (--pod-max-pids); a manifest cannot set it" },
    quadlet: '`PidsLimit=<limit, e.g. 200>`',
  },
  verify: "docker inspect -f '{{.HostConfig.PidsLimit}}' <container>",
  cis: '5.28',
  references: ['https://docs.docker.com/reference/cli/docker/container/run/#pids-limit'],
  profiles: ['cis'],
  liveChangeSeverity: 'high',
  remedyOptIn: true,
  messages: { unlimited: 'has no limit on the number of processes' },
  check(spec) {
    const remedy = { kind: 'set', path: ['pidsLimit'], value: { placeholder: 'count', suggestion: 256 } } as const;
    return (spec.pidsLimit ?? 0) > 0 ? [] : [{ messageId: 'unlimited', path: ['pidsLimit'], remedy }];
  },
});
