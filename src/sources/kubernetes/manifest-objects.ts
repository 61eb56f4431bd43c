import { InputError } from '../../errors.js';
import type { Located } from '../../yaml/located-yaml.js';
import { ManifestReader } from './manifest-reader.js';

/**
 * Where each kind that runs pods keeps its pod template (core/v1, apps/v1,
 * batch/v1): a Pod is one; the others hold a template under their spec.
 */
const POD_TEMPLATE_PATH: Readonly<Record<string, readonly string[]>> = {
  Pod: [],
  PodTemplate: ['template'],
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

export const WORKLOAD_KINDS: readonly string[] = Object.keys(POD_TEMPLATE_PATH);

/** The kinds besides workloads whose objects bear on pods: policies that filter their traffic, accounts that mount their tokens. */
export const CONTEXT_KINDS: readonly string[] = ['NetworkPolicy', 'ServiceAccount'];

/** One object of a manifest, by its identity. */
export interface ManifestObject {
  kind: string;
  name: string;
  /** Undefined when the manifest leaves it to `kubectl apply -n` or the context's namespace. */
  namespace?: string;
  reader: ManifestReader;
  origin: ObjectOrigin;
}

/** The file an object is written in, and the chart template it came from (`helm template`'s `# Source:` comment). */
export interface ObjectOrigin {
  file: string;
  template?: string;
}

/** A workload's pod template: its metadata and its spec. */
export interface PodTemplate {
  object: ManifestObject;
  metadata?: ManifestReader;
  spec: ManifestReader;
}

/** What a stream of manifests holds that dockward reads. */
export interface ManifestObjects {
  pods: PodTemplate[];
  /** NetworkPolicies and ServiceAccounts, by kind. */
  context: Map<string, ManifestObject[]>;
}

/** `kind: List` (what `kubectl get -o yaml` prints) and the typed `…List` kinds hold their objects under items. */
const isList = (kind: string) => kind === 'List' || kind.endsWith('List');

/**
 * The objects of one document: itself, or the items of a List. A workload
 * without its pod template is a problem; other kinds are skipped.
 */
export function collectObjects(
  document: Located,
  origin: ObjectOrigin,
  into: ManifestObjects,
  report: (problem: InputError) => void,
): void {
  if (document.kind !== 'map') {
    report(new InputError(document.loc, 'a manifest document must be a mapping (an object with apiVersion and kind)'));
    return;
  }
  const root = new ManifestReader(document, '', report);
  const kind = root.string('kind');
  if (!kind) {
    // A document of a multi-document stream that names no kind (a values block, a comment-only stub) is not an object.
    if (root.has('apiVersion')) report(new InputError({ ...document.loc, key: 'kind' }, 'is missing: every object names its kind'));
    return;
  }
  if (isList(kind.value)) {
    root.objects('items').forEach((item) => addObject(item, origin, into, report));
    return;
  }
  addObject(root, origin, into, report);
}

function addObject(reader: ManifestReader, origin: ObjectOrigin, into: ManifestObjects, report: (problem: InputError) => void): void {
  const kind = reader.string('kind')?.value;
  if (kind === undefined || !(Object.hasOwn(POD_TEMPLATE_PATH, kind) || CONTEXT_KINDS.includes(kind))) return;
  const metadata = reader.child('metadata');
  const namespace = metadata?.string('namespace')?.value;
  const object: ManifestObject = {
    kind,
    name: metadata?.string('name')?.value ?? metadata?.string('generateName')?.value ?? '<unnamed>',
    ...(namespace !== undefined && { namespace }),
    reader,
    origin,
  };
  const path = POD_TEMPLATE_PATH[kind];
  if (path === undefined) {
    into.context.set(kind, [...(into.context.get(kind) ?? []), object]);
    return;
  }
  let pod = reader;
  const keys = [...path, 'spec'];
  for (const [index, key] of keys.entries()) {
    if (!pod.has(key)) {
      report(new InputError({ ...pod.node.loc, key: pod.keyPath(key) }, `is missing: a ${kind} describes its pods there`));
      return;
    }
    const next = pod.child(key);
    // A value of the wrong type is reported by child().
    if (!next) return;
    if (index === keys.length - 1) {
      const podMetadata = kind === 'Pod' ? metadata : pod.child('metadata');
      into.pods.push({ object, ...(podMetadata && { metadata: podMetadata }), spec: next });
      return;
    }
    pod = next;
  }
}

/** `helm template` names each document's chart template in a `# Source:` comment before it. */
export function templateNames(text: string): { line: number; template: string }[] {
  const found: { line: number; template: string }[] = [];
  const marker = '# Source: ';
  // Found by searching for the marker rather than matching every line: each document of a long stream is searched.
  let line = 1;
  let counted = 0;
  for (let at = text.indexOf(marker); at !== -1; at = text.indexOf(marker, at + 1)) {
    if (at > 0 && text[at - 1] !== '\n') continue;
    for (let end = text.indexOf('\n', counted); end !== -1 && end < at; end = text.indexOf('\n', end + 1)) line++;
    counted = at;
    const end = text.indexOf('\n', at);
    const match = /^# Source: (.+?)\s*$/.exec(text.slice(at, end === -1 ? undefined : end));
    if (match?.[1]) found.push({ line, template: match[1] });
  }
  return found;
}
