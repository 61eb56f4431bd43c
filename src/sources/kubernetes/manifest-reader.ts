import { InputError } from '../../errors.js';
import type { Loc, Located } from '../../yaml/located-yaml.js';

export type MapNode = Located & { kind: 'map' };

/** A scalar as a manifest writes it, with its place. */
export interface Value<T> {
  value: T;
  loc: Loc;
}

/** Where a reader's mapping is: under a key of its parent, or an item of the list there. */
interface Under {
  parent: ManifestReader;
  key: string;
  index?: number;
}

/**
 * Typed reading of one object of a manifest, by its path in the object
 * (`spec.template.spec.containers[0]`). A value of the wrong type is a
 * problem at its line, as `kubectl apply` refuses it, and is read as absent
 * unless its text is still what the API server would store (a number given
 * for a string), so that the rest of the object is still audited.
 */
export class ManifestReader {
  /** The path, or the reader and key it is under until a problem asks for it: a stream of 10,000 objects reads a million values. */
  #where: string | Under;

  constructor(
    readonly node: MapNode,
    where: string | Under,
    private readonly report: (problem: InputError) => void,
  ) {
    this.#where = where;
  }

  get path(): string {
    if (typeof this.#where !== 'string') {
      const { parent, key, index } = this.#where;
      this.#where = parent.keyPath(index === undefined ? key : `${key}[${index}]`);
    }
    return this.#where;
  }

  #wrong(loc: Loc, key: string, expected: string): void {
    this.report(new InputError({ ...loc, key: this.keyPath(key) }, `must be ${expected}`));
  }

  keyPath(key: string): string {
    return this.path === '' ? key : `${this.path}.${key}`;
  }

  /** The value under a key; an explicit null is absent, as the API server reads it. */
  value(key: string): Located | undefined {
    const value = this.node.entries.get(key)?.value;
    return value === undefined || (value.kind === 'scalar' && value.value === null) ? undefined : value;
  }

  keyLoc(key: string): Loc | undefined {
    return this.node.entries.get(key)?.key;
  }

  has(key: string): boolean {
    return this.value(key) !== undefined;
  }

  child(key: string): ManifestReader | undefined {
    const value = this.value(key);
    if (value === undefined) return undefined;
    if (value.kind !== 'map') {
      this.#wrong(value.loc, key, 'a mapping');
      return undefined;
    }
    return new ManifestReader(value, { parent: this, key }, this.report);
  }

  /** The items of a list, each a mapping; an item that is not one is a problem. */
  objects(key: string): ManifestReader[] {
    const readers: ManifestReader[] = [];
    this.list(key).forEach((item, index) => {
      if (item.kind === 'map') readers.push(new ManifestReader(item, { parent: this, key, index }, this.report));
      else this.#wrong(item.loc, `${key}[${index}]`, 'a mapping');
    });
    return readers;
  }

  list(key: string): Located[] {
    const value = this.value(key);
    if (value === undefined) return [];
    if (value.kind !== 'seq') {
      this.#wrong(value.loc, key, 'a list');
      return [];
    }
    return value.items;
  }

  /** A list of strings; other items are problems and left out. */
  strings(key: string): Value<string>[] {
    const texts: Value<string>[] = [];
    this.list(key).forEach((item, index) => {
      const text = this.#text(item, `${key}[${index}]`);
      if (text) texts.push(text);
    });
    return texts;
  }

  string(key: string): Value<string> | undefined {
    const value = this.value(key);
    return value && this.#text(value, key);
  }

  #text(value: Located, key: string): Value<string> | undefined {
    if (value.kind !== 'scalar' || value.value === null) {
      this.#wrong(value.loc, key, 'a string');
      return undefined;
    }
    // `value: 8080` is refused by the API server, but its text is what the user meant to set: audit it.
    if (typeof value.value !== 'string') this.#wrong(value.loc, key, 'a string (quote it)');
    return { value: String(value.value), loc: value.loc };
  }

  boolean(key: string): Value<boolean> | undefined {
    const value = this.value(key);
    if (value === undefined) return undefined;
    if (value.kind === 'scalar' && typeof value.value === 'boolean') return { value: value.value, loc: value.loc };
    // sigs.k8s.io/yaml reads YAML 1.1, where an unquoted yes, no, on and off are booleans too.
    if (value.kind === 'scalar' && typeof value.value === 'string' && !value.unknown) {
      if (/^(yes|on)$/i.test(value.value)) return { value: true, loc: value.loc };
      if (/^(no|off)$/i.test(value.value)) return { value: false, loc: value.loc };
    }
    this.#wrong(value.loc, key, 'true or false');
    return undefined;
  }

  integer(key: string): Value<number> | undefined {
    const value = this.value(key);
    if (value === undefined) return undefined;
    if (value.kind === 'scalar' && typeof value.value === 'number' && Number.isInteger(value.value))
      return { value: value.value, loc: value.loc };
    this.#wrong(value.loc, key, 'an integer');
    return undefined;
  }

  /** A number or a string, as ports and quantities are written (`8080`, `http`, `500m`). */
  scalar(key: string): Value<string | number> | undefined {
    const value = this.value(key);
    if (value === undefined) return undefined;
    if (value.kind === 'scalar' && (typeof value.value === 'string' || typeof value.value === 'number')) {
      return { value: value.value, loc: value.loc };
    }
    this.#wrong(value.loc, key, 'a number or a string');
    return undefined;
  }

  /** A mapping of strings (labels, annotations, matchLabels). */
  stringMap(key: string): Map<string, Value<string>> {
    const child = this.child(key);
    const entries = new Map<string, Value<string>>();
    for (const name of child?.node.entries.keys() ?? []) {
      const text = child?.string(name);
      if (text) entries.set(name, text);
    }
    return entries;
  }
}
