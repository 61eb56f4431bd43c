/**
 * JSON read the way dockerd reads it: Go's encoding/json decoding into the
 * Engine API's structs. JavaScript's JSON.parse disagrees with it in ways a
 * requester can use to hide a setting from the plugin:
 * - struct fields match keys case-insensitively (`privileged`, `HOSTCONFIG`),
 *   with Unicode folding (`Hoſtconfig`, a long s, is `HostConfig`);
 * - a key given twice decodes twice into the same struct, so two `HostConfig`
 *   objects merge where JSON.parse keeps only the last;
 * - `null` resets pointers, slices and maps but leaves a bool or a string as it was;
 * - only the first JSON value of a body is read.
 * Decoding is driven by a small schema of the struct types (`GoType`); keys
 * of no field are ignored, as Go ignores them.
 */
import { isRecord } from './json-value.js';

/** A JSON value before decoding: objects keep every key in order, duplicates too; numbers keep their text. */
type RawJson =
  | { readonly t: 'null' }
  | { readonly t: 'bool'; readonly value: boolean }
  | { readonly t: 'number'; readonly text: string }
  | { readonly t: 'string'; readonly value: string }
  | { readonly t: 'array'; readonly items: readonly RawJson[] }
  | { readonly t: 'object'; readonly entries: readonly (readonly [string, RawJson])[] };

/**
 * A Go type. `nullable` marks a pointer (`*bool`, `*HostConfig`): null makes
 * it nil, where it leaves a bool, a string or a struct value as it was.
 */
export type GoType = (
  | { readonly kind: 'string' | 'bool' | 'int' | 'uint' | 'ignored' }
  /** docker's strslice.StrSlice: a list of strings, or one string. */
  | { readonly kind: 'strslice' }
  | { readonly kind: 'slice'; readonly of: GoType }
  | { readonly kind: 'map'; readonly of: GoType }
  | { readonly kind: 'struct'; readonly fields: Readonly<Record<string, GoType>> }
) & { readonly nullable?: boolean };

/** The body is not what dockerd would accept, or dockerd versions would read it differently. */
export class GoJsonError extends Error {}

/** Go 1.15 and later refuse deeper nesting than 10,000; no Engine API body comes near 100. */
const MAX_DEPTH = 512;

class Parser {
  private index = 0;

  constructor(private readonly text: string) {}

  /** The first value; what follows it is not read, as json.Decoder.Decode does not. */
  first(): RawJson {
    this.space();
    if (this.index >= this.text.length) throw new GoJsonError('the body is empty');
    return this.value(0);
  }

  private fail(what: string): never {
    throw new GoJsonError(`invalid JSON at offset ${this.index}: ${what}`);
  }

  private space(): void {
    while (this.index < this.text.length) {
      const c = this.text.charCodeAt(this.index);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      this.index++;
    }
  }

  private value(depth: number): RawJson {
    if (depth > MAX_DEPTH) this.fail('nested too deeply');
    this.space();
    const c = this.text[this.index];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return { t: 'string', value: this.string() };
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    for (const [word, value] of [
      ['true', { t: 'bool', value: true }],
      ['false', { t: 'bool', value: false }],
      ['null', { t: 'null' }],
    ] as const) {
      if (this.text.startsWith(word, this.index)) {
        this.index += word.length;
        return value;
      }
    }
    return this.fail('expected a value');
  }

  private object(depth: number): RawJson {
    this.index++;
    const entries: [string, RawJson][] = [];
    this.space();
    if (this.text[this.index] === '}') {
      this.index++;
      return { t: 'object', entries };
    }
    for (;;) {
      this.space();
      if (this.text[this.index] !== '"') this.fail('expected a key');
      const key = this.string();
      this.space();
      if (this.text[this.index] !== ':') this.fail('expected ":"');
      this.index++;
      entries.push([key, this.value(depth + 1)]);
      this.space();
      const next = this.text[this.index++];
      if (next === '}') return { t: 'object', entries };
      if (next !== ',') this.fail('expected "," or "}"');
    }
  }

  private array(depth: number): RawJson {
    this.index++;
    const items: RawJson[] = [];
    this.space();
    if (this.text[this.index] === ']') {
      this.index++;
      return { t: 'array', items };
    }
    for (;;) {
      items.push(this.value(depth + 1));
      this.space();
      const next = this.text[this.index++];
      if (next === ']') return { t: 'array', items };
      if (next !== ',') this.fail('expected "," or "]"');
    }
  }

  private number(): RawJson {
    const match = /-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
    match.lastIndex = this.index;
    const found = match.exec(this.text);
    if (!found || found[0] === '-') this.fail('invalid number');
    this.index += found[0].length;
    return { t: 'number', text: found[0] };
  }

  private string(): string {
    this.index++;
    let out = '';
    let start = this.index;
    for (;;) {
      const c = this.text.charCodeAt(this.index);
      if (Number.isNaN(c)) this.fail('unterminated string');
      if (c === 0x22) {
        out += this.text.slice(start, this.index++);
        return out;
      }
      if (c < 0x20) this.fail('control character in string');
      if (c !== 0x5c) {
        this.index++;
        continue;
      }
      out += this.text.slice(start, this.index);
      out += this.escape();
      start = this.index;
    }
  }

  /** One escape after a backslash; unpaired surrogates become U+FFFD, as Go decodes them. */
  private escape(): string {
    const c = this.text[this.index + 1];
    this.index += 2;
    const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
    if (c !== undefined && simple[c] !== undefined) return simple[c];
    if (c !== 'u') this.fail('invalid escape');
    const unit = this.hex4();
    if (unit >= 0xd800 && unit < 0xdc00 && this.text.startsWith('\\u', this.index)) {
      const saved = this.index;
      this.index += 2;
      const low = this.hex4();
      if (low >= 0xdc00 && low < 0xe000) return String.fromCharCode(unit, low);
      this.index = saved;
    }
    return unit >= 0xd800 && unit < 0xe000 ? '\ufffd' : String.fromCharCode(unit);
  }

