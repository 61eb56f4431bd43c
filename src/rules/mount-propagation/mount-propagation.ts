import { defineRule, type Violation } from '../define-rule.js';

export const mountPropagation = defineRule({
  id: 'mount-propagation',
  severity: 'medium',
  title: 'Bind mount propagates mounts between host and container',
  rationale:
    "With shared propagation, mounts the container makes under the bind appear on the host, and the host's appear " +
    "in the container; slave propagation brings the host's new mounts into the container. Either way the mount " +
    'namespace stops being a boundary.',
  attack:
    'An attacker with mount rights in a container whose bind is rshared mounts a filesystem over a host path under ' +
    'it, so host processes start reading files the attacker controls.',
  remediation:
    'Use the default private propagation (rprivate) unless the workload manages mounts for the host, such as a ' +
    'storage driver, and then isolate it.',
  fix: {
    run: '-v <src>:<dst>   (drop :shared, :rshared, :slave and :rslave; or bind-propagation=rprivate with --mount)',
    compose: 'remove `bind: {propagation: ...}` or set it to `rprivate`',
    kubernetes: 'remove `mountPropagation:` from the `volumeMounts` entry (or set it to `None`)',
    quadlet: '`Volume=<src>:<dst>`   (drop shared, rshared, slave and rslave)',
  },
  verifyInCluster:
    'kubectl get pod <pod> -o jsonpath=\'{range .spec.containers[*]}{.name}: {.volumeMounts[*].mountPropagation}{"\\n"}{end}\'',
  verify: "docker inspect -f '{{range .Mounts}}{{.Source}} -> {{.Destination}} {{.Propagation}}{{println}}{{end}}' <container>",
  cis: '5.19',
  references: ['https://docs.docker.com/engine/storage/bind-mounts/#configure-bind-propagation'],
  profiles: ['recommended', 'cis'],
  // Each fix changes what the service can do: the user weighs it.
  remedy: { kind: 'decide' },
  messages: {
    shared: 'bind-mounts {{source}} with {{propagation}} propagation: mounts flow both ways',
    slave: 'bind-mounts {{source}} with {{propagation}} propagation: host mounts flow into the container',
  },
  check(spec) {
    return (spec.mounts ?? []).flatMap((mount, index): Violation<'shared' | 'slave'>[] => {
      const propagation = mount.propagation?.toLowerCase();
      if (mount.type !== 'bind' || propagation === undefined) return [];
      const data = { source: mount.source ?? mount.destination, propagation };
      if (propagation === 'shared' || propagation === 'rshared') return [{ messageId: 'shared', path: ['mounts', index], data }];
      if (propagation === 'slave' || propagation === 'rslave')
        return [{ messageId: 'slave', path: ['mounts', index], data, severity: 'low' }];
      return [];
    });
  },
});
