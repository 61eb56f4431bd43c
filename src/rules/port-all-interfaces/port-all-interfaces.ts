import { isIP } from 'node:net';
import { defineRule, type Violation } from '../define-rule.js';

/** Empty (Docker's default), 0.0.0.0, or the IPv6 unspecified address in any spelling. */
export function isWildcardAddress(hostIp: string): boolean {
  const address = hostIp.trim().replace(/^\[(.*)\]$/, '$1');
  if (address === '') return true;
  if (isIP(address) === 4) return address.split('.').every((octet) => Number(octet) === 0);
  if (isIP(address) === 6) return /^[0:]+$/.test(address) || /^::ffff:0+\.0+\.0+\.0+$/i.test(address);
  return false;
}

export const portAllInterfaces = defineRule({
  id: 'port-all-interfaces',
  severity: 'medium',
  title: 'Published port listens on every host interface',
  rationale:
    'A port published without an address listens on every interface of the host, IPv4 and IPv6, including ones ' +
    "that firewalls and monitoring do not watch. Docker's own iptables rules also bypass host firewalls such as " +
    'ufw for published ports.',
  remediation:
    'Publish each port on the one address that should receive its traffic, such as 127.0.0.1 behind a local ' +
    'reverse proxy or a specific internal interface.',
  attack:
    "A debug or admin port meant for the local network is published on 0.0.0.0 and [::]; Docker's iptables rules " +
    'bypass the host firewall, so it is reachable from the internet.',
  fix: {
    run: '-p 127.0.0.1:<host port>:<container port>   (instead of -p <host port>:<container port> or -P)',
    compose: '`ports: ["127.0.0.1:8080:80"]` (an address before each published port)',
    kubernetes: 'remove `hostPort:` and expose the port through a Service (or set `hostIP: 127.0.0.1`)',
    quadlet: '`PublishPort=127.0.0.1:<host port>:<container port>`   (an address before each published port)',
  },
  verifyInCluster:
    'kubectl get pod <pod> -o jsonpath=\'{range .spec.containers[*]}{.name}: {.ports[*].hostPort} {.ports[*].hostIP}{"\\n"}{end}\'',
  verify: "docker inspect -f '{{json .HostConfig.PortBindings}} {{.HostConfig.PublishAllPorts}}' <container>",
  cis: '5.13',
  profiles: ['recommended', 'cis'],
  references: ['https://docs.docker.com/engine/network/port-publishing/'],
  messages: {
    wildcard: 'publishes host port {{hostPort}} (container {{containerPort}}) on all interfaces ({{address}})',
    publishAll: 'publishes every exposed port on all interfaces (--publish-all)',
  },
  check(spec) {
    const violations: Violation<'wildcard' | 'publishAll'>[] = (spec.portBindings ?? []).flatMap((binding, index) =>
      isWildcardAddress(binding.hostIp)
        ? [
            {
              messageId: 'wildcard' as const,
              path: ['portBindings', index],
              remedy: { kind: 'set' as const, path: ['portBindings', index, 'hostIp'], value: { placeholder: 'address' as const } },
              data: {
                hostPort: binding.hostPort || '(random)',
                containerPort: binding.containerPort,
                address: binding.hostIp === '' ? 'no address given' : binding.hostIp,
              },
            },
          ]
        : [],
    );
    if (spec.publishAllPorts === true) violations.push({ messageId: 'publishAll', path: ['publishAllPorts'], remedy: { kind: 'decide' } });
    return violations;
  },
});
