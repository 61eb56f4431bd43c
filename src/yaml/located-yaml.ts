import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, parseDocument, visit, type Document, type Node } from 'yaml';
import { InputError } from '../errors.js';
import { isWellFormed, quickDocument } from './quick-yaml.js';

export interface Loc {
  file: string;
  line: number;
  column: number;
}

/**
 * YAML reduced to what Compose needs, with every node's place in its file.
 * Values from several files (merges, extends, include) keep their own places.
 */
export type Located =
  | { kind: 'map'; loc: Loc; entries: Map<string, { key: Loc; value: Located }> }
  | { kind: 'seq'; loc: Loc; items: Located[] }
  | { kind: 'scalar'; loc: Loc; value: string | number | boolean | null; unknown?: boolean };

/**
 * Characters YAML does not allow in a stream (its c-printable set), and a
 * byte-order mark past the start: the yaml library reads some of them into
 * anchors it then cannot write, and docker compose refuses the file
 * ("control characters are not allowed").
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const NOT_ALLOWED = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F\uFEFF\uFFFE\uFFFF]/;

/**
 * A byte-order mark past the start or a character outside YAML's set is an
 * error for the whole stream, at its line and column.
 */
function checkCharacters(text: string, file: string): void {
  const start = text.startsWith('\uFEFF') ? 1 : 0;
  const character = NOT_ALLOWED.exec(text.slice(start));
  if (!character) return;
  const before = text.slice(0, start + character.index).split('\n');
  const code = (character[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
  throw new InputError(
    { file, line: before.length, column: (before.at(-1)?.length ?? 0) + 1 - (before.length === 1 ? start : 0) },
    `invalid YAML: the character U+${code} is not allowed ${code === 'FEFF' ? 'past the start' : 'in YAML'}`,
  );
}

const PARSE_OPTIONS = {
  merge: false,
  // yaml's own check compares every key with every other (a 10,000-service file took seconds): toLocated checks each against a Map.
  uniqueKeys: false,
} as const;

/** Several documents where one is read: a Kubernetes stream, say, where a Compose file was looked for. */
export class SeveralDocumentsError extends InputError {}

/** A document's first error as an InputError at its place; yaml's message quotes the source, which may hold a secret. */
function documentError(document: Document.Parsed, file: string): InputError | undefined {
  const error = document.errors[0];
  if (!error) return undefined;
  const position = error.linePos?.[0];
  const where = { file, ...(position && { line: position.line, column: position.col }) };
  if (error.code === 'MULTIPLE_DOCS')
    return new SeveralDocumentsError(where, 'invalid YAML: several documents (separated by ---) where one is read');
  return new InputError(where, `invalid YAML: ${error.message.split(/ at line \d+|:/)[0] ?? 'syntax error'}`);
}

function documentToLocated(document: Document.Parsed, file: string, lineCounter: LineCounter): Located | undefined {
  const { anchors, nodes } = anchorsOf(document.contents);
  return toLocated(document.contents, { anchors, file, lineCounter, valuesLeft: MAX_VALUES_PER_NODE * nodes + MIN_VALUES });
}

/** Parses YAML text; a syntax error is an InputError with its line and column. */
export function parseLocatedYaml(text: string, file: string): Located {
  checkCharacters(text, file);
  // js-yaml skips a byte-order mark at the start, and places an empty value at the very end elsewhere: the library path reads those.
  const quick = text.startsWith('\uFEFF') || !text.endsWith('\n') ? undefined : quickDocument(text, file, 0);
  return quick ?? libraryDocument(text, file);
}

/** The one document as the yaml library reads it: the reference the quick path is compared with. */
export function libraryDocument(text: string, file: string): Located {
  checkCharacters(text, file);
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, ...PARSE_OPTIONS });
  const error = documentError(document, file);
  if (error) throw error;
  return documentToLocated(document, file, lineCounter) ?? { kind: 'map', loc: { file, line: 1, column: 1 }, entries: new Map() };
}

