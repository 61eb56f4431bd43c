import { isEngineSocketMount } from '../../model/host-paths.js';
import { defineRule } from '../define-rule.js';

export const dockerSocketMount = defineRule({
  id: 'docker-socket-mount',
  severity: 'critical',
  title: 'Container engine API socket is mounted',
  rationale:
    'Whoever can talk to the Docker (or containerd, CRI-O, Podman) API socket can start a privileged container ' +
    "with the host's root filesystem mounted: it is root on the host. Mounting it read-only does not help, because " +
    'API calls are writes to a socket, not to a file.',
  remediation:
    'Do not mount the socket. Tools that need the API should go through a filtering proxy that allows only the ' +
    "calls they need, or run with the engine's TCP API protected by TLS client certificates.",
  attack:
    'An attacker in the container calls the Docker API through the socket to start a new privileged container with ' +
    "the host's / mounted, and has a root shell on the host in one command.",
  fix: {
    run: 'remove -v <engine socket or its directory>:<path>',
    compose: 'remove the socket from `volumes:`; give the tool a filtering API proxy instead',
    kubernetes:
      'remove the `hostPath` volume of the socket and its `volumeMounts` entry; give the tool a filtering API proxy or the Kubernetes API with a narrow Role instead',
    quadlet: 'remove the `Volume=` or `Mount=` of the engine socket or its directory',
  },
  verifyInCluster: "kubectl get pod <pod> -o jsonpath='{.spec.volumes[*].hostPath.path}'",
  verify: "docker inspect -f '{{range .Mounts}}{{.Source}} -> {{.Destination}} rw={{.RW}}{{println}}{{end}}' <container>",
  cis: '5.31',
  profiles: ['recommended', 'cis', 'baseline', 'restricted'],
  references: ['https://docs.docker.com/engine/security/#docker-daemon-attack-surface'],
  // Each fix changes what the service can do: the user weighs it.
  remedy: { kind: 'decide' },
  messages: { socket: 'mounts {{source}}, which exposes a container engine API socket{{access}}' },
  check(spec, context) {
    return (spec.mounts ?? []).flatMap((mount, index) =>
      mount.type === 'bind' && mount.source !== undefined && isEngineSocketMount(mount.source, context.host.engineSockets)
        ? [
            {
              messageId: 'socket' as const,
              path: ['mounts', index, 'source'],
              data: { source: mount.source, access: mount.readOnly ? ' (read-only does not limit API calls)' : '' },
            },
          ]
        : [],
    );
  },
});
