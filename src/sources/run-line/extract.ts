import { isMap, isScalar, isSeq, LineCounter, parseDocument, Scalar, visit, type Node } from 'yaml';
import { findRunCommands, type RunCommand } from './run-line-to-target.js';
import { shellCommands, sourceTextOf, type Position, type SourceText } from '../../shell/shell-words.js';

/** Shell scripts (and `dockward lint --run`): the whole text is shell. */
export function runCommandsInShell(text: string): RunCommand[] {
  return findRunCommands(shellCommands(sourceTextOf(text)));
}

/** Code-block languages that hold shell commands; an unlabelled block counts too. */
const SHELL_FENCES = new Set(['', 'sh', 'bash', 'shell', 'zsh', 'console', 'terminal', 'shell-session', 'shellsession']);

/** Fenced code blocks in Markdown. In console blocks only `$ ` prompt lines are commands. */
export function runCommandsInMarkdown(text: string): RunCommand[] {
  const lines = text.split('\n');
  const found: RunCommand[] = [];
  for (let index = 0; index < lines.length; index++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[index] ?? '');
    if (!open) continue;
    const [, indent = '', fence = '', language = ''] = open;
    const console = ['console', 'terminal', 'shell-session', 'shellsession'].includes(language.toLowerCase());
    const body: string[] = [];
    const lineStarts: Position[] = [];
    let end = index + 1;
    for (; end < lines.length && !(lines[end] ?? '').trimStart().startsWith(fence); end++) {
      let line = (lines[end] ?? '').slice(Math.min(indent.length, (lines[end] ?? '').search(/\S|$/)));
      let column = indent.length + 1;
      if (console) {
        const prompt = /^\s*\$ /.exec(line);
        const continues = body.length > 0 && (body.at(-1) ?? '').endsWith('\\');
        if (!prompt && !continues) line = '';
        else if (prompt) {
          column += prompt[0].length;
          line = line.slice(prompt[0].length);
        }
      }
      body.push(line);
      lineStarts.push({ line: end + 1, column });
    }
    if (SHELL_FENCES.has(language.toLowerCase())) found.push(...findRunCommands(shellCommands({ text: body.join('\n'), lineStarts })));
    index = end;
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
