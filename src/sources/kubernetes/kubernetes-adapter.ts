import { extname } from 'node:path';
import { InputError } from '../../errors.js';
import { parseLocatedYamlStream, splitLocatedYamlStream, type Loc, type Located, type StreamPiece } from '../../yaml/located-yaml.js';
import type { ContainerTarget } from '../../model/target.js';
import { findSuppressions } from '../discovery/inline-suppressions.js';
import { emptyReading, type FileSourceAdapter } from '../source-adapter.js';
import {
  collectObjects,
  CONTEXT_KINDS,
  templateNames,
  WORKLOAD_KINDS,
  type ManifestObjects,
  type ObjectOrigin,
  type PodTemplate,
} from './manifest-objects.js';
import { metadataEgressUnder } from './network-policies.js';
import { KUBERNETES_SOURCE, podToTargets } from './pod-to-targets.js';

/** A line `kind: <one of these>` of a block mapping, at the top level or as a List's item. */
function kindLine(kinds: readonly string[]): RegExp {
  return new RegExp(`^\\s*(?:- )?kind:\\s*["']?(?:${kinds.join('|')})["']?\\s*(?:#.*)?$`, 'm');
}

/**
 * An object of a kind dockward reads, at the top level or in a List's
 * items: `kind: Deployment` with an `apiVersion`. Other YAML with
 * apiVersion and kind (a Kustomization, a Tekton Task, a CI config) is left
 * to the adapters after this one.
 */
