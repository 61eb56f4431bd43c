import { basename, dirname, join, resolve } from 'node:path';
import { InputError, mergeInputErrors } from '../../errors.js';
import { readInputText, fileErrorReason } from '../../files/input-file.js';
import type { ContainerTarget } from '../../model/target.js';
import type { ReadText } from '../source-adapter.js';
import { parseEnvFile } from './interpolate.js';
import { mapEntry, parseLocatedYaml, type Loc, type Located } from '../../yaml/located-yaml.js';
import { mergeLocated } from './merge.js';
import { ComposeShapeError, hasComposeKey, serviceToTarget, type ServiceContext } from './service-to-target.js';

export interface ComposeResult {
  targets: ContainerTarget[];
  /** One per file or service that could not be read; the others are still audited. */
  problems: InputError[];
  /** Files brought in by `include`, which are part of this project rather than projects of their own. */
  included: string[];
}

/** A path named inside a file, relative to that file's folder, kept in the same form the user gave. */
function besides(file: string, path: string): string {
  return path.startsWith('/') ? path : join(dirname(file), path);
}

const readFromDisk: ReadText = (file) => readInputText(file);

function readOrFail(read: ReadText, file: string, from?: Loc): string {
  try {
    return read(file);
  } catch (error) {
    const reason = fileErrorReason(error);
    throw from ? new InputError(from, `cannot read ${file} (${reason})`) : new InputError({ file }, `cannot read (${reason})`);
  }
}

function asInputError(problem: ComposeShapeError | InputError): InputError {
  return problem instanceof ComposeShapeError ? shapeProblem(problem) : problem;
}

function shapeProblem(error: ComposeShapeError): InputError {
  return new InputError(
    { file: error.loc.file, line: error.loc.line, column: error.loc.column, key: error.key },
    `must be ${error.expected}`,
  );
}

/** Compose's project name: the project directory's name, lower-cased, limited to [a-z0-9_-]. */
function projectNameOf(file: string): string {
  return (
    basename(dirname(resolve(file)))
      .toLowerCase()
      .replace(/[^a-z0-9_-]/g, '') || 'default'
  );
}

interface LoadedFile {
  root: Located & { kind: 'map' };
  file: string;
}

function loadFile(read: ReadText, file: string, from?: Loc): LoadedFile {
  const root = parseLocatedYaml(readOrFail(read, file, from), file);
  // A file included by mistake (/etc/shadow) is reported where it is named, and nothing of it is quoted.
  const refuse = (why: string) =>
    new InputError(from ?? { file, line: root.loc.line, column: root.loc.column }, from ? `${file} is not a Compose file: ${why}` : why);
  if (root.kind !== 'map') throw refuse('a Compose file must be a mapping with a services key');
  const keys = [...root.entries.keys()];
  if (keys.length > 0 && !keys.some(isComposeTopLevelKey) && !formatOneServices(root))
    throw refuse("none of its top-level keys is Compose's");
  const services = mapEntry(root, 'services');
  if (services !== undefined && services.kind !== 'map' && !(services.kind === 'scalar' && services.value === null)) {
    throw new InputError(
      { file, line: services.loc.line, column: services.loc.column, key: 'services' },
      'must be a mapping of service names to services',
    );
  }
  return { root, file };
}

/** The top-level elements of Compose formats 2 and 3 and of the Compose Specification (compose-spec 01-status.md onwards). */
const LATER_FORMAT_KEYS: ReadonlySet<string> = new Set([
  'version',
  'name',
  'services',
  'networks',
  'volumes',
  'secrets',
  'configs',
  'include',
]);

function isComposeTopLevelKey(key: string): boolean {
  return LATER_FORMAT_KEYS.has(key) || key.startsWith('x-');
}

const FORMAT_ONE =
  'services at the top level are Compose file format 1, which docker compose v2 no longer reads: put them under services: ' +
  '(they are audited as they are)';

/**
 * Compose file format 1 (docker-compose 1.x, before `version:` and `services:`) wrote each service at
 * the top level. A file of only such mappings, each with a Compose key, is read as that format.
 */
function formatOneServices(root: Located): Located | undefined {
  if (root.kind !== 'map' || root.entries.size === 0) return undefined;
  // Format 1 had nothing but services: a top-level key of the later formats, or an x- extension, rules it out.
  if ([...root.entries.keys()].some(isComposeTopLevelKey)) return undefined;
  const values = [...root.entries.values()].map((entry) => entry.value);
  return values.every((value) => value.kind === 'map' && hasComposeKey(value)) ? root : undefined;
}