/** One document of a stream, split at its `---` line, to be read when the caller wants it. */
export interface StreamPiece {
  text: string;
  /** The lines of the stream before it. */
  lineOffset: number;
  /**
   * Its documents: none when it is empty or the caller has no use for it
   * (see splitLocatedYamlStream); undefined when neither js-yaml nor the yaml
   * library can read it alone, and the stream must be read whole
   * (libraryStream) for its error to be placed as a stream's.
   */
  read(): Located[] | undefined;
}

/**
 * A stream's documents, each read on its own when asked, so that a caller can
 * let one document's nodes go before it reads the next; undefined for a
 * stream the `---` lines do not split exactly (see plainDocuments), which the
 * library reads whole.
 */
export function splitLocatedYamlStream(
  text: string,
  file: string,
  /** Whether a document's text may hold what the caller reads; the others are only checked for errors. */
  wanted: (document: string) => boolean = () => true,
): StreamPiece[] | undefined {
  checkCharacters(text, file);
  return plainDocuments(text)?.map(({ text: piece, lineOffset }) => ({
    text: piece,
    lineOffset,
    read() {
      if (!hasContent(piece)) return [];
      // A document the caller has no use for is only checked for errors, which js-yaml does fastest without the places.
      if (!wanted(piece) && isWellFormed(piece)) return [];
      const quick = quickDocument(piece, file, lineOffset);
      if (quick) return [quick];
      // The yaml library reads the document at its own lines, as if the ones before it were empty.
      const read = libraryStream('\n'.repeat(lineOffset) + piece, file);
      return read.problems.length > 0 ? undefined : read.documents;
    },
  }));
}

/**
 * Parses a stream of documents separated by `---` (Kubernetes manifests,
 * `helm template` output). A document with a syntax error is a problem and
 * the others are still read; empty documents are left out.
 */
export function parseLocatedYamlStream(
  text: string,
  file: string,
  wanted: (document: string) => boolean = () => true,
): { documents: Located[]; problems: InputError[] } {
  const pieces = splitLocatedYamlStream(text, file, wanted);
  if (!pieces) return libraryStream(text, file);
  const documents: Located[] = [];
  for (const piece of pieces) {
    const read = piece.read();
    if (read === undefined) return libraryStream(text, file);
    documents.push(...read);
  }
  return { documents, problems: [] };
}

