import { InputError } from '../errors.js';
import { fileErrorReason } from '../files/input-file.js';
import type { Suppression } from '../model/suppression.js';
import type { ContainerTarget, SourceKind } from '../model/target.js';

/** Reads a file as text; adapters take it as a parameter so stdin, `--run` and tests can give text from memory. */
export type ReadText = (file: string) => string;

/** What an adapter made of the files it was given. */
export interface SourceReading {
  targets: ContainerTarget[];
  /** One per file, element or key that could not be read; everything else is still audited. */
  problems: InputError[];
  /** Inline `# dockward-ignore` comments in the text it read. */
  suppressions: Suppression[];
  /** Every file read, whatever it held: included, extended and env files too. */
  files: string[];
  /**
   * What the report should say once about the input as a whole, beside its
   * findings: what the files leave unknown (no NetworkPolicy among them).
   */
  notes: string[];
}

/** How a file's name bears on whether an adapter reads it. */
export type NameClaim = 'claims' | 'by-content' | 'no';

/**
 * One kind of file that describes containers. Lint's discovery, standard
 * input, `--run`, `scan --inspect` and the rule tester all reach a source
 * through its adapter in the registry: a new source is a folder, an adapter
 * and one line there.
 */
export interface FileSourceAdapter {
  /** The adapter's name in the registry. */
  readonly name: string;
  /** What it reads, for the message about a file no adapter claims: "a Compose file". */
  readonly describes: string;
  /** What the targets it reads are, with their runtime's defaults. */
  readonly kind: SourceKind;
  /** Whether the adapter reads a file so named: claimed outright, or if its content says so. */
  claimsName(path: string): NameClaim;
  /** Asked, in registry order, for files whose name leaves it to the content. */
  claimsContent(text: string, path: string): boolean;
  /** Why a file named explicitly is refused when this adapter was the only one its name left it to: "this JSON is not…". */
  readonly refusal?: string;
  /**
   * Why content that only looks like this source's is not (YAML with a top-level `services:` in
   * another schema): a problem for a file named explicitly, which another adapter may still read.
   */
  looksLikeButIsNot?(text: string, path: string): string | undefined;
  /**
   * True for a source whose files depend on each other (Compose projects and
   * their includes): it reads every file it claimed at once, after the walk.
   * Other adapters read each file as the walk meets it.
   */
  readonly readsAfterWalk?: boolean;
  /**
   * Reads files the adapter claimed. `together` is a group of files the user
   * named as one input (`-f a -f b`). Whole-file failures are thrown as
   * InputError; the rest is returned as problems beside what could be read.
   */
  read(files: readonly string[], readText: ReadText, together?: readonly string[]): Promise<SourceReading>;
}

export function emptyReading(): SourceReading {
  return { targets: [], problems: [], suppressions: [], files: [], notes: [] };
}

/** Adds one reading to another, in place. */
export function addReading(into: SourceReading, reading: SourceReading): void {
  into.targets.push(...reading.targets);
  into.problems.push(...reading.problems);
  into.suppressions.push(...reading.suppressions);
  into.files.push(...reading.files);
  into.notes.push(...reading.notes);
}

/** A file an adapter was given, as text; one that cannot be read fails the whole file with an input error naming it. */
export function readGivenFile(readText: ReadText, file: string): string {
  try {
    return readText(file);
  } catch (error) {
    throw new InputError({ file }, `cannot read (${fileErrorReason(error)})`);
  }
}

/** Reads text that is not on disk (standard input, `--run`, a test case) under a name for its locations. */
export function readNamedText(adapter: FileSourceAdapter, name: string, text: string): Promise<SourceReading> {
  return adapter.read([name], (file) => {
    if (file === name) return text;
    throw Object.assign(new Error(`${file} is not on disk here`), { code: 'ENOENT' });
  });
}
