import { CORE_SCHEMA, load, type State } from 'js-yaml';
import type { Loc, Located } from './located-yaml.js';

/**
 * The fast path for long streams of plain documents (a rendered chart, a
 * `kubectl get -o yaml` of a cluster): js-yaml reads YAML about ten times as
 * fast as the yaml library, and its listener tells where each node starts.
 * It is taken only for documents it reads exactly as parseLocatedYaml does;
 * anything else (anchors and aliases, tags, merge keys, keys without values,
 * a syntax error) is left to the yaml library, which the tests compare it with.
 */

/** A node js-yaml composed, with where it starts and the nodes composed inside it. */
interface Frame {
  line: number;
  column: number;
  /** Where js-yaml began to look for the node: where an empty value is, as the yaml library places it. */
  empty: { line: number; column: number };
  /** Where the node's text starts, to tell a written null from an empty value. */
  start: number;
  children: Frame[];
  result?: unknown;
  kind?: string | null;
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

/** The document's text, its file, and the lines before it in that file. */
interface Place {
  input: string;
  file: string;
  lineOffset: number;
}

function toLocated(frame: Frame, place: Place): Located {
  const { input, file, lineOffset } = place;
  const loc: Loc = { file, line: frame.line + 1 + lineOffset, column: frame.column + 1 };
  const { result, children, kind } = frame;
  // js-yaml composes some nodes twice, the outer attempt holding the inner one: a plain scalar that turned out not to be a
  // mapping's key, a flow collection given as a block value on the line after its key.
  if (children.length === 1 && children[0]?.result === result) return toLocated(children[0] as Frame, place);
  if (kind === 'mapping') {
    if (children.length % 2 !== 0) throw new NotPlain('a key without a value');
    const entries = new Map<string, { key: Loc; value: Located }>();
    for (let index = 0; index < children.length; index += 2) {
      const keyFrame = children[index] as Frame;
      const key = toLocated(keyFrame, place);
      if (key.kind !== 'scalar') throw new NotPlain('a key that is a collection');
      const name = String(key.value);
      if (name === '<<' || entries.has(name)) throw new NotPlain('a merge key or a repeated key');
      entries.set(name, { key: key.loc, value: toLocated(children[index + 1] as Frame, place) });
    }
    return { kind: 'map', loc, entries };
  }
  if (kind === 'sequence') return { kind: 'seq', loc, items: children.map((child) => toLocated(child, place)) };
  if (children.length > 0) throw new NotPlain('a scalar composed of others');
  if (result === null || result === undefined) {
    // Looked at only for a null, of which a document has few: the yaml library places an empty value where js-yaml began looking.
    const written = /^(null|Null|NULL|~)(?![^\s,\]}])/.test(input.slice(frame.start, frame.start + 5));
    const at = written ? loc : { file, line: frame.empty.line + 1 + lineOffset, column: frame.empty.column + 1 };
    return { kind: 'scalar', loc: at, value: null };
  }
  if (typeof result === 'string' || typeof result === 'number' || typeof result === 'boolean')
    return { kind: 'scalar', loc, value: result };
  throw new NotPlain('a value of another type');
}

/**
 * One document through js-yaml, with every node's place; undefined where the
 * document is not plain in the sense above, for the caller to read it with
 * the yaml library instead.
 */
export function quickDocument(text: string, file: string, lineOffset: number): Located | undefined {
  // Anchors, aliases and tags: the yaml library's reading of them (and its guard against alias bombs) is the one to keep.
  if (/(^|[\s[{,])[&*!][^\s,\]}]/.test(text)) return undefined;
  const stack: Frame[] = [{ line: 0, column: 0, empty: { line: 0, column: 0 }, start: 0, children: [] }];
  try {
    load(text, {
      schema: CORE_SCHEMA,
      listener(event: 'open' | 'close', state: State) {
        if (event === 'open') {
          const start = contentStart(state.input, state.position, state.line, state.lineStart);
          stack.push({
            line: start.line,
            column: start.column,
            empty: { line: state.line, column: state.position - state.lineStart },
            start: start.position,
            children: [],
          });
          return;
        }
        const frame = stack.pop() as Frame;
        frame.result = state.result;
        frame.kind = state.kind;
        stack[stack.length - 1]?.children.push(frame);
      },
    });
  } catch {
    // A syntax error, a repeated key: the yaml library says it as the other sources do.
    return undefined;
  }
  const root = stack[0]?.children[0];
  if (!root) return undefined;
  try {
    return toLocated(root, { input: text, file, lineOffset });
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
