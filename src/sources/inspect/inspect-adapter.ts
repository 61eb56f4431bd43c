import { extname } from 'node:path';
import { InputError } from '../../errors.js';
import { fileErrorReason } from '../../files/input-file.js';
import type { ContainerTarget, SourceKind } from '../../model/target.js';
import { DOCKER_RUNTIME, PODMAN_RUNTIME } from '../../model/runtime.js';
import { InspectShapeError, inspectToTarget, isPodmanInspect } from './inspect-to-target.js';
import { emptyReading, type FileSourceAdapter } from '../source-adapter.js';
import { lineAndColumn } from '../../files/text-position.js';

/** What `docker inspect` printed: the same data as a live scan, what the image sets included. */
export const INSPECT_FILE_SOURCE: SourceKind = { id: 'inspect-file', runtime: DOCKER_RUNTIME, imageDefaultsKnown: true, syntax: 'run' };

/** What `podman inspect` printed: Podman's own inspect, with Podman's defaults. */
export const PODMAN_INSPECT_FILE_SOURCE: SourceKind = { ...INSPECT_FILE_SOURCE, runtime: PODMAN_RUNTIME };

export interface InspectFileResult {
  targets: ContainerTarget[];
  /** One per element that could not be read; the other elements are still audited. */
  problems: InputError[];
}

/**
 * Reads the JSON that `docker inspect` prints (an array of containers; a single
 * object, as `--format '{{json .}}'` prints, is accepted too).
 */
export async function readInspectText(text: string, file: string): Promise<InspectFileResult> {
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
      const kind = isPodmanInspect(element) ? PODMAN_INSPECT_FILE_SOURCE : INSPECT_FILE_SOURCE;
      targets.push(inspectToTarget(element, { kind, file }, prefix));
    } catch (error) {
      if (!(error instanceof InspectShapeError)) throw error;
      // Only on the error path, so that the happy path keeps the speed of JSON.parse.
      const { locateKey } = await import('./locate-key.js');
      problems.push(new InputError({ file, ...locateKey(text, error.key), key: error.key }, `must be ${error.expected}`));
    }
  }
  return { targets, problems };
}

/** docker inspect output: an array of objects with Id and HostConfig (or one such object). */
function looksLikeInspect(text: string): boolean {
  const head = text.slice(0, 4096);
  return /"Id"\s*:/.test(head) && /"HostConfig"\s*:/.test(text);
}

export const inspectAdapter: FileSourceAdapter = {
  name: 'inspect-json',
  describes: 'docker or podman inspect JSON',
  kind: INSPECT_FILE_SOURCE,
  claimsName: (path) => (extname(path).toLowerCase() === '.json' ? 'by-content' : 'no'),
  claimsContent: looksLikeInspect,
  refusal: 'this JSON is not docker inspect output',
  async read(files, readText) {
    const reading = emptyReading();
    for (const file of files) {
      reading.files.push(file);
      let text: string;
      try {
        text = readText(file);
      } catch (error) {
        throw new InputError({ file }, `cannot read the file (${fileErrorReason(error)})`);
      }
      const { targets, problems } = await readInspectText(text, file);
      reading.targets.push(...targets);
      reading.problems.push(...problems);
    }
    return reading;
  },
};
