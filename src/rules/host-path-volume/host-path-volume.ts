import { isEngineSocketMount, sensitiveHostPath } from '../../model/host-paths.js';
import { defineRule } from '../define-rule.js';

const BIND_MOUNTS = 'bind mounts are how Docker containers get files; sensitive-host-mount reports the host paths that matter';

export const hostPathVolume = defineRule({
  id: 'host-path-volume',
  severity: 'low',
  title: 'Pod mounts a directory of the node (hostPath)',
  rationale:
    "A hostPath volume ties the pod to the files of whichever node it lands on and opens the node's filesystem to it; the Pod " +
    'Security baseline level allows none. This rule reports those that are not critical paths, which sensitive-host-mount and ' +
    'docker-socket-mount report, so that the baseline and restricted profiles judge hostPath as the admission does.',
  attack:
    "An attacker in the pod writes to the node's directory: files other pods or node services read later, or, where the directory " +
    'is shared with the host, a path the node executes.',
  remediation:
    'Use a PersistentVolumeClaim, a ConfigMap or an emptyDir instead; where a node agent really needs the path, run it in a namespace whose Pod Security level is privileged.',
  fix: {
    run: { notExpressible: BIND_MOUNTS },
    compose: { notExpressible: BIND_MOUNTS },
    kubernetes: 'replace the `hostPath` volume with a `persistentVolumeClaim`, `configMap` or `emptyDir` volume',
    quadlet: { notExpressible: 'bind mounts are how Podman units get files; sensitive-host-mount reports the host paths that matter' },
  },
  verify: "kubectl get pod <pod> -o jsonpath='{.spec.volumes[*].hostPath.path}'",
  references: [
    'https://kubernetes.io/docs/concepts/security/pod-security-standards/',
    'https://kubernetes.io/docs/concepts/storage/volumes/#hostpath',
  ],
  profiles: ['baseline', 'restricted'],
  remedy: { kind: 'decide' },
  messages: { hostPath: 'mounts the node path {{source}} (a hostPath volume)' },
  check(spec, { host }) {
    return (spec.mounts ?? []).flatMap((mount, index) =>
      mount.type === 'bind' &&
      mount.source !== undefined &&
      sensitiveHostPath(mount.source) === undefined &&
      !isEngineSocketMount(mount.source, host.engineSockets)
        ? [{ messageId: 'hostPath' as const, path: ['mounts', index, 'source'], data: { source: mount.source } }]
        : [],
    );
  },
});
