import type { SettingSyntax } from './field-table.js';
import type { ContainerSpec, SpecPath } from './container-spec.js';
import type { EngineFacts } from './host.js';
import type { RuntimeDefaults } from './runtime.js';

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

  /** Adapters record a place for every field of every container: keep the key cheap to build. */
  static #key(path: SpecPath): string {
    return path.length === 1 ? String(path[0]) : path.join('\u0000');
  }

  set(path: SpecPath, location: SourceLocation): void {
    this.#locations.set(SourceMap.#key(path), location);
  }

  locate(path: SpecPath): SourceLocation | undefined {
    if (path.length === 1) return this.#locations.get(String(path[0]));
    // The keys of the path's prefixes as #key joins them, each built from the one before, then tried longest first.
    const keys: string[] = [];
    for (const part of path) keys.push(keys.length === 0 ? String(part) : `${keys[keys.length - 1]}\u0000${part}`);
    for (const key of keys.reverse()) {
      const found = this.#locations.get(key);
      if (found) return found;
    }
    return undefined;
  }
}

/**
 * A kind of source, as data its adapter provides: the rules and the reporters
 * ask it what they need instead of switching on the kind's name.
 */
export interface SourceKind {
  /** `engine`, `inspect-file`, `compose`, `run-line`, `swarm-service`, `create-request`, … */
  readonly id: string;
  /** The runtime whose containers the source describes, with what it gives a container by default. */
  readonly runtime: RuntimeDefaults;
  /**
   * Whether the source knows what the image contributes (its USER, HEALTHCHECK,
   * environment): the engine and inspect output do; a Compose file or a
   * `docker run` line only say what they set themselves.
   */
  readonly imageDefaultsKnown: boolean;
  /** The words findings and fixes use for the target's settings: Compose keys for a Compose file, flags otherwise. */
  readonly syntax: SettingSyntax;
}

export interface TargetSource {
  readonly kind: SourceKind;
  /** The file the target was read from, for sources that are files. */
  readonly file?: string;
  /** The Compose service the target is. */
  readonly service?: string;
  /** The chart template a manifest's object came from, as `helm template` names it. */
  readonly template?: string;
  /** The engine the target was read from, for live sources. */
  readonly endpoint?: string;
}

export interface ContainerTarget {
  /** A container, or a Swarm service whose task template describes its containers. */
  kind: 'container' | 'service';
  id: string;
  name: string;
  state?: string;
  spec: ContainerSpec;
  source: TargetSource;
  sourceMap: SourceMap;
  /** What the engine and this host report about the live container, beyond its settings. */
  observed?: ObservedState;
}

/** Facts about the running container; absent for sources that describe settings only. */
export interface ObservedState {
  /** State.Health.Status: starting, healthy or unhealthy. */
  health?: string;
  /** CapEff of the main process, when /proc on this host shows it. */
  capabilities?: string[];
  /** NoNewPrivs of the main process, when /proc on this host shows it. */
  noNewPrivileges?: boolean;
  /** Exec sessions the engine still remembers. */
  execs?: ExecSession[];
}

export interface ExecSession {
  id: string;
  privileged: boolean;
  /** As given to docker exec -u; empty means the container's user. */
  user: string;
  /** The uid a user name maps to in the container's /etc/passwd, where that was looked up. */
  uid?: string;
  command: string;
}

/** The engine itself, as the target of engine-level findings. */
export interface EngineTarget {
  kind: 'engine';
  /** The endpoint URL: both id and name, since an engine has no container name. */
  id: string;
  name: string;
  facts: EngineFacts;
  sourceMap: SourceMap;
}
