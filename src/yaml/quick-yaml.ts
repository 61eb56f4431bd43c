import { CORE_SCHEMA, load, type State } from 'js-yaml';
import { MAX_DEPTH, MAX_VALUES_PER_NODE, MIN_VALUES, mergeBases, mergedMaps, type Loc, type Located } from './located-yaml.js';

/**
 * The fast path for long streams of plain documents (a rendered chart, a
 * `kubectl get -o yaml` of a cluster): js-yaml reads YAML about ten times as
 * fast as the yaml library, and its listener tells where each node starts.
 * It is taken only for documents it reads exactly as parseLocatedYaml does;
 * anything else (tags, keys without values, an anchor on an empty value, an
 * alias that expands too far, a syntax error) is left to the yaml library,
 * which the tests compare it with. Anchors, aliases and merge keys, which
 * Compose files are full of, are read here as the library path reads them.
 */

/** A node js-yaml composed, with where it starts and the nodes composed inside it. */
interface Frame {
  line: number;
  column: number;
  /** Where js-yaml began to look for the node: where an empty value is, as the yaml library places it. */
  emptyLine: number;
  emptyColumn: number;
  /** Where the node's text starts, to tell a written null from an empty value. */
  start: number;
  children: Frame[];
  result?: unknown;
  kind?: string | null;
  /** The anchor this node carries (`&base`). */
  anchor?: string;
  /** For an alias (`*base`): the node it stands for, the last one before it with that anchor. */
  aliasOf?: Frame;
}

/** Something this path does not read as the yaml library does: the document goes to the library. */
class NotPlain extends Error {}

/** Skips the white space, line breaks and comments before a node, as a node's place is where its text starts. */
function contentStart(
  input: string,
  position: number,
  line: number,
  lineStart: number,
): { position: number; line: number; column: number } {
  let at = position;
  let currentLine = line;
  let currentLineStart = lineStart;
  while (at < input.length) {
    const char = input.charCodeAt(at);
    if (char === 0x20 || char === 0x09 || char === 0x0d) at += 1;
    else if (char === 0x0a) {
      at += 1;
      currentLine += 1;
      currentLineStart = at;
    } else if (char === 0x23 /* # */ && (at === 0 || /\s/.test(input[at - 1] ?? ' '))) {
      while (at < input.length && input.charCodeAt(at) !== 0x0a) at += 1;
    } else break;
  }
  return { position: at, line: currentLine, column: at - currentLineStart };
}

/** An anchor or alias name runs to white space or a flow indicator (YAML's ns-anchor-char). */
const NAME_END = /[\s,[\]{}]/;

function nameAt(input: string, position: number): string {
  let end = position;
  while (end < input.length && !NAME_END.test(input[end] ?? ' ')) end += 1;
  return input.slice(position, end);
}

/**
 * Where a node's content starts: after the white space and comments before it
 * and after its anchor (`&base`), as the yaml library places an anchored node.
 */
function nodeStart(input: string, position: number, line: number, lineStart: number): { position: number; line: number; column: number } {
  const start = contentStart(input, position, line, lineStart);
  if (input[start.position] !== '&') return start;
  const afterName = start.position + 1 + nameAt(input, start.position + 1).length;
  return contentStart(input, afterName, start.line, start.position - start.column);
}

/** The document's text, its file, the lines before it in that file, and what aliases may still expand to. */
interface Place {
  input: string;
  file: string;
  lineOffset: number;
  valuesLeft: number;
}

function toLocated(frame: Frame, place: Place, depth = 0, expanding = false): Located {
  // Past the library path's bounds on nesting and on what aliases expand to, it reports them.
  if (depth > MAX_DEPTH) throw new NotPlain('nested too deeply');
  if (frame.aliasOf !== undefined) return toLocated(frame.aliasOf, place, depth, true);
  if (expanding && --place.valuesLeft < 0) throw new NotPlain('an alias that expands too far');
  const { input, file, lineOffset } = place;
  const loc: Loc = { file, line: frame.line + 1 + lineOffset, column: frame.column + 1 };
  const { result, children, kind } = frame;
  // js-yaml composes some nodes twice, the outer attempt holding the inner one: a plain scalar that turned out not to be a
  // mapping's key, a flow collection given as a block value on the line after its key.
  if (children.length === 1 && children[0]?.result === result) return toLocated(children[0] as Frame, place, depth, expanding);
  if (kind === 'mapping') {
    if (children.length % 2 !== 0) throw new NotPlain('a key without a value');
    const entries = new Map<string, { key: Loc; value: Located }>();
    let bases: (Located & { kind: 'map' })[] | undefined;
    for (let index = 0; index < children.length; index += 2) {
      const keyFrame = children[index] as Frame;
      if (keyFrame.aliasOf !== undefined) throw new NotPlain('an alias as a key');
      const key = toLocated(keyFrame, place, depth + 1, expanding);
      if (key.kind !== 'scalar') throw new NotPlain('a key that is a collection');
      const name = String(key.value);
      const value = toLocated(children[index + 1] as Frame, place, depth + 1, expanding);
      if (name === '<<') {
        // A merge key: a map or a list of maps, whose keys the mapping takes where it does not set them itself.
        const maps = mergedMaps(value);
        if (!maps) throw new NotPlain('a merge key without maps');
        (bases ??= []).push(...maps);
      } else if (entries.has(name)) throw new NotPlain('a repeated key');
      else entries.set(name, { key: key.loc, value });
    }
    if (bases) mergeBases(entries, bases);
    return { kind: 'map', loc, entries };
  }
  if (kind === 'sequence') return { kind: 'seq', loc, items: children.map((child) => toLocated(child, place, depth + 1, expanding)) };
  if (children.length > 0) throw new NotPlain('a scalar composed of others');
  if (result === null || result === undefined) {
    if (frame.anchor !== undefined) throw new NotPlain('an anchor on an empty value');
    // Looked at only for a null, of which a document has few: the yaml library places an empty value where js-yaml began looking.
    const written = /^(null|Null|NULL|~)(?![^\s,\]}])/.test(input.slice(frame.start, frame.start + 5));
    const at = written ? loc : { file, line: frame.emptyLine + 1 + lineOffset, column: frame.emptyColumn + 1 };
    return { kind: 'scalar', loc: at, value: null };
  }
  if (typeof result === 'string' || typeof result === 'number' || typeof result === 'boolean')
    return { kind: 'scalar', loc, value: result };
  throw new NotPlain('a value of another type');
}

