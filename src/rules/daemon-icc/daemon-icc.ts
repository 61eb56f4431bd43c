import { defineEngineRule } from '../define-rule.js';

export const daemonIcc = defineEngineRule({
  id: 'daemon-icc',
  severity: 'medium',
  title: 'Unrestricted traffic between containers on the default bridge',
  rationale:
    'With inter-container communication on, every container on the default bridge can open connections to every other one on any ' +
    'port, whether they belong to the same application or not.',
  attack:
    'An attacker in one compromised container connects straight to the database or admin port of an unrelated container on the ' +
    'default bridge.',
  remediation: 'Set "icc": false in daemon.json and connect containers that must talk over user-defined networks.',
  fix: {
    run: 'daemon.json: {"icc": false}',
    compose: 'not a Compose setting: configure the daemon (daemon.json "icc"); Compose networks are separate already',
    kubernetes: { notExpressible: 'a Docker daemon setting; pods are isolated from each other by NetworkPolicies' },
    quadlet: { notExpressible: 'a Docker daemon setting; Podman units on separate `.network` units cannot reach each other' },
  },
  verify: 'docker network inspect bridge -f \'{{index .Options "com.docker.network.bridge.enable_icc"}}\'',
  references: ['https://docs.docker.com/engine/network/drivers/bridge/#differences-between-user-defined-bridges-and-the-default-bridge'],
  profiles: ['recommended', 'cis'],
  messages: { on: 'containers on the default bridge can all reach each other (icc enabled)' },
  check(facts) {
    return facts.defaultBridgeIcc === true ? [{ messageId: 'on', path: ['defaultBridgeIcc'] }] : [];
  },
});
