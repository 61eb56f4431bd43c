import { onDefaultBridge } from '../../model/runtime.js';
import { defineRule } from '../define-rule.js';

export const defaultBridge = defineRule({
  id: 'default-bridge',
  severity: 'low',
  title: 'Attached to the default bridge network',
  rationale:
    'Every container on the default bridge can reach every other one, whether or not they belong together, and name resolution there ' +
    'needs legacy links. User-defined networks separate applications and resolve names by themselves.',
  attack:
    'An attacker in one compromised container scans the default bridge and reaches the unprotected admin port of an unrelated ' +
    'container started by another team.',
  remediation: 'Create a user-defined network per application and attach its containers to it.',
  fix: {
    run: 'docker network create <app-net>; --network=<app-net>',
    compose: 'define `networks:` and attach the service to it (Compose does this by default)',
    kubernetes: { notExpressible: "pods join the cluster's pod network, not Docker's default bridge" },
    quadlet: '`Network=<app>.network` with a `<app>.network` unit beside it',
  },
  verify: "docker inspect -f '{{.HostConfig.NetworkMode}}' <container>",
  cis: '5.29',
  references: ['https://docs.docker.com/engine/network/drivers/bridge/'],
  profiles: ['cis'],
  messages: { bridge: 'is attached to the default bridge network' },
  check(spec, context) {
    return onDefaultBridge(spec, context.runtime) ? [{ messageId: 'bridge', path: ['networkMode'] }] : [];
  },
});