const KIND_LINE = kindLine([...WORKLOAD_KINDS, ...CONTEXT_KINDS]);
const API_VERSION_LINE = /^\s*(?:- )?apiVersion:\s*\S/m;
const TOP_LEVEL_KEY = /^[^\s#-][^\n]*:(?:\s|$)/m;
/** `{{ .Values.x }}`, `{{- include "name" . }}`: a Go template action, as Helm charts write them. */
const GO_TEMPLATE_ACTION = /\{\{-?\s*[.$a-zA-Z/(-]/;

/** What the kubernetes adapter reads of a stream's documents: kinds it audits, and anything without a top-level key, to be reported as no object. */
const wantedDocument = (document: string) => KIND_LINE.test(document) || !TOP_LEVEL_KEY.test(document);
/** A document that may hold an object other pods depend on (at the top level or in a List's items). */
const CONTEXT_LINE = kindLine(CONTEXT_KINDS);

/** A document's origin when its stream is read document by document: the last `# Source:` comment before it in its own piece. */
function pieceOrigin(file: string, piece: StreamPiece, document: Located): ObjectOrigin {
  const template = templateNames(piece.text).findLast((comment) => piece.lineOffset + comment.line < document.loc.line)?.template;
  return { file, ...(template !== undefined && { template }) };
}

/** Origins for documents taken in the order of their lines: each takes the last `# Source:` comment between it and the one before. */
function originsInOrder(file: string, text: string): (line: number) => ObjectOrigin {
  const templates = templateNames(text);
  let next = 0;
  return (line) => {
    let template: string | undefined;
    for (; next < templates.length && (templates[next]?.line ?? 0) < line; next++) template = templates[next]?.template;
    return { file, ...(template !== undefined && { template }) };
  };
}

/** The namespaces a note names: a manifest without one goes where `kubectl apply` puts it. */
function namespaceName(namespace: string | undefined): string {
  return namespace ?? '(the namespace it is applied to)';
}

export const kubernetesAdapter: FileSourceAdapter = {
  name: 'kubernetes',
  describes: 'a Kubernetes manifest',
  kind: KUBERNETES_SOURCE,
  claimsName: (path) => (['.yml', '.yaml'].includes(extname(path).toLowerCase()) ? 'by-content' : 'no'),
  claimsContent: (text) => KIND_LINE.test(text) && API_VERSION_LINE.test(text),
  // NetworkPolicies and ServiceAccounts apply to pods of other files in their namespace: read every manifest at once.
  readsAfterWalk: true,
  async read(files, readText) {
    const reading = emptyReading();
    const seen = new Set<string>();
    // A pod-level value is read for each of its containers, a policy for each pod: one problem each, all the same.
    const report = (problem: InputError) => {
      if (seen.has(problem.message)) return;
      seen.add(problem.message);
      reading.problems.push(problem);
    };
    const unrendered: string[] = [];
    /** NetworkPolicies and ServiceAccounts, by kind. */
    const contextObjects: ManifestObjects['context'] = new Map();
    const podNamespaces = new Set<string | undefined>();
    /** Each pod's targets, with where the pod is written, to be placed in the order of the files and their lines. */
    let produced: { file: number; loc: Loc; targets: ContainerTarget[] }[] = [];
    /** The documents of each stream left for the second pass. */
    const rest: { file: number; text: string; pieces: StreamPiece[] }[] = [];

    // First, every file's NetworkPolicies and ServiceAccounts, which apply to pods of any file in their namespace; a
    // stream's other documents are read one at a time afterwards, each let go once its pods are targets.
    const firstPods: { file: number; pods: PodTemplate[] }[] = [];
    files.forEach((file, index) => {
      const text = readText(file);
      reading.files.push(file);
      const comments = findSuppressions(text, file);
      reading.problems.push(...comments.problems);
      reading.suppressions.push(...comments.suppressions);
      // A chart's template is YAML only once helm renders it: not a problem of the file, but a note on how to audit it.
      const helmTemplate = GO_TEMPLATE_ACTION.test(text);
      const pieces = helmTemplate ? undefined : splitLocatedYamlStream(text, file, wantedDocument);
      const contextPieces = pieces?.filter((piece) => CONTEXT_LINE.test(piece.text)) ?? [];
      const contextDocuments = contextPieces.map((piece) => piece.read());
      const into: ManifestObjects = { pods: [], context: contextObjects };
      firstPods.push({ file: index, pods: into.pods });
      if (pieces === undefined || contextDocuments.some((documents) => documents === undefined)) {
        const { documents, problems } = parseLocatedYamlStream(text, file, wantedDocument);
        if (problems.length > 0 && helmTemplate) {
          unrendered.push(file);
          return;
        }
        problems.forEach(report);
        const origin = originsInOrder(file, text);
        for (const document of documents) collectObjects(document, origin(document.loc.line), into, report);
        return;
      }
      contextPieces.forEach((piece, at) => {
        for (const document of contextDocuments[at] ?? []) collectObjects(document, pieceOrigin(file, piece, document), into, report);
      });
      rest.push({ file: index, text, pieces: pieces.filter((piece) => !contextPieces.includes(piece)) });
    });

    const policies = contextObjects.get('NetworkPolicy') ?? [];
    const accounts = contextObjects.get('ServiceAccount') ?? [];
    const context = {
      metadataEgress: metadataEgressUnder(policies),
      accountMountsToken: (namespace: string | undefined, account: string) =>
        accounts
          .find((candidate) => candidate.namespace === namespace && candidate.name === account)
          ?.reader.boolean('automountServiceAccountToken')?.value,
    };
    const toTargets = (file: number, pods: readonly PodTemplate[]) => {
      for (const pod of pods) {
        podNamespaces.add(pod.object.namespace);
        produced.push({ file, loc: pod.object.reader.node.loc, targets: podToTargets(pod, context) });
      }
    };
    for (const { file, pods } of firstPods) toTargets(file, pods);

    for (const { file: index, text, pieces } of rest) {
      const file = files[index] ?? '';
      // The context objects were taken in the first pass: here only pods are collected.
      const podsOf = (documents: readonly Located[], origin: (document: Located) => ObjectOrigin) => {
        const into: ManifestObjects = { pods: [], context: new Map() };
        for (const document of documents) collectObjects(document, origin(document), into, report);
        return into.pods;
      };
      for (const piece of pieces) {
        const documents = piece.read();
        if (documents === undefined) {
          // A document neither reader reads alone: the whole stream through the library, which places its error, and
          // every pod of the file from it.
          produced = produced.filter((entry) => entry.file !== index);
          const whole = parseLocatedYamlStream(text, file, wantedDocument);
          whole.problems.forEach(report);
          const origin = originsInOrder(file, text);
          toTargets(
            index,
            podsOf(whole.documents, (document) => origin(document.loc.line)),
          );
          break;
        }
        toTargets(
          index,
          podsOf(documents, (document) => pieceOrigin(file, piece, document)),
        );
      }
    }
    // In the order of the files and their lines, as one pass over them gives.
    produced.sort((a, b) => a.file - b.file || a.loc.line - b.loc.line || a.loc.column - b.loc.column);
    for (const { targets } of produced) reading.targets.push(...targets);
    const unfiltered = [...podNamespaces].filter((namespace) => !policies.some((policy) => policy.namespace === namespace));
    if (unrendered.length > 0) {
      const shown = unrendered.slice(0, 3).join(', ') + (unrendered.length > 3 ? ` and ${unrendered.length - 3} more` : '');
      reading.notes.push(
        `${shown} ${unrendered.length === 1 ? 'is a Helm template, which is' : 'are Helm templates, which are'} YAML only once rendered: ` +
          'audit the chart with helm template <chart> | dockward lint -',
      );
    }
    if (unfiltered.length > 0) {
      reading.notes.push(
        `no NetworkPolicy for ${unfiltered.length === 1 ? 'namespace' : 'namespaces'} ${unfiltered.map(namespaceName).join(', ')} is ` +
          'among the manifests: whether their pods reach the cloud metadata API (169.254.169.254) depends on policies in the cluster',
      );
    }
    // Each file's problems in the order of its lines, whichever pass found them.
    reading.problems.sort(
      (a, b) =>
        files.indexOf(a.position.file) - files.indexOf(b.position.file) ||
        (a.position.line ?? 0) - (b.position.line ?? 0) ||
        (a.position.column ?? 0) - (b.position.column ?? 0),
    );
    return reading;
  },
};
