import { defineRule } from '../define-rule.js';

const PUBLISHING = 'publishing ports is how Docker containers take traffic; port-all-interfaces reports the ones open to every interface';

export const hostPort = defineRule({
  id: 'host-port',
  severity: 'low',
  title: 'Pod takes a port of the node (hostPort)',
  rationale:
    "A hostPort binds a port on the node's own addresses: the pod is reachable around the cluster's Services and NetworkPolicies, " +
    'and only one such pod fits on each node. The Pod Security baseline level allows none.',
  attack:
    "An attacker on the node's network reaches the pod on the node's address directly, past the NetworkPolicies that guard its " +
    'Service; a compromised pod with a hostPort can also take a port that a node service expects to own.',
  remediation: 'Expose the pod through a Service (ClusterIP, NodePort or LoadBalancer) and remove hostPort.',
  fix: {
    run: { notExpressible: PUBLISHING },
    compose: { notExpressible: PUBLISHING },
    kubernetes: 'remove `hostPort:` from the container port and expose the pod through a Service',
    quadlet: {
      notExpressible: 'publishing ports is how Podman units take traffic; port-all-interfaces reports the ones open to every interface',
    },
  },
  verify: "kubectl get pod <pod> -o jsonpath='{.spec.containers[*].ports[*].hostPort}'",
  references: [
    'https://kubernetes.io/docs/concepts/security/pod-security-standards/',
    'https://kubernetes.io/docs/concepts/configuration/overview/#services',
  ],
  profiles: ['baseline', 'restricted'],
  remedy: { kind: 'decide' },
  messages: { hostPort: 'takes port {{port}} of the node (hostPort, container port {{containerPort}})' },
  check(spec) {
    return (spec.portBindings ?? []).flatMap((binding, index) =>
      binding.hostPort !== '' && binding.hostPort !== '0'
        ? [
            {
              messageId: 'hostPort' as const,
              path: ['portBindings', index],
              data: { port: binding.hostPort, containerPort: binding.containerPort },
            },
          ]
        : [],
    );
  },
});
