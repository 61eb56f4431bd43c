import { defineEngineRule } from '../define-rule.js';

export const metadataNotBlocked = defineEngineRule({
  id: 'metadata-not-blocked',
  severity: 'medium',
  title: 'Bridged containers can reach the cloud metadata service',
  rationale:
    'Docker routes container traffic through the host, so on a cloud instance every bridged container reaches 169.254.169.254 and ' +
    "the instance's credentials unless a DOCKER-USER rule drops it. The chain on this host has no such rule.",
  attack:
    "An attacker exploits a server-side request forgery in any bridged container and fetches the instance role's temporary keys from " +
    'the metadata service.',
  remediation:
    'Drop container traffic to the metadata address in the DOCKER-USER chain (and persist the rule), and on AWS require IMDSv2 with ' +
    'a hop limit of 1.',
  fix: {
    run: 'iptables -I DOCKER-USER -d 169.254.169.254/32 -j DROP   (persist it with your firewall tooling)',
    compose: 'iptables -I DOCKER-USER -d 169.254.169.254/32 -j DROP   (on the host; Compose cannot set it)',
    kubernetes: {
      notExpressible:
        "a Docker host's iptables chain; in a cluster a NetworkPolicy blocks the address, which metadata-api-exposure reports",
    },
    quadlet: { notExpressible: "a Docker host's iptables chain, not a unit's setting" },
  },
  verify: 'iptables -S DOCKER-USER',
  references: ['https://docs.docker.com/engine/network/packet-filtering-firewalls/#add-iptables-policies-before-dockers-rules'],
  profiles: ['recommended'],
  messages: {
    open:
      'the DOCKER-USER chain does not drop traffic to 169.254.169.254; {{count}} bridged containers can reach it (add: iptables -I ' +
      'DOCKER-USER -d 169.254.169.254/32 -j DROP)',
  },
  check(facts) {
    return facts.metadataFilter === 'open' && facts.bridgedContainers.length > 0
      ? [{ messageId: 'open', path: ['metadataFilter'], data: { count: facts.bridgedContainers.length } }]
      : [];
  },
});
