import { readFileSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { InputError } from '../../errors.js';
import type { ContainerTarget } from '../../model/target.js';
import { loadComposeProject } from '../compose/load-project.js';
import { parseLocatedYaml, mapEntry } from '../../yaml/located-yaml.js';
import { readInspectFile } from '../inspect/inspect-file.js';
import { runCommandsInMakefile, runCommandsInMarkdown, runCommandsInShell, runCommandsInYaml } from '../run-line/extract.js';
import { runCommandToTarget, type RunCommand } from '../run-line/run-line-to-target.js';
import type { Suppression } from '../../model/suppression.js';
import { findSuppressions } from './inline-suppressions.js';

export type FileKind = 'compose' | 'ci-yaml' | 'shell' | 'makefile' | 'markdown' | 'inspect-json';

/** Folders never walked into: dependencies and version control. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.hg', '.svn', 'vendor']);
const COMPOSE_NAME = /^(docker-)?compose(\.[\w.-]+)?\.ya?ml$/i;
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

/** The kind of a file from its name; YAML and JSON are decided by their content later. */
export function kindFromName(path: string): FileKind | 'yaml' | 'json' | undefined {
  const name = basename(path);
  const extension = extname(name).toLowerCase();
  if (COMPOSE_NAME.test(name)) return 'compose';
  if (['.sh', '.bash', '.zsh', '.ksh'].includes(extension)) return 'shell';
  if (name === 'Makefile' || name === 'GNUmakefile' || name === 'makefile' || extension === '.mk') return 'makefile';
  if (extension === '.md' || extension === '.markdown') return 'markdown';
  if (extension === '.yml' || extension === '.yaml') return 'yaml';
  if (extension === '.json') return 'json';
  return undefined;
}

export interface LintInput {
  targets: ContainerTarget[];
  suppressions: Suppression[];
  problems: InputError[];
  /** Every file read, whatever it held. */
  files: string[];
}

async function walk(path: string, explicit: boolean, found: { path: string; explicit: boolean }[], problems: InputError[]): Promise<void> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    problems.push(new InputError({ file: path }, `cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`));
    return;
  }
  if (!info.isDirectory()) {
    found.push({ path, explicit });
    return;
  }
  let entries;
  try {
    entries = await readdir(path, { withFileTypes: true });
  } catch (error) {
    problems.push(new InputError({ file: path }, `cannot read the folder (${(error as NodeJS.ErrnoException).code ?? 'error'})`));
    return;
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.isDirectory() && SKIPPED_FOLDERS.has(entry.name)) continue;
    if (entry.isDirectory() || entry.isFile()) await walk(join(path, entry.name), false, found, problems);
  }
}

/** How each kind of text file holds docker run lines. */
const RUN_LINE_EXTRACTORS: Record<'ci-yaml' | 'shell' | 'makefile' | 'markdown', (text: string) => RunCommand[]> = {
  'ci-yaml': runCommandsInYaml,
  shell: runCommandsInShell,
  makefile: runCommandsInMakefile,
  markdown: runCommandsInMarkdown,
};

function runTargets(commands: RunCommand[], file: string): ContainerTarget[] {
  return commands.map((command) => runCommandToTarget(command, file));
}

/**
 * Reads every file of the given paths that holds container settings. Folders
 * are walked; files whose kind is not known are skipped there, but named
 * explicitly they are an error. Compose files with their override file form
 * one project, as `docker compose` loads them.
 */
export async function readLintInput(paths: readonly string[], composeFiles: readonly string[] = []): Promise<LintInput> {
  const input: LintInput = { targets: [], suppressions: [], problems: [], files: [] };
  const found: { path: string; explicit: boolean }[] = [];
  for (const path of paths) await walk(path, true, found, input.problems);

  const addSuppressions = (text: string, file: string) => input.suppressions.push(...findSuppressions(text, file));

  const composeFilesFound: string[] = [];
  for (const { path, explicit } of found) {
    let kind = kindFromName(path);
    if (kind === 'compose') {
      composeFilesFound.push(path);
      continue;
    }
    if (kind === undefined) {
      if (explicit)
        input.problems.push(
          new InputError(
            { file: path },
            'unknown file kind: expected a Compose file, a shell script, a Makefile, Markdown, CI YAML or docker inspect JSON',
          ),
        );
      continue;
    }
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      input.problems.push(new InputError({ file: path }, `cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`));
      continue;
    }
    try {
      if (kind === 'yaml') kind = isComposeYaml(text, path) ? 'compose' : 'ci-yaml';
      if (kind === 'json') {
        if (!looksLikeInspect(text)) {
          if (explicit) input.problems.push(new InputError({ file: path }, 'unknown file kind: this JSON is not docker inspect output'));
          continue;
        }
        kind = 'inspect-json';
      }
      if (kind === 'compose') {
        composeFilesFound.push(path);
        continue;
      }
      input.files.push(path);
      if (kind === 'inspect-json') {
        const result = await readInspectFile(path);
        input.targets.push(...result.targets);
        input.problems.push(...result.problems);
      } else {
        input.targets.push(...runTargets(RUN_LINE_EXTRACTORS[kind](text), path));
        addSuppressions(text, path);
      }
    } catch (error) {
      if (error instanceof InputError) input.problems.push(error);
      else throw error;
    }
  }
  // Compose projects last: a file another project includes is part of that project, not one of its own.
  const projects = [...(composeFiles.length > 0 ? [[...composeFiles]] : []), ...composeProjects(composeFilesFound)];
  const results = projects.map((files) => {
    // Keep each text the loader reads (Compose, included, extended and env files) for its suppressions.
    const texts = new Map<string, string>();
    const result = loadComposeProject(files, (file) => {
      const text = readFileSync(file, 'utf8');
      texts.set(file, text);
      return text;
    });
    return { files, result, texts };
  });
  const included = new Set(results.flatMap(({ result }) => result.included.map((file) => resolve(file))));
  for (const { files, result, texts } of results) {
    if (files.every((file) => included.has(resolve(file)))) continue;
    for (const [file, text] of texts) addSuppressions(text, file);
    input.targets.push(...result.targets);
    input.problems.push(...result.problems);
    input.files.push(...files, ...result.included);
  }
  return input;
}

/** YAML whose top level has a `services` mapping is Compose; GitLab CI's `services` is a list. */
function isComposeYaml(text: string, file: string): boolean {
  const root = parseLocatedYaml(text, file);
  return mapEntry(root, 'services')?.kind === 'map';
}

/** docker inspect output: an array of objects with Id and HostConfig (or one such object). */
function looksLikeInspect(text: string): boolean {
  const head = text.slice(0, 4096);
  return /"Id"\s*:/.test(head) && /"HostConfig"\s*:/.test(text);
}
