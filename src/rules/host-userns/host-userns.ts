import { writtenSetting } from '../../model/field-table.js';
import { defineRule } from '../define-rule.js';

export const hostUserns = defineRule({
  id: 'host-userns',
  severity: 'high',
  title: 'Container opts out of user-namespace remapping',
  rationale:
    'With userns-remap enabled on the daemon, root in a container is an unprivileged user on the host. ' +
    "--userns=host turns that off for this container: its root is the host's root again.",
  attack:
    'An attacker who escapes a container that opted out of remapping lands on the host as uid 0 instead of as an ' +
    'unprivileged subordinate uid.',
  remediation:
    'Remove --userns=host. If the workload needs host ids (for example for a bind mount), fix the ownership of the mounted files instead.',
  fix: {
    run: 'remove --userns=host',
    compose: 'remove `userns_mode: host`',
    kubernetes: {
      notExpressible: "pods share the node's user namespace unless they set `hostUsers: false`; there is no remapping to opt out of",
    },
    quadlet: 'remove `UserNS=host` (or `UserNS=auto` for a namespace of its own)',
  },
  verify: "docker inspect -f '{{.HostConfig.UsernsMode}}' <container>",
  cis: '5.30',
  references: ['https://docs.docker.com/engine/security/userns-remap/'],
  profiles: ['recommended', 'cis', 'baseline', 'restricted'],
  // Each fix changes what the service can do: the user weighs it.
  remedy: { kind: 'decide' },
  messages: { host: 'opts out of user-namespace remapping ({{setting}})' },
  check(spec, { syntax }) {
    return spec.usernsMode === 'host'
      ? [{ messageId: 'host', path: ['usernsMode'], data: { setting: writtenSetting(syntax, 'usernsMode', 'host') } }]
      : [];
  },
});
