import { stripVTControlCharacters } from 'node:util';

/** SGR sequences, the only escapes the table writes (terminalSafe escapes any that came from the input): skipped when finding where to cut. */
// eslint-disable-next-line no-control-regex -- matching the escape character is the point
const SGR = /\u001b\[[0-9;]*m/g;

/** The room a wrapped message keeps at least; past it, continuation lines indent by two spaces only. */
const MIN_ROOM = 30;

const visibleLength = (text: string) => stripVTControlCharacters(text).length;

/** The index in `line` of its `visible`-th visible character, colour sequences skipped. */
function rawIndex(line: string, visible: number): number {
  let seen = 0;
  let index = 0;
  while (index < line.length && seen < visible) {
    SGR.lastIndex = index;
    const escape = line[index] === '\u001b' ? SGR.exec(line) : null;
    if (escape && escape.index === index) index += escape[0].length;
    else {
      index += 1;
      seen += 1;
    }
  }
  return index;
}

/**
 * The pieces a line may break between: its words, and within a word longer
 * than `room`, the parts after each comma (a mount's `type=bind,source=…`),
 * which join again without a space.
 */
function pieces(text: string, room: number): { text: string; glue: string }[] {
  return text.split(' ').flatMap((word, index) => {
    const glue = index === 0 ? '' : ' ';
    if (visibleLength(word) <= room || !word.includes(',')) return [{ text: word, glue }];
    return word.split(/(?<=,)/).map((part, at) => ({ text: part, glue: at === 0 ? glue : '' }));
  });
}

/**
 * A table line fitted to a terminal `width` wide: broken at spaces (or after
 * a comma inside a word too long for the room), never inside a word, with a
 * hanging indent at the line's last column (a run of two or more spaces that
 * leaves MIN_ROOM, where the message starts), else two spaces. A piece too
 * long for the hanging indent starts a line two spaces in; one longer than
 * the whole width stays whole on a line of its own.
 */
export function wrapLine(line: string, width: number): string {
  if (visibleLength(line) <= width) return line;
  const visible = stripVTControlCharacters(line);
  let indent = 2;
  for (const match of visible.matchAll(/ {2,}/g)) {
    const end = match.index + match[0].length;
    if (end <= width - MIN_ROOM) indent = end;
  }
  const cut = rawIndex(line, indent);
  const lines: string[] = [];
  let current = line.slice(0, cut);
  let length = visibleLength(current);
  let empty = true;
  for (const { text, glue } of pieces(line.slice(cut), width - indent)) {
    const size = visibleLength(text);
    if (!empty && length + glue.length + size > width) {
      lines.push(current);
      const margin = indent + size > width ? 2 : indent;
      current = ' '.repeat(margin) + text;
      length = margin + size;
    } else {
      current += empty ? text : glue + text;
      length += (empty ? 0 : glue.length) + size;
    }
    empty = false;
  }
  lines.push(current);
  return lines.join('\n');
}
