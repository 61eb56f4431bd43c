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
  /** A quote, backtick or `$(` the text opens in this word and never closes: the shell would refuse the command. */
  unclosed?: true;
  /** The file the word stands in, where it is not the one its command was read from (a Quadlet unit's drop-in or env file). */
  file?: string;
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

/** Characters that end an unquoted word: white space and the control operators. */
const WORD_ENDS = ' \t\r\n;&|()';

/** Walks the text one character at a time, keeping the line and column it is at. */
class Scanner {
  index = 0;
  #line = 0;
  #column = 0;

  constructor(
    readonly text: string,
    private readonly lineStarts: readonly Position[],
  ) {}

  /** A method, not a getter: TypeScript would keep a getter's value narrowed across advance(). */
  atEnd(): boolean {
    return this.index >= this.text.length;
  }

  peek(offset = 0): string {
    return this.text[this.index + offset] ?? '';
  }

  position(): Position {
    const start = this.lineStarts[this.#line] ?? { line: this.#line + 1, column: 1 };
    return { line: start.line, column: start.column + this.#column };
  }

  advance(): string {
    const char = this.text[this.index++] ?? '';
    if (char === '\n') {
      this.#line++;
      this.#column = 0;
    } else {
      this.#column++;
    }
    return char;
  }

  /** A backslash before a newline joins the lines. */
  skipContinuation(): boolean {
    if (this.peek() !== '\\' || this.peek(1) !== '\n') return false;
    this.advance();
    this.advance();
    return true;
  }
}

/** Splits text into simple commands, joining backslash continuations and skipping comments. */
export function shellCommands({ text, lineStarts }: SourceText): ShellCommand[] {
  const commands: ShellCommand[] = [];
  let words: ShellWord[] = [];
  const scanner = new Scanner(text, lineStarts);
  const endCommand = () => {
    if (words.length > 0) commands.push(words);
    words = [];
  };
  while (!scanner.atEnd()) {
    const char = scanner.peek();
    if (scanner.skipContinuation()) continue;
    if (char === ' ' || char === '\t' || char === '\r') {
      scanner.advance();
    } else if (char === '\n' || char === ';' || char === '&' || char === '|' || char === '(' || char === ')') {
      scanner.advance();
      endCommand();
    } else if (char === '#') {
      while (!scanner.atEnd() && scanner.peek() !== '\n') scanner.advance();
    } else {
      const word = readWord(scanner);
      if (!isCommentSubstitution(word)) words.push(word);
    }
  }
  endCommand();
  return commands;
}

/**
 * `` `#optional` ``, as image READMEs annotate a continued docker run line:
 * a command substitution holding only a comment expands to nothing, so the
 * shell drops the word and the command goes on.
 */
function isCommentSubstitution(word: ShellWord): boolean {
  return /^`\s*#[^`\n]*`$/.test(word.raw);
}

/** A word: runs until unquoted white space or an operator. */
function readWord(scanner: Scanner): ShellWord {
  const start = scanner.position();
  const startIndex = scanner.index;
  let value = '';
  let unknown = false;
  let unclosed = false;
  /** Steps over the closing quote, noting when the text ends first. */
  const close = () => {
    if (scanner.atEnd()) unclosed = true;
    return scanner.advance();
  };
  while (!scanner.atEnd()) {
    const c = scanner.peek();
    if (scanner.skipContinuation()) continue;
    if (WORD_ENDS.includes(c)) break;
    if (c === '\\') {
      scanner.advance();
      value += scanner.advance();
    } else if (c === "'") {
      scanner.advance();
      while (!scanner.atEnd() && scanner.peek() !== "'") value += scanner.advance();
      close();
    } else if (c === '"') {
      const quoted = readDoubleQuoted(scanner);
      value += quoted.value;
      unknown = unknown || quoted.unknown;
      close();
    } else if (c === '$' && scanner.peek(1) === '(') {
      unknown = true;
      value += scanner.advance() + readBalanced(scanner);
      if (!value.endsWith(')')) unclosed = true;
    } else if (c === '`') {
      unknown = true;
      value += scanner.advance();
      while (!scanner.atEnd() && scanner.peek() !== '`') value += scanner.advance();
      value += close();
    } else {
      if (c === '$') unknown = unknown || isExpansion(scanner.text, scanner.index);
      value += scanner.advance();
    }
  }
  return { text: value, position: start, unknown, raw: scanner.text.slice(startIndex, scanner.index), ...(unclosed && { unclosed }) };
}

/** Inside double quotes a backslash escapes only " \ $ ` and a newline; expansions still happen. */
function readDoubleQuoted(scanner: Scanner): { value: string; unknown: boolean } {
  let value = '';
  let unknown = false;
  scanner.advance();
  while (!scanner.atEnd() && scanner.peek() !== '"') {
    const inner = scanner.peek();
    if (inner === '\\' && '"\\$`\n'.includes(scanner.peek(1))) {
      scanner.advance();
      const escaped = scanner.advance();
      if (escaped !== '\n') value += escaped;
    } else {
      if (inner === '$' || inner === '`') unknown = unknown || isExpansion(scanner.text, scanner.index);
      value += scanner.advance();
    }
  }
  return { value, unknown };
}

/** From an opening parenthesis to its match: a command substitution, kept as written. */
function readBalanced(scanner: Scanner): string {
  let depth = 0;
  let out = '';
  do {
    const c = scanner.advance();
    out += c;
    if (c === '(') depth++;
    if (c === ')') depth--;
  } while (depth > 0 && !scanner.atEnd());
  return out;
}

function isExpansion(text: string, at: number): boolean {
  const next = text[at + 1] ?? '';
  return text[at] === '`' || next === '{' || next === '(' || /[A-Za-z0-9_@*#?$!-]/.test(next);
}
