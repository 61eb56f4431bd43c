import { basename, dirname, extname, resolve } from 'node:path';
import { holdsSeveralDocuments, mapEntry, parseLocatedYaml, SeveralDocumentsError } from '../../yaml/located-yaml.js';
import { findSuppressions } from '../discovery/inline-suppressions.js';
import { addReading, emptyReading, type FileSourceAdapter } from '../source-adapter.js';
import { loadComposeProject } from './load-project.js';
import { COMPOSE_SOURCE, hasComposeKey } from './service-to-target.js';

/** Compose files by name, with the copies projects ship for users to fill in (`docker-compose.yml.example`). */
const COMPOSE_NAME = /^(docker-)?compose(\.[\w.-]+)?\.ya?ml(\.(example|sample|dist|template|tpl))?$/i;
/** The files `docker compose` loads by default, and the override it merges over them. */
const DEFAULT_COMPOSE_NAME = /^(docker-)?compose\.ya?ml$/i;
const OVERRIDE_NAME = /^(docker-)?compose\.override\.ya?ml$/i;

/**
 * Groups Compose files into projects: in each folder, the default file and
 * its override file load together, as `docker compose` does without -f;
 * every other Compose file is a project of its own.
 */
export function composeProjects(files: readonly string[]): string[][] {
  const byFolder = new Map<string, string[]>();
  for (const file of files) byFolder.set(dirname(file), [...(byFolder.get(dirname(file)) ?? []), file]);
  const projects: string[][] = [];
  for (const folderFiles of byFolder.values()) {
    const main = folderFiles.find((file) => DEFAULT_COMPOSE_NAME.test(basename(file)));
    const overrides = folderFiles.filter((file) => OVERRIDE_NAME.test(basename(file)));
    if (main) projects.push([main, ...overrides]);
    else projects.push(...overrides.map((file) => [file]));
    for (const file of folderFiles) if (file !== main && !overrides.includes(file)) projects.push([file]);
  }
  return projects;
}

/**
 * A top-level `services` mapping whose services are Compose services: some
 * service is a mapping with a Compose key. YAML that only looks like Compose
 * (a catalogue of services described in another schema) is not.
 */
function servicesOf(text: string, file: string): 'compose' | 'foreign' | 'none' {
  // A Compose file is one document: a stream of several is some other kind of YAML, and a 3 MB one took a second to parse.
  if (holdsSeveralDocuments(text)) return 'none';
  let root;
  try {
    root = parseLocatedYaml(text, file);
  } catch (error) {
    // Several documents the `---` lines alone do not show (a directive, a `...` end).
    if (error instanceof SeveralDocumentsError) return 'none';
    throw error;
  }
  const services = mapEntry(root, 'services');
  if (services?.kind !== 'map') return 'none';
  const definitions = [...services.entries.values()].map((entry) => entry.value);
  return definitions.length === 0 || definitions.some(hasComposeKey) ? 'compose' : 'foreign';
}

export const composeAdapter: FileSourceAdapter = {
  name: 'compose',
  describes: 'a Compose file',
  kind: COMPOSE_SOURCE,
  claimsName(path) {
    if (COMPOSE_NAME.test(basename(path))) return 'claims';
    return ['.yml', '.yaml'].includes(extname(path).toLowerCase()) ? 'by-content' : 'no';
  },
  claimsContent: (text, file) => servicesOf(text, file) === 'compose',
  looksLikeButIsNot(text, file) {
    return servicesOf(text, file) === 'foreign'
      ? 'not a Compose file: its top-level services have no Compose key (image, build, …), so they describe something else'
      : undefined;
  },
  readsAfterWalk: true,
  async read(files, readText, together = []) {
    const projects = [...(together.length > 0 ? [[...together]] : []), ...composeProjects(files)];
    const results = projects.map((projectFiles) => {
      // Keep each text the loader reads (Compose, included, extended and env files) for its suppressions.
      const texts = new Map<string, string>();
      const result = loadComposeProject(projectFiles, (file) => {
        const text = readText(file);
        texts.set(file, text);
        return text;
      });
      return { projectFiles, result, texts };
    });
    // A file another project includes is part of that project, not one of its own.
    const included = new Set(results.flatMap(({ result }) => result.included.map((file) => resolve(file))));
    const reading = emptyReading();
    for (const { projectFiles, result, texts } of results) {
      if (projectFiles.every((file) => included.has(resolve(file)))) continue;
      const comments = [...texts].map(([file, text]) => findSuppressions(text, file));
      addReading(reading, {
        targets: result.targets,
        problems: [...result.problems, ...comments.flatMap((found) => found.problems)],
        suppressions: comments.flatMap((found) => found.suppressions),
        files: [...projectFiles, ...result.included],
        notes: [],
      });
    }
    return reading;
  },
};
