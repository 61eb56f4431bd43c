import { defineEngineRule } from '../define-rule.js';

export const unauthenticatedTcpApi = defineEngineRule({
  id: 'unauthenticated-tcp-api',
  severity: 'critical',
  title: 'Docker API served over TCP without TLS',
  rationale:
    'The Docker API is root on the host. Over plain TCP anyone who can reach the port can use it, and every request, credentials ' +
    'included, crosses the network unencrypted.',
  attack:
    "A scanner finds the open port and starts a privileged container with the host's / mounted: a common way cryptominers take over " +
    'servers.',
  remediation:
    'Serve the API over the unix socket only, or over TLS with client certificates (--tlsverify), or through SSH (DOCKER_HOST=ssh://).',
  fix: {
    run:
      'dockerd --tlsverify --tlscacert=ca.pem --tlscert=server-cert.pem --tlskey=server-key.pem -H=0.0.0.0:2376   (or remove the ' +
      'tcp:// host)',
    compose: 'not a Compose setting: configure the daemon (daemon.json "tlsverify": true with certificates)',
    kubernetes: { notExpressible: "a Docker daemon setting, not a manifest's" },
    quadlet: { notExpressible: "an engine's API setting, not a unit's" },
  },
  verify: 'docker context inspect   # a tcp:// endpoint without TLS material, or: curl http://<host>:2375/version',
  references: ['https://docs.docker.com/engine/security/protect-access/'],
  profiles: ['recommended', 'cis'],
  messages: { plain: 'the engine answered at {{url}} over TCP without TLS' },
  check(facts) {
    if (facts.endpoint.protocol !== 'http') return [];
    const violation = { messageId: 'plain', path: ['endpoint'], data: { url: facts.endpoint.url } } as const;
    // Podman's service has no TLS of its own: the remote way is SSH to its unix socket.
    return facts.product === 'podman'
      ? [
          {
            ...violation,
            fix: 'podman system service unix:///run/podman/podman.sock, reached as ssh://<user>@<host>/run/podman/podman.sock',
          },
        ]
      : [violation];
  },
});
