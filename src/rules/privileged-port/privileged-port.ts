import { defineRule } from '../define-rule.js';

export const privilegedPort = defineRule({
  id: 'privileged-port',
  severity: 'low',
  title: 'Host port below 1024 is published',
  rationale:
    "Ports below 1024 are the host's well-known service ports (SSH, SMTP, HTTP). Publishing a container on one can shadow or " +
    'impersonate a host service, and clients trust those ports more.',
  attack:
    "A compromised or misconfigured container published on host port 22 or 25 answers instead of the host's own service and collects " +
    'credentials from clients that trust it.',
  remediation: 'Publish on a port of 1024 or above and put a reverse proxy or load balancer in front when the well-known port is needed.',
  fix: {
    run: '-p <address>:<port >= 1024>:<container port>',
    compose: '`ports: ["127.0.0.1:8080:80"]` (host port of 1024 or above)',
    kubernetes: 'remove `hostPort:` and expose the port through a Service (or use a host port of 1024 or above)',
    quadlet: '`PublishPort=<address>:<port >= 1024>:<container port>`',
  },
  verifyInCluster: 'kubectl get pod <pod> -o jsonpath=\'{range .spec.containers[*]}{.name}: {.ports[*].hostPort}{"\\n"}{end}\'',
  verify: "docker inspect -f '{{json .HostConfig.PortBindings}}' <container>",
  cis: '5.7',
  references: ['https://docs.docker.com/engine/network/port-publishing/'],
  profiles: ['cis'],
  messages: { privileged: 'publishes host port {{hostPort}} (below 1024) for container {{containerPort}}' },
  check(spec) {
    return (spec.portBindings ?? []).flatMap((binding, index) => {
      const first = Number(binding.hostPort.split('-')[0]);
      return binding.hostPort !== '' && Number.isInteger(first) && first > 0 && first < 1024
        ? [
            {
              messageId: 'privileged' as const,
              path: ['portBindings', index],
              data: { hostPort: binding.hostPort, containerPort: binding.containerPort },
            },
          ]
        : [];
    });
  },
});