  private hex4(): number {
    const digits = this.text.slice(this.index, this.index + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(digits)) this.fail('invalid \\u escape');
    this.index += 4;
    return Number.parseInt(digits, 16);
  }
}

/**
 * Parses the first JSON value of a body, as Go's json.Decoder does: dockerd
 * 20.10 ignores what follows it, later versions refuse the request.
 */
export function parseGoJson(bytes: Uint8Array): RawJson {
  // Invalid UTF-8 becomes U+FFFD, as Go's decoder replaces it.
  return new Parser(new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes)).first();
}

/**
 * Go's key folding for struct fields, as the union of the Go versions dockerd
 * is built with: ASCII case, and the non-ASCII letters that fold to an ASCII
 * one (ſ to S and the Kelvin sign to K in every version; ı and İ to I in Go
 * 1.21 and later, which fold with ToUpper(ToLower(r))).
 */
export function foldKey(key: string): string {
  return key.replace(/[a-z\u017f\u212a\u0131\u0130]/g, (c) =>
    c === '\u017f' ? 'S' : c === '\u212a' ? 'K' : c === '\u0131' || c === '\u0130' ? 'I' : c.toUpperCase(),
  );
}

const foldedFields = new WeakMap<object, Map<string, string>>();

function fieldFor(fields: Readonly<Record<string, GoType>>, key: string): string | undefined {
  if (Object.hasOwn(fields, key)) return key;
  let folded = foldedFields.get(fields);
  if (!folded) {
    folded = new Map(Object.keys(fields).map((name) => [foldKey(name), name]));
    foldedFields.set(fields, folded);
  }
  return folded.get(foldKey(key));
}

const INT = /^-?(0|[1-9][0-9]*)$/;
type Decoded = unknown;

function typeError(path: string, expected: string, raw: RawJson): never {
  throw new GoJsonError(`${path || 'the body'} must be ${expected} (got ${raw.t})`);
}

/**
 * Decodes a raw value into a Go type over what the field already holds
 * (`existing`), as encoding/json does when a key comes again. The result is
 * plain JSON-shaped data under the fields' canonical names; a field Go would
 * leave at its zero value is left out.
 */
export function decodeGo(type: GoType, raw: RawJson, existing?: Decoded, path = ''): Decoded {
  if (raw.t === 'null') {
    if (type.kind === 'slice' || type.kind === 'map' || type.kind === 'strslice' || type.nullable === true) return undefined;
    return existing;
  }
  switch (type.kind) {
    case 'ignored':
      return existing;
    case 'string':
      return raw.t === 'string' ? raw.value : typeError(path, 'a string', raw);
    case 'bool':
      return raw.t === 'bool' ? raw.value : typeError(path, 'true or false', raw);
    case 'int':
    case 'uint': {
      if (raw.t !== 'number' || !INT.test(raw.text)) return typeError(path, 'a whole number', raw);
      const value = Number(raw.text);
      if (type.kind === 'uint' && raw.text.startsWith('-')) return typeError(path, 'a number of zero or more', raw);
      if (Math.abs(value) > 2 ** 63) return typeError(path, 'a 64-bit number', raw);
      return value;
    }
    case 'strslice':
      if (raw.t === 'string') return [raw.value];
      if (raw.t === 'array' && raw.items.every((item) => item.t === 'string'))
        return raw.items.map((item) => (item as { value: string }).value);
      return typeError(path, 'a string or a list of strings', raw);
    case 'slice': {
      if (raw.t !== 'array') return typeError(path, 'a list', raw);
      const before = Array.isArray(existing) ? (existing as Decoded[]) : [];
      return raw.items.map((item, index) => {
        // Go decodes element i over the element it already had there, keeping fields the
        // new one leaves out; whether it does depends on the Go version (golang/go#21092).
        if (before[index] !== undefined && (type.of.kind === 'struct' || type.of.kind === 'map')) {
          throw new GoJsonError(`${path} is given twice with objects in it, which dockerd versions read differently`);
        }
        return decodeGo(type.of, item, undefined, `${path}[${index}]`);
      });
    }
    case 'map': {
      if (raw.t !== 'object') return typeError(path, 'an object', raw);
      // A map is reused when the key comes again; each value is decoded afresh.
      // No prototype: a key such as __proto__ is data here.
      const map: Record<string, Decoded> = Object.assign(
        Object.create(null) as Record<string, Decoded>,
        isRecord(existing) ? existing : {},
      );
      for (const [key, value] of raw.entries) {
        const decoded = decodeGo(type.of, value, undefined, `${path}.${key}`);
        // A plain object, not a Map: the decoded request is JSON-shaped data.
        // eslint-disable-next-line @typescript-eslint/no-dynamic-delete
        if (decoded === undefined) delete map[key];
        else map[key] = decoded;
      }
      return map;
    }
    case 'struct': {
      if (raw.t !== 'object') return typeError(path, 'an object', raw);
      const struct: Record<string, Decoded> = isRecord(existing) ? { ...existing } : {};
      for (const [key, value] of raw.entries) {
        const field = fieldFor(type.fields, key);
        const fieldType = field === undefined ? undefined : type.fields[field];
        if (field === undefined || fieldType === undefined) continue;
        const decoded = decodeGo(fieldType, value, struct[field], path ? `${path}.${field}` : field);
        // eslint-disable-next-line @typescript-eslint/no-dynamic-delete
        if (decoded === undefined) delete struct[field];
        else struct[field] = decoded;
      }
      return struct;
    }
  }
}
