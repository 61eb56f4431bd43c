import { writtenSetting } from '../../model/field-table.js';
import { defineRule } from '../define-rule.js';

export const hostUts = defineRule({
  id: 'host-uts',
  severity: 'medium',
  title: "Container shares the host's UTS namespace",
  rationale:
    "In the host UTS namespace the container sees, and with SYS_ADMIN can change, the host's hostname and NIS " +
    'domain name, which other systems use to identify the host.',
  attack:
    'An attacker with SYS_ADMIN renames the host, breaking monitoring and log attribution, or makes it impersonate ' +
    'another machine in systems that trust hostnames.',
  remediation: 'Remove --uts=host; set a name for the container with --hostname if it needs one.',
  fix: {
    run: 'remove --uts=host   (use --hostname <name>)',
    compose: 'remove `uts: host` (use `hostname: <name>`)',
    kubernetes: {
      notExpressible: "a pod's spec has no UTS namespace setting; hostNetwork shares the node's hostname, which host-network reports",
    },
    quadlet: 'remove `--uts=host` from `PodmanArgs=` (set `HostName=<name>`)',
  },
  verify: "docker inspect -f '{{.HostConfig.UTSMode}}' <container>",
  cis: '5.20',
  references: ['https://docs.docker.com/reference/cli/docker/container/run/#uts'],
  profiles: ['recommended', 'cis', 'baseline', 'restricted'],
  // Each fix changes what the service can do: the user weighs it.
  remedy: { kind: 'decide' },
  messages: { host: "shares the host's UTS namespace ({{setting}})" },
  check(spec, { syntax }) {
    return spec.utsMode === 'host'
      ? [{ messageId: 'host', path: ['utsMode'], data: { setting: writtenSetting(syntax, 'utsMode', 'host') } }]
      : [];
  },
});
