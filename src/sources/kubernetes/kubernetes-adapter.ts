import { extname } from 'node:path';
import { InputError } from '../../errors.js';
import { parseLocatedYamlStream } from '../../yaml/located-yaml.js';
import { findSuppressions } from '../discovery/inline-suppressions.js';
import { emptyReading, type FileSourceAdapter } from '../source-adapter.js';
import { collectObjects, CONTEXT_KINDS, templateNames, WORKLOAD_KINDS, type ManifestObjects } from './manifest-objects.js';
import { metadataEgressUnder } from './network-policies.js';
import { KUBERNETES_SOURCE, podToTargets } from './pod-to-targets.js';

/**
 * An object of a kind dockward reads, at the top level or in a List's
 * items: `kind: Deployment` with an `apiVersion`. Other YAML with
 * apiVersion and kind (a Kustomization, a Tekton Task, a CI config) is left
 * to the adapters after this one.
 */
const KIND_LINE = new RegExp(`^\\s*(?:- )?kind:\\s*["']?(?:${[...WORKLOAD_KINDS, ...CONTEXT_KINDS].join('|')})["']?\\s*(?:#.*)?$`, 'm');
const API_VERSION_LINE = /^\s*(?:- )?apiVersion:\s*\S/m;
const TOP_LEVEL_KEY = /^[^\s#-][^\n]*:(?:\s|$)/m;
/** `{{ .Values.x }}`, `{{- include "name" . }}`: a Go template action, as Helm charts write them. */
const GO_TEMPLATE_ACTION = /\{\{-?\s*[.$a-zA-Z/(-]/;

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
    const objects: ManifestObjects = { pods: [], context: new Map() };
    const seen = new Set<string>();
    // A pod-level value is read for each of its containers, a policy for each pod: one problem each, all the same.
    const report = (problem: InputError) => {
      if (seen.has(problem.message)) return;
      seen.add(problem.message);
      reading.problems.push(problem);
    };
    const unrendered: string[] = [];
    for (const file of files) {
      const text = readText(file);
      reading.files.push(file);
      // A Service, a ConfigMap, a custom resource: skipped unread, which in a rendered chart is most of the stream. A document
      // with no top-level key is read, to be reported as no object.
      const { documents, problems } = parseLocatedYamlStream(
        text,
        file,
        (document) => KIND_LINE.test(document) || !TOP_LEVEL_KEY.test(document),
      );
      // A chart's template is YAML only once helm renders it: not a problem of the file, but a note on how to audit it.
      if (problems.length > 0 && GO_TEMPLATE_ACTION.test(text)) {
        unrendered.push(file);
        continue;
      }
      problems.forEach(report);
      // Comments and documents come in the order of their lines: each document takes the last comment between it and the one before.
      const templates = templateNames(text);
      let next = 0;
      for (const document of documents) {
        let template: string | undefined;
        for (; next < templates.length && (templates[next]?.line ?? 0) < document.loc.line; next++) template = templates[next]?.template;
        collectObjects(document, { file, ...(template !== undefined && { template }) }, objects, report);
      }
      const comments = findSuppressions(text, file);
      reading.problems.push(...comments.problems);
      reading.suppressions.push(...comments.suppressions);
    }
    const policies = objects.context.get('NetworkPolicy') ?? [];
    const accounts = objects.context.get('ServiceAccount') ?? [];
    const context = {
      metadataEgress: metadataEgressUnder(policies),
      accountMountsToken: (namespace: string | undefined, account: string) =>
        accounts
          .find((candidate) => candidate.namespace === namespace && candidate.name === account)
          ?.reader.boolean('automountServiceAccountToken')?.value,
    };
    for (const pod of objects.pods) reading.targets.push(...podToTargets(pod, context));
    const unfiltered = [...new Set(objects.pods.map(({ object }) => object.namespace))].filter(
      (namespace) => !policies.some((policy) => policy.namespace === namespace),
    );
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
