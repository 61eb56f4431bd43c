import type { Position } from '../../shell/shell-words.js';

/** A place in a unit, with its file where that is not the unit's own (a drop-in). */
export type UnitPosition = Position & { file?: string };

/**
 * systemd's unit file syntax as Podman's Quadlet reads it
 * (pkg/systemd/parser/unitfile.go, after systemd.syntax(7)): `[Section]`
 * headers, `Key=Value` lines with the white space around `=` ignored, `#`
 * and `;` comments (also between continued lines), a backslash at a line's
 * end continuing the value on the next line, and sections of one name
 * merged. Every value keeps where each of its characters stands, so a word
 * inside it is found at its own line and column.
 */

/** One `Key=Value` line, its value with continuations joined. */
export interface UnitEntry {
  key: string;
  value: string;
  /** Where the key starts. */
  at: UnitPosition;
  /** The line after the entry's last one: where a line added after it goes. */
  endLine: number;
  /** Where each joined piece of the value starts in the file, by its offset in `value`. */
  pieces: readonly { offset: number; at: UnitPosition }[];
}

export interface UnitSection {
  name: string;
  /** The first header of this name. */
  at: UnitPosition;
  entries: UnitEntry[];
}

/** A line Quadlet would refuse; the others are still read. */
export interface UnitProblem {
  at: UnitPosition;
  /** The key at fault, where the problem is one key's. */
  key?: string;
  problem: string;
}

export interface UnitFile {
  sections: Map<string, UnitSection>;
  problems: UnitProblem[];
}

/**
 * Merges a drop-in into a unit, as Quadlet does (podman-systemd.unit(5)):
 * its entries follow the unit's in each section of one name, so a key it
 * sets wins where Quadlet reads the last, and an empty one clears a list.
 */
export function mergeDropIn(unit: UnitFile, dropIn: UnitFile): void {
  unit.problems.push(...dropIn.problems);
  for (const [name, section] of dropIn.sections) {
    const into = unit.sections.get(name);
    if (into) into.entries.push(...section.entries);
    else unit.sections.set(name, { ...section, entries: [...section.entries] });
  }
}

const isComment = (line: string) => line === '' || line.startsWith('#') || line.startsWith(';');

/** Reads a unit's text; `file` is given for a drop-in, whose places then name it. */
export function parseUnitFile(text: string, file?: string): UnitFile {
  const place = (line: number, column: number): UnitPosition => ({ line, column, ...(file !== undefined && { file }) });
  const sections = new Map<string, UnitSection>();
  const problems: UnitProblem[] = [];
  const lines = text.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n');
  let current: UnitSection | undefined;
  let pending: { key: string; at: UnitPosition; value: string; pieces: { offset: number; at: UnitPosition }[] } | undefined;

  const finish = (endLine: number) => {
    if (!pending) return;
    current?.entries.push({ ...pending, endLine });
    pending = undefined;
  };

  lines.forEach((raw, index) => {
    const lineNumber = index + 1;
    const indent = raw.length - raw.trimStart().length;
    const line = raw.trim();
    if (pending) {
      // A comment between continued lines is skipped, as Quadlet does.
      if (isComment(line)) return;
      const continues = line.endsWith('\\') && index !== lines.length - 1;
      pending.pieces.push({ offset: pending.value.length, at: place(lineNumber, indent + 1) });
      pending.value += continues ? line.slice(0, -1) : line;
      if (!continues) finish(lineNumber + 1);
      return;
    }
    if (isComment(line)) return;
    if (/^\[[^\]]*\][ \t]*$/.test(line)) {
      const name = line.slice(1, line.indexOf(']'));
      if (name === '' || /[[\p{Cc}]/u.test(name)) {
        problems.push({ at: place(lineNumber, indent + 1), problem: `invalid section name [${name}]` });
        current = undefined;
        return;
      }
      current = sections.get(name);
      if (!current) sections.set(name, (current = { name, at: place(lineNumber, indent + 1), entries: [] }));
      return;
    }
    const equals = line.indexOf('=');
    if (equals <= 0) {
      problems.push({ at: place(lineNumber, indent + 1), problem: 'not a Key=Value line, a [Section] header or a comment' });
      return;
    }
    if (!current) {
      problems.push({ at: place(lineNumber, indent + 1), problem: 'a key outside any valid [Section]' });
      return;
    }
    const key = line.slice(0, equals).trimEnd();
    const afterEquals = line.slice(equals + 1);
    const valueStart = equals + 1 + (afterEquals.length - afterEquals.trimStart().length);
    let value = line.slice(valueStart);
    const continues = value.endsWith('\\') && index !== lines.length - 1;
    if (continues) value = value.slice(0, -1);
    pending = {
      key,
      at: place(lineNumber, indent + 1),
      value,
      pieces: [{ offset: 0, at: place(lineNumber, indent + valueStart + 1) }],
    };
    if (!continues) finish(lineNumber + 1);
  });
  finish(lines.length + 1);
  return { sections, problems };
}

