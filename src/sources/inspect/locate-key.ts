import { isNode, parseDocument } from 'yaml';
import { lineAndColumn } from '../../files/text-position.js';

/** `[2].HostConfig.PortBindings["80/tcp"][0]` → `[2, 'HostConfig', 'PortBindings', '80/tcp', 0]` */
function keySegments(key: string): (string | number)[] {
  return [...key.matchAll(/\[(\d+)\]|\["([^"]*)"\]|([^.[\]]+)/g)].map(([, index, quoted, plain]) =>
    index !== undefined ? Number(index) : (quoted ?? plain ?? ''),
  );
}

/**
 * Finds the line of a key in JSON text (JSON is YAML, and the yaml parser keeps
 * positions), or of the nearest key above it that is there.
 */
export function locateKey(text: string, key: string): { line: number; column: number } | undefined {
  const document = parseDocument(text);
  const segments = keySegments(key);
  for (let length = segments.length; length > 0; length--) {
    const node = document.getIn(segments.slice(0, length), true);
    if (isNode(node) && node.range) return lineAndColumn(text, node.range[0]);
  }
  return undefined;
}
