import { defineRule } from '../define-rule.js';

export const metadataApiExposure = defineRule({
  id: 'metadata-api-exposure',
  severity: 'medium',
  title: 'Container can reach the cloud metadata service',
  rationale:
    'Cloud instances answer on 169.254.169.254 (and fd00:ec2::254 on AWS) with their identity and temporary credentials. A container ' +
    "that reaches it can use the instance's cloud role to move into the account. On the host network nothing can filter that traffic " +
    'per container.',
  remediation:
    'Run the container on a bridge or user-defined network and block the metadata address for container traffic in the DOCKER-USER ' +
    'iptables chain; on AWS also require IMDSv2 with a hop limit of 1.',
  attack:
    'An attacker with a shell in the container requests http://169.254.169.254/latest/meta-data/iam/security-credentials/ and uses ' +
    "the instance role's keys against the cloud account.",
  fix: {
    run: '--network=<user-defined network>; iptables -I DOCKER-USER -d 169.254.169.254/32 -j DROP',
    compose: 'remove `network_mode: host`; block 169.254.169.254 in the DOCKER-USER chain on the host',
    kubernetes:
      'remove `hostNetwork: true`; add a NetworkPolicy whose egress allows `ipBlock: {cidr: 0.0.0.0/0, except: [169.254.169.254/32]}` for the pod',
    quadlet: "`Network=<name>.network` (not host), and block 169.254.169.254 on the host's firewall",
  },
  verifyInCluster: 'kubectl get networkpolicy -n <namespace> -o yaml',
  verify: "docker inspect -f '{{.HostConfig.NetworkMode}}' <container>",
  profiles: ['recommended'],
  references: [
    'https://docs.docker.com/engine/network/packet-filtering-firewalls/',
    'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-options.html',
  ],
  messages: {
    hostNetwork: 'on the host network it reaches the metadata service (169.254.169.254, fd00:ec2::254) with nothing in between',
    policyAllows: 'no NetworkPolicy of its namespace blocks its egress to the metadata service (169.254.169.254)',
  },
  check(spec) {
    if (spec.networkMode === 'host') return [{ messageId: 'hostNetwork', path: ['networkMode'] }];
    return spec.metadataEgress === 'allowed' ? [{ messageId: 'policyAllows', path: ['metadataEgress'] }] : [];
  },
});
