import { defineRule } from '../define-rule.js';

/**
 * The volume sources the Pod Security restricted level allows (Kubernetes'
 * Pod Security Standards, "Volume Types"; check_restrictedVolumes.go).
 */
const RESTRICTED_VOLUME_SOURCES: readonly string[] = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
];

const DOCKER_VOLUMES = "Docker volumes are named and local unless a driver says otherwise; a driver is the host's choice";

export const volumeType = defineRule({
  id: 'volume-type',
  severity: 'low',
  title: 'Pod uses a volume type the restricted level does not allow',
  rationale:
    'Volume sources other than ConfigMaps, Secrets, projected and downward API data, emptyDir, CSI, ephemeral volumes and claims ' +
    'reach storage on the node or the network in ways the cluster does not mediate: a network filesystem mounted by the kubelet, ' +
    "a cloud disk attached to the node, the node's own paths.",
  attack:
    'An attacker who can create pods in the namespace names an NFS export or a cloud disk directly and mounts data that no ' +
    'PersistentVolume or StorageClass granted to the namespace.',
  remediation: 'Provision the storage through a PersistentVolume and claim it with a persistentVolumeClaim, or use a CSI driver.',
  fix: {
    run: { notExpressible: DOCKER_VOLUMES },
    compose: { notExpressible: DOCKER_VOLUMES },
    kubernetes: `use one of the volume types ${RESTRICTED_VOLUME_SOURCES.join(', ')}: a \`persistentVolumeClaim\` for storage`,
    quadlet: { notExpressible: "Podman volumes are named and local unless a `.volume` unit's driver says otherwise" },
  },
  verify: "kubectl get pod <pod> -o jsonpath='{.spec.volumes}'",
  references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/'],
  profiles: ['restricted'],
  remedy: { kind: 'decide' },
  messages: { volumeType: 'mounts the {{driver}} volume {{volume}}, a type the Pod Security restricted level does not allow' },
  check(spec) {
    return (spec.mounts ?? []).flatMap((mount, index) =>
      mount.type === 'volume' && mount.driver !== undefined && !RESTRICTED_VOLUME_SOURCES.includes(mount.driver)
        ? [{ messageId: 'volumeType' as const, path: ['mounts', index], data: { driver: mount.driver, volume: mount.source ?? '' } }]
        : [],
    );
  },
});
