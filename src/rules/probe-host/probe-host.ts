import { defineRule } from '../define-rule.js';

const DOCKER_HEALTHCHECKS = "Docker's healthchecks run inside the container, so they reach nothing the container cannot";

export const probeHost = defineRule({
  id: 'probe-host',
  severity: 'medium',
  title: 'Probe or lifecycle hook sent to another host',
  rationale:
    "A probe or lifecycle hook with a host is sent by the kubelet from the node, with the node's network position, to wherever the " +
    'manifest says: anyone who can create pods can make the node call addresses the pods themselves may not reach. The Pod Security ' +
    'baseline level allows no host there (policy v1.34).',
  attack:
    'An attacker who can create a pod in the namespace sets an httpGet probe to the metadata service or an internal address and reads ' +
    "the outcome from the pod's status, using the kubelet as a server-side request forgery.",
  remediation: "Remove host from the probe or hook: the kubelet then sends it to the pod's own address.",
  fix: {
    run: { notExpressible: DOCKER_HEALTHCHECKS },
    compose: { notExpressible: DOCKER_HEALTHCHECKS },
    kubernetes: 'remove `host:` from the `httpGet` or `tcpSocket` of the probe or lifecycle hook',
    quadlet: { notExpressible: "Podman's healthchecks run inside the container, so they reach nothing the container cannot" },
  },
  verify: "kubectl get pod <pod> -o jsonpath='{.spec.containers[*].livenessProbe}'",
  references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/'],
  profiles: ['recommended', 'baseline', 'restricted'],
  remedy: { kind: 'decide' },
  messages: { host: 'has a probe or lifecycle hook that the kubelet sends to {{host}} from the node' },
  check(spec) {
    return (spec.probeHosts ?? []).map((host, index) => ({ messageId: 'host' as const, path: ['probeHosts', index], data: { host } }));
  },
});
