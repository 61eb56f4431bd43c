import { readFile } from 'node:fs/promises';
import { InputError } from '../../errors.js';
import type { ContainerTarget } from '../../model/target.js';
import { InspectShapeError, inspectToTarget } from './inspect-to-target.js';

export interface InspectFileResult {
  targets: ContainerTarget[];
  /** One per element that could not be read; the other elements are still audited. */
  problems: InputError[];
}

async function readInput(file: string): Promise<string> {
  if (file !== '-') return readFile(file, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** `[2].HostConfig.PortBindings["80/tcp"][0]` → `[2, 'HostConfig', 'PortBindings', '80/tcp', 0]` */
function keySegments(key: string): (string | number)[] {
  return [...key.matchAll(/\[(\d+)\]|\["([^"]*)"\]|([^.[\]]+)/g)].map(([, index, quoted, plain]) =>
    index !== undefined ? Number(index) : (quoted ?? plain ?? ''),
  );
}

/**
 * Finds the line of a key in JSON text (JSON is YAML, and the yaml parser keeps
 * positions). Only loaded and called on the error path, so the happy path keeps
 * the speed of JSON.parse.
 */
async function locateKey(text: string, key: string): Promise<{ line: number; column: number } | undefined> {
  const { parseDocument, isNode } = await import('yaml');
  const document = parseDocument(text);
  const segments = keySegments(key);
  for (let length = segments.length; length > 0; length--) {
    const node = document.getIn(segments.slice(0, length), true);
    if (isNode(node) && node.range) return lineAndColumn(text, node.range[0]);
  }
  return undefined;
}

/**
 * Reads the JSON that `docker inspect` prints (an array of containers; a single
 * object, as `--format '{{json .}}'` prints, is accepted too). `-` reads stdin.
 */
export async function readInspectFile(file: string): Promise<InspectFileResult> {
  let text: string;
  try {
    text = await readInput(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new InputError({ file }, `cannot read the file (${code})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // V8's message can quote the input, which may hold secrets: keep only the position.
    const offset = /position (\d+)/.exec((error as Error).message)?.[1];
    const position = offset === undefined ? {} : lineAndColumn(text, Number(offset));
    throw new InputError({ file, ...position }, 'not valid JSON (expected the output of docker inspect)');
  }
  const elements = Array.isArray(parsed) ? parsed : [parsed];
  const targets: ContainerTarget[] = [];
  const problems: InputError[] = [];
  for (const [index, element] of elements.entries()) {
    const prefix = Array.isArray(parsed) ? `[${index}]` : '';
    try {
      targets.push(inspectToTarget(element, { type: 'inspect-file', file }, prefix));
    } catch (error) {
      if (!(error instanceof InspectShapeError)) throw error;
      problems.push(new InputError({ file, ...(await locateKey(text, error.key)), key: error.key }, `must be ${error.expected}`));
    }
  }
  return { targets, problems };
}
