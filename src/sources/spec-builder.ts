import {
  compareEnv,
  compareMounts,
  comparePortBindings,
  sortWithOrigins,
  type ContainerSpec,
  type EnvVar,
  type MountSpec,
  type PortBinding,
  type SpecPath,
} from '../model/container-spec.js';
import { SourceMap, type SourceLocation } from '../model/target.js';

/**
 * The settings a rule reports when they are missing (no --cap-drop, no user,
 * no memory limit, no log driver, …). Where the source has no place of its
 * own for one, a finding about it points at the target itself: the run line,
 * the Compose service.
 */
export const MISSING_SETTING_FIELDS = [
  'capDrop',
  'securityOpt',
  'user',
  'readonlyRootfs',
  'memory',
  'nanoCpus',
  'pidsLimit',
  'healthcheck',
  'networkMode',
  'restartPolicy',
  'logDriver',
  'image',
] as const satisfies readonly (keyof ContainerSpec)[];

type ListField = {
  [K in keyof ContainerSpec]-?: NonNullable<ContainerSpec[K]> extends readonly (infer _)[] ? K : never;
}[keyof ContainerSpec];
type ItemOf<K extends ListField> = NonNullable<ContainerSpec[K]>[number];

/** The lists every source gives in one order (see compareMounts), so the same container has the same spec paths from any source. */
interface Ordered<O> {
  mounts: { item: MountSpec; origin: O; parts?: [string, O][] }[];
  portBindings: { item: PortBinding; origin: O; parts?: [string, O][] }[];
  env: { item: EnvVar; origin: O; parts?: [string, O][] }[];
}
type OrderedField = keyof Ordered<unknown>;

const COMPARE: { [K in OrderedField]: (a: Ordered<unknown>[K][number]['item'], b: Ordered<unknown>[K][number]['item']) => number } = {
  mounts: compareMounts,
  portBindings: comparePortBindings,
  env: compareEnv,
};

/**
 * Builds one target's spec and its source map together: every value is set
 * or pushed with its origin (a shell word, a YAML position, an inspect key),
 * which the adapter's `locate` turns into a location. Mounts, port bindings
 * and environment variables are placed in one stable order at `build()`, and
 * the settings rules report as missing fall back to the target's own
 * location when the adapter gives one.
 */
export class SpecBuilder<O> {
  readonly spec: ContainerSpec = {};
  readonly sourceMap = new SourceMap();
  readonly #ordered: Ordered<O> = { mounts: [], portBindings: [], env: [] };
  readonly #present = new Set<OrderedField>();

  constructor(
    /** Locations are shared between paths and targets, never changed: a YAML node's own place can be its location. */
    private readonly locate: (origin: O) => SourceLocation,
    /** Where a setting without a place of its own points: the target itself. */
    private readonly fallback?: SourceLocation,
  ) {}

  /** Records where a path comes from; without an origin it points at the target's own location. */
  at(path: SpecPath, origin: O | undefined): void {
    if (origin !== undefined) this.sourceMap.set(path, this.locate(origin));
    else if (this.fallback) this.sourceMap.set(path, this.fallback);
  }

  /** Sets a field when the value is known, and records its origin either way. */
  set<K extends keyof ContainerSpec>(key: K, value: ContainerSpec[K] | undefined, origin: O | undefined): void {
    if (value !== undefined) this.spec[key] = value;
    this.at([key], origin);
  }

  /** Appends to a list field, located at its new index. */
  push<K extends ListField>(key: K, value: ItemOf<K>, origin: O | undefined): void {
    const list = (this.spec[key] ??= [] as never) as ItemOf<K>[];
    this.at([key, list.length], origin);
    list.push(value);
  }

  /** Adds a mount, port binding or variable, placed in the common order at build(); `parts` locate its sub-paths. */
  add<K extends OrderedField>(key: K, item: Ordered<O>[K][number]['item'], origin: O, parts?: [string, O][]): void {
    (this.#ordered[key] as { item: unknown; origin: O; parts?: [string, O][] }[]).push({ item, origin, ...(parts && { parts }) });
  }

  /** Gives the field even when nothing is added to it: the source says the list is empty. */
  present(key: OrderedField): void {
    this.#present.add(key);
  }

  build(): { spec: ContainerSpec; sourceMap: SourceMap } {
    for (const key of ['portBindings', 'mounts', 'env'] as const) this.#place(key);
    if (this.fallback)
      for (const field of MISSING_SETTING_FIELDS) {
        if (this.sourceMap.locate([field]) === undefined) this.sourceMap.set([field], this.fallback);
      }
    return { spec: this.spec, sourceMap: this.sourceMap };
  }

  #place(key: OrderedField): void {
    const entries = this.#ordered[key] as { item: Ordered<O>[OrderedField][number]['item']; origin: O; parts?: [string, O][] }[];
    if (entries.length === 0 && !this.#present.has(key)) return;
    const compare = COMPARE[key] as (a: unknown, b: unknown) => number;
    const sorted = sortWithOrigins(
      entries.map(({ item, origin, parts }) => ({ item, origin: { origin, parts } })),
      compare,
    );
    sorted.forEach(({ origin: { origin, parts } }, index) => {
      this.at([key, index], origin);
      for (const [part, partOrigin] of parts ?? []) this.at([key, index, part], partOrigin);
    });
    (this.spec as Record<OrderedField, unknown>)[key] = sorted.map(({ item }) => item);
  }
}
