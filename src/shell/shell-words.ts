/**
 * A small POSIX-shell word splitter that keeps positions, for finding and
 * reading `docker run` lines in scripts and docs. It does not run anything:
 * expansions it cannot know ($VAR, ${VAR}, $(cmd), `cmd`) mark the word as
 * unknown instead of being guessed.
 */

export interface Position {
  line: number;
  column: number;
}

export interface ShellWord {
  /** The word with quotes removed; expansions are kept as written. */
  text: string;
  position: Position;
  /** True when part of the word comes from an expansion the shell would do at run time. */
  unknown: boolean;
  /** The word as written, quotes and all. */
  raw: string;
}

/** A simple command: the words between control operators (; && || | & newlines, parentheses). */
export type ShellCommand = ShellWord[];

/** Maps offsets in `text` to lines and columns of the file it came from. */
export interface SourceText {
  text: string;
  /** Position in the file of each line of `text`, by index. */
  lineStarts: Position[];
}

export function sourceTextOf(text: string, firstLine = 1): SourceText {
  return { text, lineStarts: text.split('\n').map((_, index) => ({ line: firstLine + index, column: 1 })) };
}

/** Splits text into simple commands, joining backslash continuations and skipping comments. */
export function shellCommands({ text, lineStarts }: SourceText): ShellCommand[] {
  const commands: ShellCommand[] = [];
  let words: ShellWord[] = [];
  let line = 0;
  let column = 0;
  let index = 0;

  const position = (): Position => {
    const start = lineStarts[line] ?? { line: line + 1, column: 1 };
    return { line: start.line, column: start.column + column };
  };
  const advance = (): string => {
    const char = text[index++] ?? '';
    if (char === '\n') {
      line++;
      column = 0;
    } else {
      column++;
    }
    return char;
  };
  const endCommand = () => {
    if (words.length > 0) commands.push(words);
    words = [];
  };

  while (index < text.length) {
    const char = text[index];
    if (char === '\\' && text[index + 1] === '\n') {
      advance();
      advance();
      continue;
    }
    if (char === ' ' || char === '\t' || char === '\r') {
      advance();
      continue;
    }
    if (char === '\n' || char === ';' || char === '&' || char === '|' || char === '(' || char === ')') {
      advance();
      endCommand();
      continue;
    }
    if (char === '#') {
      while (index < text.length && text[index] !== '\n') advance();
      continue;
    }
    // A word: runs until unquoted white space or an operator.
    const start = position();
    const startIndex = index;
    let value = '';
    let unknown = false;
    while (index < text.length) {
      const c = text[index] ?? '';
      if (c === '\\' && text[index + 1] === '\n') {
        advance();
        advance();
        continue;
      }
      if (' \t\r\n;&|()'.includes(c)) break;
      if (c === '\\') {
        advance();
        value += advance();
      } else if (c === "'") {
        advance();
        while (index < text.length && text[index] !== "'") value += advance();
        advance();
      } else if (c === '"') {
        advance();
        while (index < text.length && text[index] !== '"') {
          const inner = text[index] ?? '';
          if (inner === '\\' && '"\\$`\n'.includes(text[index + 1] ?? '')) {
            advance();
            const escaped = advance();
            if (escaped !== '\n') value += escaped;
          } else {
            if (inner === '$' || inner === '`') unknown = unknown || isExpansion(text, index);
            value += advance();
          }
        }
        advance();
      } else if (c === '$' && text[index + 1] === '(') {
        unknown = true;
        value += advance() + readBalanced(advance);
      } else if (c === '`') {
        unknown = true;
        value += advance();
        while (index < text.length && text[index] !== '`') value += advance();
        value += advance();
      } else {
        if (c === '$') unknown = unknown || isExpansion(text, index);
        value += advance();
      }
    }
    words.push({ text: value, position: start, unknown, raw: text.slice(startIndex, index) });
  }
  endCommand();
  return commands;

  /** From an opening parenthesis to its match: a command substitution, kept as written. */
  function readBalanced(next: () => string): string {
    let depth = 0;
    let out = '';
    do {
      const c = next();
      out += c;
      if (c === '(') depth++;
      if (c === ')') depth--;
    } while (depth > 0 && index < text.length);
    return out;
  }
}

function isExpansion(text: string, at: number): boolean {
  const next = text[at + 1] ?? '';
  return text[at] === '`' || next === '{' || next === '(' || /[A-Za-z0-9_@*#?$!-]/.test(next);
}
