import type { ManifestObject } from './manifest-objects.js';
import type { ManifestReader } from './manifest-reader.js';

/** The cloud metadata service's IPv4 address, and the port it answers on. */
const METADATA_ADDRESS = [169, 254, 169, 254] as const;
const METADATA_PORT = 80;

function ipv4(text: string): number | undefined {
  const parts = text.split('.').map(Number);
  if (parts.length !== 4 || parts.some((part) => !Number.isInteger(part) || part < 0 || part > 255)) return undefined;
  return parts.reduce((value, part) => value * 256 + part, 0);
}

/** Whether an IPv4 CIDR (`0.0.0.0/0`, `169.254.0.0/16`) holds the metadata address; IPv6 blocks never do. */
function holdsMetadata(cidr: string): boolean {
  const [address = '', bits = '32'] = cidr.split('/');
  const network = ipv4(address);
  const length = Number(bits);
  if (network === undefined || !Number.isInteger(length) || length < 0 || length > 32) return false;
  const size = 2 ** (32 - length);
  const metadata = METADATA_ADDRESS.reduce((value, part) => value * 256 + part, 0);
  return Math.floor(metadata / size) === Math.floor(network / size);
}

/**
 * A label selector (matchLabels and matchExpressions, as apimachinery's
 * LabelSelector), read once for every pod it is asked about; an empty one
 * selects every pod.
 */
function labelSelector(selector: ManifestReader | undefined): (labels: ReadonlyMap<string, string>) => boolean {
  if (!selector) return () => true;
  const matchLabels = [...selector.stringMap('matchLabels')].map(([key, { value }]) => [key, value] as const);
  const expressions = selector.objects('matchExpressions').map((expression) => ({
    key: expression.string('key')?.value ?? '',
    operator: expression.string('operator')?.value,
    values: expression.strings('values').map(({ value }) => value),
  }));
  return (labels) =>
    matchLabels.every(([key, value]) => labels.get(key) === value) &&
    expressions.every(({ key, operator, values }) => {
      const label = labels.get(key);
      switch (operator) {
        case 'In':
          return label !== undefined && values.includes(label);
        case 'NotIn':
          return label === undefined || !values.includes(label);
        case 'Exists':
          return label !== undefined;
        case 'DoesNotExist':
          return label === undefined;
        default:
          // The API server refuses an unknown operator; a selector it would refuse selects nothing here.
          return false;
      }
    });
}

/** Whether an egress rule's ports let TCP traffic to port 80 through: no ports is every port. */
function allowsMetadataPort(rule: ManifestReader): boolean {
  const ports = rule.objects('ports');
  if (ports.length === 0) return true;
  return ports.some((port) => {
    if ((port.string('protocol')?.value ?? 'TCP') !== 'TCP') return false;
    const number = port.scalar('port')?.value;
    // A named port names a port of the destination pod: the metadata service is no pod.
    if (number === undefined) return true;
    if (typeof number !== 'number') return false;
    const end = port.integer('endPort')?.value ?? number;
    return number <= METADATA_PORT && METADATA_PORT <= end;
  });
}

/** Whether one egress rule lets traffic to the metadata address through: no `to` is every destination; pod and namespace selectors are pods only. */
function allowsMetadata(rule: ManifestReader): boolean {
  if (!allowsMetadataPort(rule)) return false;
  const peers = rule.objects('to');
  if (peers.length === 0) return true;
  return peers.some((peer) => {
    const block = peer.child('ipBlock');
    const cidr = block?.string('cidr')?.value;
    if (!block || cidr === undefined || !holdsMetadata(cidr)) return false;
    return !block.strings('except').some(({ value }) => holdsMetadata(value));
  });
}

/** Whether the policy restricts egress: `policyTypes` says so, or, without it, the policy has egress rules (networking/v1). */
function restrictsEgress(policy: ManifestReader): boolean {
  const types = policy.strings('policyTypes').map(({ value }) => value);
  return policy.has('policyTypes') ? types.includes('Egress') : policy.has('egress');
}

/** What a policy that restricts egress says about every pod it selects, read once however many pods there are. */
interface EgressPolicy {
  selects: (labels: ReadonlyMap<string, string>) => boolean;
  /** Whether it still lets the metadata address through. */
  allowsMetadata: boolean;
}

/** Undefined for a policy that leaves egress alone. */
function egressPolicy(spec: ManifestReader): EgressPolicy | undefined {
  if (!restrictsEgress(spec)) return undefined;
  return { selects: labelSelector(spec.child('podSelector')), allowsMetadata: spec.objects('egress').some(allowsMetadata) };
}

/**
 * What the NetworkPolicies among the manifests make of a pod's egress to
 * the metadata address: undefined for a namespace none of them is in (the
 * cluster may hold others); `allowed` when no policy restricts the pod's
 * egress, or one that does allows the address (policies add up); otherwise
 * `blocked`.
 */
export function metadataEgressUnder(policies: readonly ManifestObject[]) {
  const byNamespace = new Map<string | undefined, ManifestObject[]>();
  for (const policy of policies) byNamespace.set(policy.namespace, [...(byNamespace.get(policy.namespace) ?? []), policy]);
  // Read when a pod of the namespace first asks, so that a namespace without pods reports nothing about its policies.
  const read = new Map<string | undefined, EgressPolicy[]>();
  const policiesIn = (namespace: string | undefined, objects: readonly ManifestObject[]): EgressPolicy[] => {
    let known = read.get(namespace);
    if (known === undefined) {
      known = objects.flatMap((policy) => {
        const spec = policy.reader.child('spec');
        const egress = spec && egressPolicy(spec);
        return egress ? [egress] : [];
      });
      read.set(namespace, known);
    }
    return known;
  };
  return (namespace: string | undefined, labels: ReadonlyMap<string, string>): 'allowed' | 'blocked' | undefined => {
    const inNamespace = byNamespace.get(namespace);
    if (inNamespace === undefined) return undefined;
    const applying = policiesIn(namespace, inNamespace).filter((policy) => policy.selects(labels));
    if (applying.length === 0) return 'allowed';
    return applying.some((policy) => policy.allowsMetadata) ? 'allowed' : 'blocked';
  };
}