/** Whether a document's text holds more than comments and white space. */
function hasContent(document: string): boolean {
  return /^[ \t]*[^\s#]/m.test(document);
}

/**
 * Whether the `---` lines split the text into more than one document with
 * content, found without reading it: a Kubernetes stream, say, where a
 * Compose file is looked for. False where they do not split it exactly.
 */
export function holdsSeveralDocuments(text: string): boolean {
  return (plainDocuments(text)?.filter((piece) => hasContent(piece.text)).length ?? 0) > 1;
}

/**
 * The documents of a stream by its `---` lines, each with the number of lines
 * before it. A `---` cannot stand at the start of a line inside a document
 * (YAML's c-forbidden), so the lines split it exactly; undefined for what the
 * split would not read the same (a directive, a `...` end, content on the
 * `---` line, a byte-order mark), which the yaml library reads whole.
 */
function plainDocuments(text: string): { text: string; lineOffset: number }[] | undefined {
  if (text.startsWith('\uFEFF')) return undefined;
  const pieces: { text: string; lineOffset: number }[] = [];
  let start = 0;
  let startLine = 0;
  let line = 0;
  let counted = 0;
  // One search for the lines that may end a document, rather than splitting a 3 MB stream into its lines.
  for (const match of text.matchAll(/^(?:---|\.\.\.|%)[^\n]*/gm)) {
    // `^` also matches after a lone carriage return, which ends no line here.
    if (match.index > 0 && text[match.index - 1] !== '\n') continue;
    const separator = match[0];
    if (separator.startsWith('...') || separator.startsWith('%') || !/^---[ \t]*(#.*)?\r?$/.test(separator)) return undefined;
    for (let at = text.indexOf('\n', counted); at !== -1 && at < match.index; at = text.indexOf('\n', at + 1)) line++;
    counted = match.index;
    pieces.push({ text: match.index > start ? text.slice(start, match.index - 1) : '', lineOffset: startLine });
    start = match.index + separator.length + 1;
    startLine = line + 1;
  }
  pieces.push({ text: start <= text.length ? text.slice(start) : '', lineOffset: startLine });
  return pieces;
}

/** The stream as the yaml library reads it: the reference the quick path is compared with. */
export function libraryStream(text: string, file: string): { documents: Located[]; problems: InputError[] } {
  const lineCounter = new LineCounter();
  const documents: Located[] = [];
  const problems: InputError[] = [];
  for (const document of parseAllDocuments(text, { lineCounter, ...PARSE_OPTIONS })) {
    const error = documentError(document, file);
    if (error) {
      problems.push(error);
      continue;
    }
    // An empty document (`---` right after `---`, as helm template prints for a template that renders nothing) is no document.
    if (isScalar(document.contents) && document.contents.source === '') continue;
    try {
      const located = documentToLocated(document, file, lineCounter);
      if (located) documents.push(located);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push(error);
    }
  }
  return { documents, problems };
}

/** An alias refers to the last node before it that carries its anchor. */
type Anchors = Map<string, { offset: number; node: Node }[]>;

/**
 * Aliases may make the values read from a document at most this many times as
 * many as it writes, plus MIN_VALUES: `<<: *defaults` in every service of a
 * large file stays well inside, while an alias bomb (billion laughs), which
 * multiplies them at every level, is stopped long before it fills the memory.
 */
export const MAX_VALUES_PER_NODE = 20;
export const MIN_VALUES = 100_000;
/** Deeper than this is an error (or an alias cycle). */
export const MAX_DEPTH = 64;

interface Reader {
  anchors: Anchors;
  file: string;
  lineCounter: LineCounter;
  /** How many more values aliases may still produce. */
  valuesLeft: number;
  /** The outermost alias being expanded, where an alias bomb is reported. */
  expanding?: Loc;
}

/**
 * All anchors of a document and the number of its nodes, found in one pass.
 * yaml's own Alias.resolve searches the whole document for every alias, which
 * made a Compose file with a thousand `<<: *defaults` take seconds.
 */
function anchorsOf(root: unknown): { anchors: Anchors; nodes: number } {
  const anchors: Anchors = new Map();
  let nodes = 0;
  // An empty document has no contents to visit.
  if (root === null) return { anchors, nodes };
  visit(root as Node, (_, node) => {
    nodes += 1;
    // An empty value of a flow mapping (`{80:80}`, `{? SYS_ADMIN}`) is visited as null.
    const anchor = (node as { anchor?: string } | null)?.anchor;
    if (anchor) anchors.set(anchor, [...(anchors.get(anchor) ?? []), { offset: (node as Node).range?.[0] ?? 0, node: node as Node }]);
  });
  return { anchors, nodes };
}

function resolveAlias(node: unknown, anchors: Anchors): unknown {
  if (!isAlias(node)) return node;
  const offset = node.range?.[0] ?? Number.MAX_SAFE_INTEGER;
  const candidates = (anchors.get(node.source) ?? []).filter((candidate) => candidate.offset < offset);
  return candidates.at(-1)?.node;
}

function toLocated(node: unknown, reader: Reader, depth = 0): Located | undefined {
  const { file, lineCounter } = reader;
  if (depth > MAX_DEPTH) throw new InputError({ file }, 'YAML nested too deeply (or an alias cycle)');
  if (isAlias(node) && reader.expanding === undefined) {
    const position = lineCounter.linePos(node.range?.[0] ?? 0);
    reader.expanding = { file, line: position.line, column: position.col };
    try {
      return toLocated(node, reader, depth);
    } finally {
      delete reader.expanding;
    }
  }
  if (reader.expanding !== undefined && --reader.valuesLeft < 0) {
    throw new InputError(reader.expanding, 'YAML aliases here expand to more values than a configuration holds (an alias bomb?)');
  }
  const resolved = resolveAlias(node, reader.anchors);
  if (isAlias(node) && !resolved) {
    const position = lineCounter.linePos(node.range?.[0] ?? 0);
    throw new InputError(
      { file, line: position.line, column: position.col },
      `invalid YAML: no anchor &${node.source} before the alias *${node.source}`,
    );
  }
  if (!resolved) return undefined;
  const offset = (resolved as Node).range?.[0] ?? 0;
  const position = lineCounter.linePos(offset);
  const loc = { file, line: position.line, column: position.col };
  if (isMap(resolved)) {
    const entries = new Map<string, { key: Loc; value: Located }>();
    const merged: Extract<Located, { kind: 'map' }>[] = [];
    for (const pair of resolved.items) {
      const keyNode = pair.key as Node | null;
      const keyPosition = lineCounter.linePos(keyNode?.range?.[0] ?? offset);
      const key = isScalar(keyNode) ? String(keyNode.value) : '';
      const value = toLocated(pair.value, reader, depth + 1) ?? {
        kind: 'scalar',
        loc: { file, line: keyPosition.line, column: keyPosition.col },
        value: null,
      };
      const keyLoc = { file, line: keyPosition.line, column: keyPosition.col };
      // YAML merge keys (<<: *defaults), common in Compose files: explicit keys win.
      if (key === '<<') {
        const maps = mergedMaps(value);
        if (!maps) throw new InputError(keyLoc, 'invalid YAML: a merge key (<<) takes a map or a list of maps');
        merged.push(...maps);
      } else if (entries.has(key)) throw new InputError(keyLoc, 'invalid YAML: Map keys must be unique');
      else entries.set(key, { key: keyLoc, value });
    }
    mergeBases(entries, merged);
    return { kind: 'map', loc, entries };
  }
  if (isSeq(resolved)) {
    return {
      kind: 'seq',
      loc,
      items: resolved.items.map((item) => toLocated(item, reader, depth + 1)).filter((item) => item !== undefined),
    };
  }
  if (isScalar(resolved)) {
    const value = resolved.value;
    return {
      kind: 'scalar',
      loc,
      value:
        typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
          ? value
          : value === null
            ? null
            : // Only a tag outside the core schema (a timestamp, say) gives another type; its text is what rules read.
              // eslint-disable-next-line @typescript-eslint/no-base-to-string
              String(value),
    };
  }
  return undefined;
}

/** The maps a merge key's value names (`<<: *a`, `<<: [*a, *b]`), nulls left out; undefined when one is not a map. */
export function mergedMaps(value: Located): (Located & { kind: 'map' })[] | undefined {
  const bases = (value.kind === 'seq' ? value.items : [value]).filter((base) => !(base.kind === 'scalar' && base.value === null));
  const maps = bases.filter((base) => base.kind === 'map');
  return maps.length === bases.length ? maps : undefined;
}

/**
 * The keys of merge keys' maps (`<<: [*a, *b]`) that a mapping does not set
 * itself: where two bases set a key, the earlier one in the list wins, as the
 * YAML merge type and docker compose read it.
 */
export function mergeBases(entries: Map<string, { key: Loc; value: Located }>, bases: readonly (Located & { kind: 'map' })[]): void {
  for (const base of bases) {
    for (const [key, entry] of base.entries) if (!entries.has(key)) entries.set(key, entry);
  }
}

export function mapEntry(node: Located | undefined, key: string): Located | undefined {
  return node?.kind === 'map' ? node.entries.get(key)?.value : undefined;
}