/** Where the character at `offset` of an entry's value stands in the file. */
export function positionInValue(entry: UnitEntry, offset: number): UnitPosition {
  let piece = entry.pieces[0] ?? { offset: 0, at: entry.at };
  for (const candidate of entry.pieces) if (candidate.offset <= offset) piece = candidate;
  return { ...piece.at, column: piece.at.column + offset - piece.offset };
}

/** One word of a value, unquoted and unescaped, with where it starts. */
export interface UnitWord {
  text: string;
  at: UnitPosition;
}

const ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  '"': '"',
  "'": "'",
  s: ' ',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
};

/**
 * The words of a value as systemd splits a command line (extract_first_word
 * with EXTRACT_UNQUOTE and EXTRACT_CUNESCAPE, as Quadlet's LookupAllArgs):
 * white space separates words, single and double quotes group them, C-style
 * escapes are decoded. An unclosed quote takes the rest of the value, and is
 * a problem.
 */
export function splitWords(entry: UnitEntry): { words: UnitWord[]; unclosedQuote: boolean } {
  const words: UnitWord[] = [];
  const { value } = entry;
  let index = 0;
  let unclosedQuote = false;
  while (index < value.length) {
    while (index < value.length && /\s/.test(value[index] ?? '')) index++;
    if (index >= value.length) break;
    const start = index;
    let text = '';
    let quote: string | undefined;
    while (index < value.length) {
      const char = value[index] ?? '';
      if (quote) {
        if (char === quote) quote = undefined;
        else if (char === '\\' && quote === '"' && index + 1 < value.length) {
          const next = value[++index] ?? '';
          text += ESCAPES[next] ?? next;
        } else text += char;
      } else if (/\s/.test(char)) break;
      else if (char === '"' || char === "'") quote = char;
      else if (char === '\\' && index + 1 < value.length) {
        const next = value[++index] ?? '';
        text += ESCAPES[next] ?? next;
      } else text += char;
      index++;
    }
    if (quote) unclosedQuote = true;
    words.push({ text, at: positionInValue(entry, start) });
  }
  return { words, unclosedQuote };
}

/** The value as Quadlet's Lookup gives a single-valued key: trailing space trimmed, one pair of surrounding double quotes taken off. */
export function singleValue(entry: UnitEntry): string {
  const value = entry.value.trimEnd();
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

/** Every entry of a key in a section, an empty one clearing those before it (Quadlet's LookupAll). */
export function entriesOf(section: UnitSection | undefined, key: string): UnitEntry[] {
  const found: UnitEntry[] = [];
  for (const entry of section?.entries ?? []) {
    if (entry.key !== key) continue;
    if (entry.value === '') found.length = 0;
    else found.push(entry);
  }
  return found;
}

/** The last entry of a key in a section, as Quadlet's Lookup reads single-valued keys. */
export function lastEntryOf(section: UnitSection | undefined, key: string): UnitEntry | undefined {
  return section?.entries.findLast((entry) => entry.key === key);
}

/** Quadlet's LookupBoolean: 1, yes, true or on in any case; any other value is false. */
export function booleanValue(entry: UnitEntry): boolean {
  return ['1', 'yes', 'true', 'on'].includes(singleValue(entry).toLowerCase());
}
