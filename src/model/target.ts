import type { ContainerSpec, SpecPath } from './container-spec.js';
import { formatSpecPath } from './container-spec.js';

/** Where a finding lives in its source: a file position, a native field path, or both. */
export interface SourceLocation {
  file?: string;
  line?: number;
  column?: number;
  /** The field in the source's own terms, e.g. `HostConfig.CapAdd[1]` for inspect data. */
  field?: string;
}

/**
 * Records, while a source adapter builds a spec, where each spec path came from,
 * so a finding's path can be turned back into a place in the user's input.
 * Lookup falls back to the longest recorded prefix of the path.
 */
export class SourceMap {
  readonly #locations = new Map<string, SourceLocation>();

  set(path: SpecPath, location: SourceLocation): void {
    this.#locations.set(formatSpecPath(path), location);
  }

  locate(path: SpecPath): SourceLocation | undefined {
    for (let length = path.length; length > 0; length--) {
      const found = this.#locations.get(formatSpecPath(path.slice(0, length)));
      if (found) return found;
    }
    return undefined;
  }
}

export type TargetSource = { type: 'engine'; endpoint: string } | { type: 'inspect-file'; file: string };

export interface ContainerTarget {
  kind: 'container';
  id: string;
  name: string;
  state?: string;
  spec: ContainerSpec;
  source: TargetSource;
  sourceMap: SourceMap;
  /** What the container's main process really holds, when it could be read on this host. */
  observedCapabilities?: string[];
}
