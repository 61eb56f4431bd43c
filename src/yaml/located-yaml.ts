import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Node } from 'yaml';
import { InputError } from '../errors.js';

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

/** Parses YAML text; a syntax error is an InputError with its line and column. */
export function parseLocatedYaml(text: string, file: string): Located {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, merge: false, uniqueKeys: true });
  const error = document.errors[0];
  if (error) {
    const position = error.linePos?.[0];
    // yaml's message quotes the source around the error, which may hold a secret: keep its description only.
    const description = error.message.split(/ at line \d+|:/)[0] ?? 'syntax error';
    throw new InputError({ file, ...(position && { line: position.line, column: position.col }) }, `invalid YAML: ${description}`);
  }
  return (
    toLocated(document.contents, anchorsOf(document.contents), file, lineCounter) ?? {
      kind: 'map',
      loc: { file, line: 1, column: 1 },
      entries: new Map(),
    }
  );
}

/** An alias refers to the last node before it that carries its anchor. */
type Anchors = Map<string, { offset: number; node: Node }[]>;

/**
 * All anchors of a document, found in one pass. yaml's own Alias.resolve
 * searches the whole document for every alias, which made a Compose file with
 * a thousand `<<: *defaults` take seconds.
 */
function anchorsOf(root: unknown): Anchors {
  const anchors: Anchors = new Map();
  // An empty document has no contents to visit.
  if (root === null) return anchors;
  visit(root as Node, (_, node) => {
    // An empty value of a flow mapping (`{80:80}`, `{? SYS_ADMIN}`) is visited as null.
    const anchor = (node as { anchor?: string } | null)?.anchor;
    if (anchor) anchors.set(anchor, [...(anchors.get(anchor) ?? []), { offset: (node as Node).range?.[0] ?? 0, node: node as Node }]);
  });
  return anchors;
}

function resolveAlias(node: unknown, anchors: Anchors): unknown {
  if (!isAlias(node)) return node;
  const offset = node.range?.[0] ?? Number.MAX_SAFE_INTEGER;
  const candidates = (anchors.get(node.source) ?? []).filter((candidate) => candidate.offset < offset);
  return candidates.at(-1)?.node;
}

function toLocated(node: unknown, anchors: Anchors, file: string, lineCounter: LineCounter, depth = 0): Located | undefined {
  if (depth > 64) throw new InputError({ file }, 'YAML nested too deeply (or an alias cycle)');
  const resolved = resolveAlias(node, anchors);
  if (!resolved) return undefined;
  const offset = (resolved as Node).range?.[0] ?? 0;
  const position = lineCounter.linePos(offset);
  const loc = { file, line: position.line, column: position.col };
  if (isMap(resolved)) {
    const entries = new Map<string, { key: Loc; value: Located }>();
    const merged: Located[] = [];
    for (const pair of resolved.items) {
      const keyNode = pair.key as Node | null;
      const keyPosition = lineCounter.linePos(keyNode?.range?.[0] ?? offset);
      const key = isScalar(keyNode) ? String(keyNode.value) : '';
      const value = toLocated(pair.value, anchors, file, lineCounter, depth + 1) ?? {
        kind: 'scalar',
        loc: { file, line: keyPosition.line, column: keyPosition.col },
        value: null,
      };
      // YAML merge keys (<<: *defaults), common in Compose files: explicit keys win.
      if (key === '<<') merged.push(...(value.kind === 'seq' ? value.items : [value]));
      else entries.set(key, { key: { file, line: keyPosition.line, column: keyPosition.col }, value });
    }
    for (const base of merged.reverse()) {
      if (base.kind !== 'map') continue;
      for (const [key, entry] of base.entries) if (!entries.has(key)) entries.set(key, entry);
    }
    return { kind: 'map', loc, entries };
  }
  if (isSeq(resolved)) {
    return {
      kind: 'seq',
      loc,
      items: resolved.items.map((item) => toLocated(item, anchors, file, lineCounter, depth + 1)).filter((item) => item !== undefined),
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

export function mapEntry(node: Located | undefined, key: string): Located | undefined {
  return node?.kind === 'map' ? node.entries.get(key)?.value : undefined;
}