/**
 * Loads one Compose project: several files merged in order as `docker compose
 * -f a -f b` does, `include`d files, `extends`, variables from the .env file
 * beside the first file, and `env_file`s.
 */
export function loadComposeProject(
  files: readonly string[],
  read: ReadText = readFromDisk,
  /** The files whose include led here, outermost first: one of them included again is a cycle. */
  includedBy: readonly string[] = [],
  /** The include that names these files, where a file that cannot be read is reported. */
  includedAt?: Loc,
): ComposeResult {
  const problems: InputError[] = [];
  const included: string[] = [];
  const first = files[0];
  if (first === undefined) return { targets: [], problems, included };
  const variables = new Map<string, string>();
  const dotEnvLines = new Map<string, Loc>();
  const dotEnv = besides(first, '.env');
  try {
    for (const { name, value, line } of parseEnvFile(read(dotEnv))) {
      variables.set(name, value);
      dotEnvLines.set(name, { file: dotEnv, line, column: 1 });
    }
  } catch {
    // No .env file: only what the files themselves say.
  }

  const loaded: LoadedFile[] = [];
  for (const file of files) {
    try {
      loaded.push(loadFile(read, file, includedAt));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push(error);
    }
  }
  if (loaded.length === 0) return { targets: [], problems, included };
  const merged = loaded.slice(1).reduce<Located>((base, next) => mergeLocated(base, next.root), loaded[0]?.root as Located);

  const context: ServiceContext = {
    projectName: projectNameOf(first),
    variables,
    dotEnvLine: (name) => dotEnvLines.get(name),
    envFile(path, from, required) {
      const file = besides(from.file, path);
      let text: string;
      try {
        text = readOrFail(read, file, from);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        if (required) problems.push(error);
        return [];
      }
      return parseEnvFile(text).map(({ name, value, line }) => ({ name, value, loc: { file, line, column: 1 } }));
    },
    report(problem) {
      problems.push(asInputError(problem));
    },
  };

  const services = new Map<string, { node: Located; key: Loc; file: string }>();
  const collect = (root: Located, file: string) => {
    const formatOne = formatOneServices(root);
    if (formatOne) problems.push(new InputError({ file, line: root.loc.line, column: root.loc.column }, FORMAT_ONE));
    const node = formatOne ?? mapEntry(root, 'services');
    if (node?.kind !== 'map') return;
    for (const [name, entry] of node.entries) services.set(name, { node: entry.value, key: entry.key, file });
  };
  collect(merged, first);

  const targets: ContainerTarget[] = [];
  // include: other Compose files whose services join this project.
  const includeNode = mapEntry(merged, 'include');
  for (const item of includeNode?.kind === 'seq' ? includeNode.items : []) {
    const pathNode = item.kind === 'map' ? mapEntry(item, 'path') : item;
    const paths = pathNode?.kind === 'seq' ? pathNode.items : pathNode ? [pathNode] : [];
    const includedFiles = paths
      .filter((path) => path.kind === 'scalar' && typeof path.value === 'string')
      .map((path) => besides(path.loc.file, (path as { value: string }).value));
    if (includedFiles.length === 0) continue;
    const chain = [...includedBy, ...files];
    const cycle = includedFiles.find((file) => chain.some((outer) => resolve(outer) === resolve(file)));
    if (cycle !== undefined) {
      problems.push(new InputError({ ...item.loc, key: 'include' }, `is a cycle: ${[...chain, cycle].join(' includes ')}`));
      continue;
    }
    const result = loadComposeProject(includedFiles, read, chain, item.loc);
    // A file that cannot be read is reported at this include already; what the included files hold was reached through it.
    problems.push(
      ...result.problems.map((problem) => (problem.position.file === item.loc.file ? problem : problem.reachedThrough(item.loc.file))),
    );
    targets.push(...result.targets);
    included.push(...includedFiles, ...result.included);
  }

  const provenance: Provenance = new WeakMap();
  for (const [name, { node, key, file }] of services) {
    let resolved: Located;
    try {
      resolved = resolveExtends(read, name, node, services, new Set(), provenance);
    } catch (error) {
      if (!(error instanceof ComposeShapeError || error instanceof InputError)) throw error;
      problems.push(asInputError(error));
      // The base could not be read: what the service says itself is still audited, if it says anything.
      resolved = withoutExtends(node);
      if (!hasComposeKey(resolved)) continue;
    }
    try {
      if (resolved.kind === 'map' && resolved.entries.size > 0 && !hasComposeKey(resolved)) {
        // Described in another schema: reported once, and not audited as a container it does not describe.
        problems.push(
          new InputError({ ...key, key: `services.${name}` }, 'has no Compose key (image, build, …): this is not a Compose service'),
        );
        continue;
      }
      const report = (problem: ComposeShapeError | InputError) =>
        problems.push(atItsOrigin(asInputError(problem), name, resolved, file, provenance));
      targets.push(serviceToTarget(name, resolved, key, { ...context, report }));
    } catch (error) {
      if (error instanceof ComposeShapeError) problems.push(shapeProblem(error));
      else if (error instanceof InputError) problems.push(error);
      else throw error;
    }
  }
  return { targets, problems: mergeInputErrors(problems), included };
}

