import { composeAdapter } from './compose/compose-adapter.js';
import { inspectAdapter } from './inspect/inspect-adapter.js';
import { kubernetesAdapter } from './kubernetes/kubernetes-adapter.js';
import { quadletAdapter } from './quadlet/quadlet-adapter.js';
import { ciYamlAdapter, makefileAdapter, markdownAdapter, shellAdapter, windowsScriptAdapter } from './run-line/run-line-adapters.js';
import type { FileSourceAdapter } from './source-adapter.js';

/**
 * Every kind of file dockward reads. Order matters where names overlap:
 * content claims are asked in this order. A Kubernetes manifest is known by
 * a line (a workload kind beside an apiVersion) without parsing, so it comes
 * first: a chart's template, which is no YAML until rendered, never reaches
 * the Compose check, which parses. Compose and Kubernetes see a YAML file
 * before the CI adapter, which takes any YAML, and standard input without a
 * name before the script adapters, which take any text. Quadlet units are
 * known by their extension, or on standard input by a [Container] or other
 * Quadlet section header.
 */
export const FILE_SOURCES: readonly FileSourceAdapter[] = [
  kubernetesAdapter,
  composeAdapter,
  quadletAdapter,
  shellAdapter,
  windowsScriptAdapter,
  makefileAdapter,
  markdownAdapter,
  ciYamlAdapter,
  inspectAdapter,
];

export function fileSource(name: string): FileSourceAdapter {
  const adapter = FILE_SOURCES.find((candidate) => candidate.name === name);
  if (!adapter) throw new Error(`no source adapter is named ${name}`);
  return adapter;
}

/** "a Compose file, a shell script, … or docker inspect JSON" */
export function describeFileSources(): string {
  const kinds = FILE_SOURCES.map((adapter) => adapter.describes);
  return `${kinds.slice(0, -1).join(', ')} or ${kinds.at(-1) ?? ''}`;
}
