import { isMap, isScalar, isSeq, LineCounter, parseDocument, Scalar, visit, type Node } from 'yaml';
import { findRunCommands, type RunCommand } from './run-line-to-target.js';
import { shellCommands, sourceTextOf, type Position, type SourceText } from '../../shell/shell-words.js';

/** Shell scripts (and `dockward lint --run`): the whole text is shell. */
export function runCommandsInShell(text: string): RunCommand[] {
  return findRunCommands(shellCommands(sourceTextOf(text)));
}

/**
 * Windows line continuations, as READMEs write docker run for cmd (`^`) and
 * PowerShell (a backtick), read as the shell's backslash (and a carriage
 * return after one dropped): only line ends change, so positions stay.
 */
function withPosixContinuations(text: string): string {
  return text.replace(/([ \t])[\^`]\r?$/gm, '$1\\');
}

/** PowerShell and cmd scripts: shell words, with their line continuations. */
export function runCommandsInWindowsScript(text: string): RunCommand[] {
  return runCommandsInShell(withPosixContinuations(text));
}

/** Fence languages that are shell, where `#` starts a comment rather than a root prompt. */
const SHELL_LANGUAGES = new Set(['sh', 'bash', 'shell', 'zsh', 'ksh']);

/** One code block: its lines as written, where the first begins in the file, and how far its code is indented. */
interface CodeBlock {
  lines: readonly string[];
  firstLine: number;
  indent: number;
  language: string;
}

/**
 * The commands of a code block. Prompts (`$ `, `> `, and `# ` outside shell
 * blocks, where it is a comment) are taken off; where a block has prompts,
 * the lines without one are the commands' output, unless they continue a
 * command.
 */
function blockCommands({ lines, firstLine, indent, language }: CodeBlock): RunCommand[] {
  const shell = SHELL_LANGUAGES.has(language);
  const prompt = shell ? /^\s*[$>] / : /^\s*[$#>] /;
  const prompted = lines.some((line) => prompt.test(line));
  const body: string[] = [];
  const lineStarts: Position[] = [];
  lines.forEach((written, index) => {
    let line = written.slice(Math.min(indent, written.search(/\S|$/)));
    let column = indent + 1;
    const found = prompt.exec(line);
    if (found) {
      column += found[0].length;
      line = line.slice(found[0].length);
    } else if (prompted && !/[\\^`]\s*$/.test(body.at(-1) ?? '')) line = '';
    body.push(line);
    lineStarts.push({ line: firstLine + index, column });
  });
  const text = shell ? body.join('\n') : withPosixContinuations(body.join('\n'));
  return findRunCommands(shellCommands({ text, lineStarts }));
}

/**
 * Code blocks in Markdown: fenced ones of any language or none, and indented
 * ones (four spaces or a tab after a blank line). Inline code in prose is
 * not a command.
 */
export function runCommandsInMarkdown(text: string): RunCommand[] {
  const lines = text.split('\n');
  const found: RunCommand[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w+-]*)/.exec(line);
    if (open) {
      const [, indent = '', fence = '', language = ''] = open;
      let end = index + 1;
      while (end < lines.length && !(lines[end] ?? '').trimStart().startsWith(fence)) end++;
      const block = { lines: lines.slice(index + 1, end), firstLine: index + 2, indent: indent.length, language: language.toLowerCase() };
      found.push(...blockCommands(block));
      index = end;
    } else if (/^( {4}|\t)\s*\S/.test(line) && (lines[index - 1] ?? '').trim() === '') {
      let end = index;
      while (end < lines.length && (/^( {4}|\t)/.test(lines[end] ?? '') || (lines[end] ?? '').trim() === '')) end++;
      const indent = line.startsWith('\t') ? 1 : 4;
      found.push(...blockCommands({ lines: lines.slice(index, end), firstLine: index + 1, indent, language: '' }));
      index = end - 1;
    }
  }
  return found;
}

/** Makefile recipes: tab-indented lines, without make's @, - and + prefixes. */
export function runCommandsInMakefile(text: string): RunCommand[] {
  const body: string[] = [];
  const lineStarts: Position[] = [];
  text.split('\n').forEach((line, index) => {
    const recipe = /^\t[@+-]*/.exec(line);
    body.push(recipe ? line.slice(recipe[0].length) : '');
    lineStarts.push({ line: index + 1, column: (recipe?.[0].length ?? 0) + 1 });
  });
  return findRunCommands(shellCommands({ text: body.join('\n'), lineStarts }));
}

/** Keys under which CI systems keep shell: GitHub Actions run, GitLab CI script, and the like. */
const SCRIPT_KEYS = new Set(['run', 'script', 'before_script', 'after_script', 'commands', 'command', 'cmd']);

/** The shell in a YAML scalar, with each of its lines placed where it stands in the file. */
function scalarSource(node: Scalar, text: string, lineCounter: LineCounter): SourceText | undefined {
  if (typeof node.value !== 'string' || !node.range) return undefined;
  const value = node.value;
  const start = lineCounter.linePos(node.range[0]);
  if (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) {
    // Content starts on the line after the | or > header, at the block's indentation.
    const contentLines = text.slice(node.range[0], node.range[1]).split('\n').slice(1);
    const indentation = Math.min(...contentLines.filter((line) => line.trim()).map((line) => line.search(/\S/)));
    return {
      text: value,
      lineStarts: value.split('\n').map((_, index) => ({ line: start.line + 1 + index, column: indentation + 1 })),
    };
  }
  const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE ? 1 : 0;
  return { text: value, lineStarts: value.split('\n').map(() => ({ line: start.line, column: start.col + quoted })) };
}

/** `run:` and `script:` steps of CI pipelines (GitHub Actions, GitLab CI, and similar YAML). */
export function runCommandsInYaml(text: string): RunCommand[] {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  const found: RunCommand[] = [];
  const collect = (node: Node | null | undefined) => {
    const scalars = isSeq(node) ? node.items : [node];
    for (const item of scalars) {
      if (!isScalar(item)) continue;
      const source = scalarSource(item, text, lineCounter);
      if (source) found.push(...findRunCommands(shellCommands(source)));
    }
  };
  visit(document, {
    Pair(_, pair) {
      if (isScalar(pair.key) && SCRIPT_KEYS.has(String(pair.key.value)) && !isMap(pair.value)) collect(pair.value as Node);
    },
  });
  return found;
}