/**
 * Where js-yaml and the yaml library part ways, found by comparing them on
 * generated Compose files: js-yaml reads a carriage return alone as a line
 * break, folds a quoted scalar over several lines differently, and lets a
 * flow collection over several lines go on where the library finds an
 * error. A line whose quotes or brackets do not close on it (or a comment
 * that holds one) sends the document to the library: slower, never read
 * otherwise. So does a tag (`!!str`, `!custom`), whose reading by the yaml
 * library is the one to keep.
 */
function mayReadOtherwise(text: string): boolean {
  // One pass over the characters, a backslash taking the one after it: a stream of 10,000 objects is 3 MB.
  let doubleQuotes = 0;
  let singleQuotes = 0;
  let brackets = 0;
  for (let at = 0; at <= text.length; at++) {
    const char = at === text.length ? 0x0a : text.charCodeAt(at);
    if (char === 0x5c /* \ */ && text.charCodeAt(at + 1) !== 0x0a) at += 1;
    // A tag: `!` at the start or after white space, `[`, `{` or `,`, with its name after it.
    else if (char === 0x21 /* ! */ && (at === 0 || /[\s[{,]/.test(text[at - 1] ?? '')) && /[^\s,\]}]/.test(text[at + 1] ?? ' '))
      return true;
    else if (char === 0x22 /* " */) doubleQuotes += 1;
    else if (char === 0x27 /* ' */) singleQuotes += 1;
    else if (char === 0x7b /* { */ || char === 0x5b /* [ */) brackets += 1;
    else if (char === 0x7d /* } */ || char === 0x5d /* ] */) brackets -= 1;
    // A carriage return ends the last line of a stream's document, whose line feed the split at `---` took.
    else if (char === 0x0d && at + 1 < text.length && text.charCodeAt(at + 1) !== 0x0a) return true;
    else if (char === 0x0a) {
      if (doubleQuotes % 2 !== 0 || singleQuotes % 2 !== 0 || brackets !== 0) return true;
      doubleQuotes = singleQuotes = brackets = 0;
    }
  }
  return false;
}

/**
 * One document through js-yaml, with every node's place; undefined where the
 * document is not plain in the sense above, for the caller to read it with
 * the yaml library instead.
 */
export function quickDocument(text: string, file: string, lineOffset: number): Located | undefined {
  if (mayReadOtherwise(text)) return undefined;
  const stack: Frame[] = [{ line: 0, column: 0, emptyLine: 0, emptyColumn: 0, start: 0, children: [] }];
  const anchors = new Map<string, Frame>();
  let nodes = 0;
  try {
    load(text, {
      schema: CORE_SCHEMA,
      listener(event: 'open' | 'close', state: State) {
        if (event === 'open') {
          const start = nodeStart(state.input, state.position, state.line, state.lineStart);
          stack.push({
            line: start.line,
            column: start.column,
            emptyLine: state.line,
            emptyColumn: state.position - state.lineStart,
            start: start.position,
            children: [],
          });
          return;
        }
        const frame = stack.pop() as Frame;
        frame.result = state.result;
        frame.kind = state.kind;
        nodes += 1;
        // js-yaml keeps the anchor of the node just composed in its state, and has checked that an alias names one.
        const { anchor } = state as State & { anchor: string | null };
        if (anchor !== null) {
          frame.anchor = anchor;
          anchors.set(anchor, frame);
        } else if (state.input[frame.start] === '*') {
          const target = anchors.get(nameAt(state.input, frame.start + 1));
          // js-yaml lets an alias name a node still being composed (a cycle): the library path says so.
          if (target === undefined || target.result !== state.result) throw new NotPlain('an alias of an enclosing node');
          frame.aliasOf = target;
        }
        stack[stack.length - 1]?.children.push(frame);
      },
    });
  } catch {
    // A syntax error, a repeated key: the yaml library says it as the other sources do.
    return undefined;
  }
  const root = stack[0]?.children[0];
  // An empty document: what it stands for is the caller's (Compose reads it as no services).
  if (!root || root.result === null || root.result === undefined) return undefined;
  try {
    return toLocated(root, { input: text, file, lineOffset, valuesLeft: MAX_VALUES_PER_NODE * nodes + MIN_VALUES });
  } catch (error) {
    if (error instanceof NotPlain) return undefined;
    throw error;
  }
}

/** Whether js-yaml reads the document without an error; what it holds is not kept. */
export function isWellFormed(text: string): boolean {
  try {
    load(text, { schema: CORE_SCHEMA });
    return true;
  } catch {
    return false;
  }
}
