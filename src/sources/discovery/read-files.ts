import { readdir, readlink, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError, mergeInputErrors } from '../../errors.js';
import { readInputText, fileErrorReason } from '../../files/input-file.js';
import { describeFileSources, FILE_SOURCES } from '../registry.js';
import { addReading, emptyReading, readNamedText, type FileSourceAdapter, type ReadText, type SourceReading } from '../source-adapter.js';

/** Folders never walked into: dependencies and version control. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.hg', '.svn', 'vendor']);

interface FoundFile {
  path: string;
  /** Named on the command line rather than met in a folder. */
  explicit: boolean;
}

async function walk(path: string, explicit: boolean, found: FoundFile[], problems: InputError[]): Promise<void> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    problems.push(new InputError({ file: path }, `cannot read (${fileErrorReason(error)})`));
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
    problems.push(new InputError({ file: path }, `cannot read the folder (${fileErrorReason(error)})`));
    return;
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.isDirectory() && SKIPPED_FOLDERS.has(entry.name)) continue;
    if (entry.isDirectory() || entry.isFile()) await walk(join(path, entry.name), false, found, problems);
    else if (entry.isSymbolicLink()) await followLink(join(path, entry.name), found, problems);
  }
}

/**
 * A link met in a folder is read when it leads to a file (projects link
 * `docker-compose.yml` to the file of one environment); links to folders are
 * not walked, which could loop. A dangling link of a name a source reads is
 * a problem, since the file it stood for is not audited.
 */
async function followLink(path: string, found: FoundFile[], problems: InputError[]): Promise<void> {
  try {
    if ((await stat(path)).isFile()) found.push({ path, explicit: false });
  } catch (error) {
    if (FILE_SOURCES.some((adapter) => adapter.claimsName(path) === 'claims')) {
      problems.push(
        new InputError({ file: path }, `is a link to ${await readlink(path)}, which cannot be read (${fileErrorReason(error)})`),
      );
    }
  }
}

/** The adapter that reads a file: its name first, then its content; a problem when none does and it was named explicitly. */
function claimFile({ path, explicit }: FoundFile, texts: Map<string, string>, problems: InputError[]): FileSourceAdapter | undefined {
  const claims = FILE_SOURCES.map((adapter) => ({ adapter, claim: adapter.claimsName(path) }));
  const named = claims.find(({ claim }) => claim === 'claims')?.adapter;
  if (named) return named;
  const candidates = claims.filter(({ claim }) => claim === 'by-content').map(({ adapter }) => adapter);
  if (candidates.length === 0) {
    if (explicit) problems.push(new InputError({ file: path }, `unknown file kind: expected ${describeFileSources()}`));
    return undefined;
  }
  let text: string;
  try {
    text = readInputText(path);
  } catch (error) {
    problems.push(new InputError({ file: path }, `cannot read (${fileErrorReason(error)})`));
    return undefined;
  }
  texts.set(path, text);
  let chosen: FileSourceAdapter | undefined;
  try {
    chosen = candidates.find((adapter) => adapter.claimsContent(text, path));
  } catch (error) {
    if (error instanceof InputError) problems.push(error);
    else throw error;
    return undefined;
  }
  const refusal = candidates.length === 1 ? candidates[0]?.refusal : undefined;
  if (!chosen && explicit && refusal) problems.push(new InputError({ file: path }, `unknown file kind: ${refusal}`));
  for (const adapter of explicit ? candidates : []) {
    if (adapter === chosen) continue;
    try {
      const lookalike = adapter.looksLikeButIsNot?.(text, path);
      if (lookalike) problems.push(new InputError({ file: path }, lookalike));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      // The adapter that claims the file reads it and reports its errors itself; another adapter's look at it must not
      // keep the file from being read (a stream whose first document is broken was read by none).
      if (!chosen) problems.push(error);
    }
  }
  return chosen;
}

/**
 * Reads every file of the given paths that holds container settings, each
 * through the adapter of the source registry that claims it. Folders are
 * walked; files no adapter claims are skipped there, but named explicitly
 * they are an error. `together` are files the user named as one input
 * (Compose's `-f a -f b`), for the adapter that reads them so.
 */
export async function readLintInput(
  paths: readonly string[],
  together?: { adapter: FileSourceAdapter; files: readonly string[] },
): Promise<SourceReading> {
  const input = emptyReading();
  const found: FoundFile[] = [];
  for (const path of paths) await walk(path, true, found, input.problems);

  const texts = new Map<string, string>();
  const readText: ReadText = (file) => texts.get(file) ?? readInputText(file);
  const deferred = new Map<FileSourceAdapter, string[]>();
  if (together && together.files.length > 0) deferred.set(together.adapter, []);
  for (const file of found) {
    const adapter = claimFile(file, texts, input.problems);
    if (!adapter) continue;
    if (adapter.readsAfterWalk) {
      deferred.set(adapter, [...(deferred.get(adapter) ?? []), file.path]);
      continue;
    }
    try {
      if (!texts.has(file.path)) texts.set(file.path, readInputText(file.path));
    } catch (error) {
      input.problems.push(new InputError({ file: file.path }, `cannot read (${fileErrorReason(error)})`));
      continue;
    }
    await readInto(input, adapter, [file.path], readText);
  }
  for (const [adapter, files] of deferred) {
    await readInto(input, adapter, files, readText, adapter === together?.adapter ? together.files : []);
  }
  // A file that other files extend or include is also read on its own when the walk finds it: one problem each.
  return { ...input, problems: mergeInputErrors(input.problems) };
}

async function readInto(
  input: SourceReading,
  adapter: FileSourceAdapter,
  files: readonly string[],
  readText: ReadText,
  together: readonly string[] = [],
): Promise<void> {
  try {
    addReading(input, await adapter.read(files, readText, together));
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    // A whole file the adapter could not read: the file was still looked at.
    input.problems.push(error);
    input.files.push(...files);
  }
}

/** Where findings of standard input point when it is given no name. */
export const STDIN_NAME = '<stdin>';

/**
 * Standard input (`lint -`), read as the file `name` (--stdin-filename)
 * would be: by its name first, then by its content. Without a name, its
 * content alone says what it is, in the registry's order.
 */
export async function readStandardInput(text: string, name: string | undefined): Promise<SourceReading> {
  const label = name ?? STDIN_NAME;
  const adapter =
    (name !== undefined ? FILE_SOURCES.find((candidate) => candidate.claimsName(name) === 'claims') : undefined) ??
    FILE_SOURCES.find(
      (candidate) => (name === undefined || candidate.claimsName(name) === 'by-content') && candidate.claimsContent(text, label),
    );
  if (adapter) return readNamedText(adapter, label, text);
  const reading = emptyReading();
  reading.problems.push(
    new InputError(
      { file: label },
      `unknown file kind: expected ${describeFileSources()} (--stdin-filename gives it a name that says which)`,
    ),
  );
  return reading;
}
