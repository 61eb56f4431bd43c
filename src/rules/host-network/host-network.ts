import { writtenSetting } from '../../model/field-table.js';
import { defineRule } from '../define-rule.js';

export const hostNetwork = defineRule({
  id: 'host-network',
  severity: 'high',
  title: "Container shares the host's network namespace",
  rationale:
    'With the host network the container sees every host interface, can bind any host port, reach services ' +
    "listening only on the host's loopback, and with NET_RAW or NET_ADMIN observe or change host traffic. Port " +
    'publishing and network policies no longer apply.',
  remediation: 'Run the container on a bridge or user-defined network and publish only the ports it serves, bound to a specific address.',
  attack:
    'An attacker in a host-network container connects to services the host only exposes on 127.0.0.1 (a database, ' +
    'the kubelet, a metrics endpoint, a Docker API on localhost) and sniffs host traffic if NET_RAW is kept.',
  fix: {
    run: '--network=<user-defined network> -p 127.0.0.1:<host port>:<container port>   (instead of --network=host)',
    compose: 'remove `network_mode: host`; use `networks:` and publish ports with an address: `ports: ["127.0.0.1:8080:80"]`',
    kubernetes: "remove `hostNetwork: true` from the pod's spec; expose the port through a Service",
    quadlet: '`Network=<name>.network` and `PublishPort=127.0.0.1:<host port>:<container port>`   (instead of `Network=host`)',
  },
  verifyInCluster: "kubectl get pod <pod> -o jsonpath='{.spec.hostNetwork}'",
  verify: "docker inspect -f '{{.HostConfig.NetworkMode}}' <container>",
  cis: '5.9',
  profiles: ['recommended', 'cis', 'baseline', 'restricted'],
  references: ['https://docs.docker.com/engine/network/drivers/host/'],
  // Each fix changes what the service can do: the user weighs it.
  remedy: { kind: 'decide' },
  messages: { host: "shares the host's network namespace ({{setting}})" },
  check(spec, { syntax }) {
    return spec.networkMode === 'host'
      ? [{ messageId: 'host', path: ['networkMode'], data: { setting: writtenSetting(syntax, 'networkMode', 'host') } }]
      : [];
  },
});
