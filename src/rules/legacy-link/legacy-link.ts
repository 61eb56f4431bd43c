import { onDefaultBridge } from '../../model/runtime.js';
import { defineRule } from '../define-rule.js';

export const legacyLink = defineRule({
  id: 'legacy-link',
  severity: 'low',
  title: 'Legacy container link',
  rationale:
    "--link on the default bridge is a deprecated feature that copies the linked container's environment variables, secrets included, " +
    'into this container and edits its /etc/hosts. User-defined networks give name resolution without sharing ' +
    'anything else.',
  remediation: 'Put both containers on a user-defined network and address the other one by its name or a network alias.',
  attack:
    'A compromised front-end container reads the environment the link copied from the database container, including its root password.',
  fix: {
    run: 'docker network create <net>; --network=<net> --network-alias=<alias>   (instead of --link)',
    compose: 'replace `links:` with a shared entry under `networks:` and use the service name',
    kubernetes: { notExpressible: 'pods have no container links; they reach each other through Services' },
    quadlet: { notExpressible: 'Quadlet has no links; units on one `.network` reach each other by name' },
  },
  verify: "docker inspect -f '{{.HostConfig.Links}}' <container>",
  profiles: ['recommended'],
  references: ['https://docs.docker.com/engine/network/links/'],
  messages: { link: 'uses the legacy link {{link}}' },
  check(spec, context) {
    // On a user-defined network (every Compose project's), a link is only an alias: nothing is copied (Docker's links documentation).
    if (!onDefaultBridge(spec, context.runtime)) return [];
    return (spec.links ?? []).map((link, index) => {
      const path = ['links', index];
      return { messageId: 'link' as const, path, data: { link }, remedy: { kind: 'remove' as const, path } };
    });
  },
});