/** The service a key of a merged service was written in, where another service's `extends` brought the key in unchanged. */
type Provenance = WeakMap<Located, { service: string; file: string }>;

/**
 * A problem in a key that `extends` brought in belongs to the service that
 * holds it: named by that service's key path, reached through the file of the
 * service that extends it (so several services extending one are one problem).
 */
function atItsOrigin(problem: InputError, name: string, service: Located, file: string, provenance: Provenance): InputError {
  const prefix = `services.${name}.`;
  const key = problem.position.key;
  if (service.kind !== 'map' || !key?.startsWith(prefix)) return problem;
  const rest = key.slice(prefix.length);
  const entry = service.entries.get(rest.split(/[.[]/)[0] ?? '');
  const origin = entry && provenance.get(entry.value);
  const elsewhere = origin !== undefined && (origin.service !== name || origin.file !== file);
  return elsewhere ? problem.reachedThrough(file, { ...problem.position, key: `services.${origin.service}.${rest}` }) : problem;
}

/** `extends: base` or `extends: {service: base, file: common.yml}`: the base service with this one merged over it. */
function resolveExtends(
  read: ReadText,
  name: string,
  node: Located,
  services: ReadonlyMap<string, { node: Located; key: Loc }>,
  seen: Set<string>,
  provenance: Provenance,
): Located {
  if (node.kind !== 'map') return node;
  const extendsNode = mapEntry(node, 'extends');
  if (extendsNode === undefined) return node;
  const reference = extendsNode.kind === 'map' ? mapEntry(extendsNode, 'service') : extendsNode;
  const fileNode = extendsNode.kind === 'map' ? mapEntry(extendsNode, 'file') : undefined;
  if (reference?.kind !== 'scalar' || typeof reference.value !== 'string') {
    throw new ComposeShapeError(extendsNode.loc, `services.${name}.extends`, 'a service name or {service, file}');
  }
  const baseName = reference.value;
  const identity = `${fileNode?.kind === 'scalar' ? String(fileNode.value) : ''}#${baseName}`;
  if (seen.has(identity)) throw new ComposeShapeError(extendsNode.loc, `services.${name}.extends`, 'free of cycles');
  seen.add(identity);
  let baseServices = services;
  if (fileNode?.kind === 'scalar' && typeof fileNode.value === 'string') {
    const other = loadFile(read, besides(fileNode.loc.file, fileNode.value), fileNode.loc);
    const otherServices = mapEntry(other.root, 'services');
    baseServices = new Map(
      otherServices?.kind === 'map'
        ? [...otherServices.entries].map(([serviceName, entry]) => [serviceName, { node: entry.value, key: entry.key }])
        : [],
    );
  }
  const base = baseServices.get(baseName)?.node;
  if (base === undefined)
    throw new ComposeShapeError(reference.loc, `services.${name}.extends`, `a service that exists (no "${baseName}")`);
  const resolvedBase = resolveExtends(read, baseName, base, baseServices, seen, provenance);
  if (resolvedBase.kind === 'map')
    for (const { value } of resolvedBase.entries.values())
      if (!provenance.has(value)) provenance.set(value, { service: baseName, file: base.loc.file });
  return mergeLocated(resolvedBase, withoutExtends(node));
}

function withoutExtends(node: Located): Located {
  return node.kind === 'map' ? { ...node, entries: new Map([...node.entries].filter(([key]) => key !== 'extends')) } : node;
}
