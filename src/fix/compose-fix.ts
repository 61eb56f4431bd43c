import { diffArrays } from 'diff';
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseAllDocuments,
  parseDocument,
  Scalar,
  visit,
  YAMLMap,
  YAMLSeq,
  type Document,
  type ToStringOptions,
} from 'yaml';
import { composeKey, composeSecurityOption } from '../model/field-table.js';
import type { FixPlan, PlannedSecret } from './fix-plan.js';
import { secretFileOf } from './secret-files.js';

/** What the writer could not change as planned, for example a key that an anchor shares with other services. */
export interface SkippedChange {
  service: string;
  rule: string;
  message: string;
}

const WILDCARD_ADDRESSES = new Set(['', '0.0.0.0', '::', '[::]']);

/** Splits a short port syntax on colons outside ${…} and […]. */
function portParts(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (let index = 0; index < text.length; index++) {
    const char = text[index] ?? '';
    if (char === '{' || char === '[') depth++;
    if (char === '}' || char === ']') depth--;
    if (char === ':' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  return [...parts, current];
}

/** `8080:80` → `127.0.0.1:8080:80`; `80` → `127.0.0.1::80`; `0.0.0.0:8080:80` → `127.0.0.1:8080:80`; a named address stays. */
export function bindShortPort(port: string, address: string): string | undefined {
  const parts = portParts(port);
  const host = address.includes(':') ? `[${address}]` : address;
  if (parts.length === 1) return `${host}::${port}`;
  if (parts.length === 2) return `${host}:${port}`;
  if (parts.length === 3 && WILDCARD_ADDRESSES.has(parts[0] ?? '')) return [host, ...parts.slice(1)].join(':');
  return undefined;
}

/** The document's own layout, so that rewritten parts look like the rest of the file. */
export function layoutOf(text: string): ToStringOptions {
  const indent = /\n( +)\S/.exec(text)?.[1]?.length ?? 2;
  // Block sequences written flush with their key (`ports:\n- 80`) rather than indented.
  const indentSeq = !/^( *)[^\s#-][^\n]*:[ \t]*\n\1- /m.test(text);
  return { indent, indentSeq, lineWidth: 0, flowCollectionPadding: false };
}

/** A line as the yaml library would print it: comment and flow-collection spacing are what it re-spaces. */
function normalizeLine(line: string): string {
  return line
    .replace(/\s+#/, ' #')
    .replace(/([[{]) +/g, '$1')
    .replace(/ +([\]}])/g, '$1')
    .replace(/, +/g, ', ')
    .trimEnd();
}

/** The documents' meaning, to tell whether two texts say the same; a Compose file is a stream of one. */
function meaning(text: string): string {
  return JSON.stringify(parseAllDocuments(text, { merge: true }).map((document) => document.toJS() as unknown));
}

/**
 * The original lines of one printed document, with the lines the fix changed
 * taken from its printing after the fix; that printing whole where the
 * spliced lines would not mean the same.
 */
function spliceDocument(originalLines: readonly string[], untouchedLines: string[], fixedLines: string[]): string[] {
  const out: string[] = [];
  let at = 0;
  for (const part of diffArrays(untouchedLines, fixedLines)) {
    if (part.added) out.push(...part.value);
    else {
      if (!part.removed) out.push(...originalLines.slice(at, at + part.value.length));
      at += part.value.length;
    }
  }
  return meaning(out.join('\n')) === meaning(fixedLines.join('\n')) ? out : fixedLines;
}

/**
 * Keeps every line the fix did not touch exactly as the user wrote it: the
 * yaml library re-spaces comments and flow collections when it prints a
 * document, so only changed lines come from its output. This needs the
 * library's untouched output to match the file line for line; where it does
 * not (a layout it cannot reproduce), the library's output is used whole.
 * `untouched` and `fixed` are the file's documents as the library prints
 * them (each ending its last line) before and after the fix, and each
 * document is spliced on its own: one diff of a whole stream grows with its
 * length times its changes, which made fixing a 10,000-object stream take
 * minutes.
 */
export function preserveUntouched(original: string, untouched: readonly string[], fixed: readonly string[]): string {
  const originalLines = original.split('\n');
  const untouchedLines = untouched.join('').split('\n');
  if (
    originalLines.length !== untouchedLines.length ||
    originalLines.some((line, index) => normalizeLine(line) !== normalizeLine(untouchedLines[index] ?? ''))
  )
    return fixed.join('');
  const linesOf = (document: string) => document.slice(0, -1).split('\n');
  const out: string[] = [];
  let at = 0;
  untouched.forEach((before, index) => {
    const after = fixed[index] ?? '';
    const beforeLines = linesOf(before);
    const own = originalLines.slice(at, at + beforeLines.length);
    at += beforeLines.length;
    out.push(...(before === after ? own : spliceDocument(own, beforeLines, linesOf(after))));
  });
  // The file's last line, after the last document's line break: empty, as the split leaves it.
  out.push(...originalLines.slice(at));
  return out.join('\n');
}

/** The anchors some alias of the document refers to. */
function referencedAnchors(doc: Document): Set<string> {
  const names = new Set<string>();
  visit(doc, { Alias: (_, alias) => void names.add(alias.source) });
  return names;
}

/** The first anchor of `referenced` that the node or a node inside it carries. */
function anchorWithin(node: unknown, referenced: ReadonlySet<string>): string | undefined {
  let found: string | undefined;
  if (node && typeof node === 'object')
    visit(node as Parameters<typeof visit>[0], (_, inner) => {
      const anchor = (inner as { anchor?: string } | null)?.anchor;
      if (anchor !== undefined && referenced.has(anchor)) {
        found = anchor;
        return visit.BREAK;
      }
      return undefined;
    });
  return found;
}

class ServiceWriter {
  readonly skipped: SkippedChange[] = [];

  constructor(
    private readonly doc: Document,
    private readonly services: YAMLMap,
    private readonly name: string,
    private readonly service: YAMLMap,
    /** Anchors aliases refer to: a node carrying one is not replaced or removed, or those aliases would lose their value. */
    private readonly referenced: ReadonlySet<string>,
  ) {}

  private skip(rule: string, message: string): void {
    this.skipped.push({ service: this.name, rule, message });
  }

  /** Whether the nodes can be replaced or removed; if not, the change is skipped, naming the anchor. */
  private replaceable(rule: string, what: string, ...nodes: unknown[]): boolean {
    for (const node of nodes) {
      const anchor = anchorWithin(node, this.referenced);
      if (anchor === undefined) continue;
      this.skip(rule, `${what} holds the anchor &${anchor}, which other keys refer to: change it by hand`);
      return false;
    }
    return true;
  }

  /** A sequence under `key`, created when missing; undefined when it cannot be edited here. */
  private sequence(key: string, rule: string): YAMLSeq | undefined {
    const node = this.service.get(key, true);
    if (node === undefined) {
      const created = new YAMLSeq();
      this.service.set(key, created);
      return created;
    }
    if (isSeq(node)) return node;
    this.skip(rule, `${key} is ${isAlias(node) ? 'shared through an anchor' : 'not a list'}: change it by hand`);
    return undefined;
  }

  bindPorts(address: string, rule: string): void {
    const key = composeKey('portBindings');
    const ports = this.service.get(key, true);
    if (!isSeq(ports)) return this.skip(rule, `${key} is shared through an anchor or not a list: bind them by hand`);
    for (const item of ports.items) {
      if (isScalar(item)) {
        const bound = bindShortPort(String(item.value), address);
        if (bound === undefined) this.skip(rule, `cannot tell the address of port "${String(item.value)}": bind it by hand`);
        else {
          item.value = bound;
          if (item.type === Scalar.PLAIN && /^[\d[]/.test(bound)) item.type = Scalar.QUOTE_DOUBLE;
        }
      } else if (isMap(item)) {
        const hostIp = item.get('host_ip');
        if (hostIp === undefined || (typeof hostIp === 'string' && WILDCARD_ADDRESSES.has(hostIp))) item.set('host_ip', address);
      } else this.skip(rule, 'a port entry is shared through an anchor: bind it by hand');
    }
  }

  securityOptions({ removeSecurityOpts: remove, addSecurityOpts: add, rules }: FixPlan): void {
    if (remove.length === 0 && add.length === 0) return;
    const options = this.sequence(composeKey('securityOpt'), rules.securityOpt ?? '*');
    if (!options) return;
    const removed = options.items.filter((item) => isScalar(item) && remove.some(({ option }) => option === String(item.value)));
    if (!this.replaceable(rules.securityOpt ?? '*', composeKey('securityOpt'), ...removed)) return;
    options.items = options.items.filter((item) => !removed.includes(item));
    for (const { option } of add) options.add(this.doc.createNode(composeSecurityOption(option)));
  }

  capabilities(add: readonly string[], rule: string): void {
    const existing = [composeKey('capDrop'), composeKey('capAdd')].map((key) => this.service.get(key, true));
    if (!this.replaceable(rule, 'cap_drop or cap_add', ...existing)) return;
    const drop = this.doc.createNode(['ALL'], { flow: true });
    this.service.set(composeKey('capDrop'), drop);
    if (add.length === 0) this.service.delete(composeKey('capAdd'));
    else this.service.set(composeKey('capAdd'), this.doc.createNode([...add], { flow: true }));
  }

  /**
   * `links: [db:database]` becomes the alias `database` of db on the default
   * network, which Compose creates as a user-defined bridge, plus the start
   * order links implied. Services that choose their networks are left alone.
   */
  replaceLinks(rule: string): void {
    const key = composeKey('links');
    const links = this.service.get(key, true);
    if (!isSeq(links)) return this.skip(rule, `${key} is shared through an anchor or not a list: replace it by hand`);
    if (!this.replaceable(rule, key, links)) return;
    const planned: { target: YAMLMap; linked: string; alias: string }[] = [];
    for (const item of links.items) {
      const [linked = '', alias = linked] = String(isScalar(item) ? item.value : '').split(':');
      const target = this.services.get(linked, true);
      if (!isMap(target)) return this.skip(rule, `links to "${linked}", which is not a service of this file: replace it by hand`);
      if (target.has('networks') || this.service.has('networks'))
        return this.skip(
          rule,
          `${linked} or ${this.name} chooses its own networks: give ${linked} the alias ${alias} on a network both join`,
        );
      planned.push({ target, linked, alias });
    }
    for (const { target, linked, alias } of planned) {
      if (alias !== linked) target.set('networks', this.doc.createNode({ default: { aliases: [alias] } }));
      const dependsOn = this.service.get('depends_on', true);
      if (dependsOn === undefined) this.service.set('depends_on', this.doc.createNode([linked]));
      else if (isSeq(dependsOn) && !dependsOn.items.some((item) => isScalar(item) && item.value === linked))
        dependsOn.add(this.doc.createNode(linked));
      else if (isMap(dependsOn) && !dependsOn.has(linked)) dependsOn.set(linked, this.doc.createNode({ condition: 'service_started' }));
    }
    this.service.delete(key);
  }

  /** The variable leaves the environment; the image reads the secret file named by <NAME>_FILE instead. */
  moveToSecret(root: YAMLMap, { variable, secret, fileVariable }: PlannedSecret, rule: string): void {
    const environment = this.service.get(composeKey('env'), true);
    const path = `/run/secrets/${secret}`;
    if (isMap(environment)) {
      const key = environment.items.find((pair) => isScalar(pair.key) && pair.key.value === variable)?.key;
      if (key === undefined) return this.skip(rule, `${variable} is not written in this service: move it by hand`);
      if (!this.replaceable(rule, variable, key, environment.get(variable, true))) return;
      environment.delete(variable);
      environment.set(fileVariable, path);
    } else if (isSeq(environment)) {
      const index = environment.items.findIndex((item) => isScalar(item) && String(item.value).split('=')[0] === variable);
      if (index === -1) return this.skip(rule, `${variable} is not written in this service: move it by hand`);
      if (!this.replaceable(rule, variable, environment.items[index])) return;
      environment.items.splice(index, 1, this.doc.createNode(`${fileVariable}=${path}`));
    } else return this.skip(rule, `${variable} comes from env_file or an anchor: move it by hand`);
    const secrets = this.sequence('secrets', rule);
    secrets?.add(this.doc.createNode(secret));
    let declared: unknown = root.get('secrets', true);
    if (declared === undefined) root.set('secrets', (declared = new YAMLMap()));
    if (isMap(declared) && !declared.has(secret)) declared.set(secret, this.doc.createNode({ file: secretFileOf(secret) }));
  }

  values(values: FixPlan['values'], rules: FixPlan['rules']): void {
    for (const { field, value } of values)
      if (this.replaceable(rules[field] ?? '*', composeKey(field), this.service.get(composeKey(field), true)))
        this.service.set(composeKey(field), value);
  }
}

/**
 * Applies each service's plan to a Compose file through the yaml library's
 * document model: comments, key order, anchors and quoting survive, and
 * lines the fix does not touch stay byte for byte.
 */
export function fixComposeText(written: string, plans: ReadonlyMap<string, FixPlan>): { text: string; skipped: SkippedChange[] } {
  return keepingLineEnds(written, (text) => fixLfText(text, plans));
}

/** The yaml library writes LF and no byte-order mark: a fixed file keeps its own, on the lines fixed too. */
export function keepingLineEnds(
  written: string,
  fix: (text: string) => { text: string; skipped: SkippedChange[] },
): { text: string; skipped: SkippedChange[] } {
  const bom = written.startsWith('\uFEFF') ? '\uFEFF' : '';
  const crlf = /^[^\n]*\r\n/.test(written);
  const text = (bom ? written.slice(1) : written).replaceAll('\r\n', '\n');
  const fixed = fix(text);
  return { text: fixed.text === text ? written : bom + (crlf ? fixed.text.replaceAll('\n', '\r\n') : fixed.text), skipped: fixed.skipped };
}

function fixLfText(text: string, plans: ReadonlyMap<string, FixPlan>): { text: string; skipped: SkippedChange[] } {
  const layout = layoutOf(text);
  const doc = parseDocument(text);
  const skipped: SkippedChange[] = [];
  // Lint reports why it cannot be read (no services came of it); there is nothing to fix in text that is not YAML.
  if (doc.errors.length > 0 || plans.size === 0) return { text, skipped };
  const untouched = doc.toString(layout);
  const referenced = referencedAnchors(doc);
  const root = doc.contents;
  const services = isMap(root) ? root.get('services', true) : undefined;
  if (!isMap(root) || !isMap(services)) return { text, skipped };
  for (const [name, plan] of plans) {
    const service = services.get(name, true);
    if (!isMap(service)) {
      skipped.push({
        service: name,
        rule: '*',
        message: 'the service is not written as a map in this file (an anchor, or defined elsewhere): fix it where it is written',
      });
      continue;
    }
    const writer = new ServiceWriter(doc, services, name, service, referenced);
    if (plan.bindPorts !== undefined) writer.bindPorts(plan.bindPorts, plan.rules.portBindings ?? '*');
    writer.securityOptions(plan);
    if (plan.capabilities) writer.capabilities(plan.capabilities.add, plan.rules.capDrop ?? plan.rules.capAdd ?? '*');
    if (plan.replaceLinks) writer.replaceLinks(plan.rules.links ?? '*');
    for (const secret of plan.secrets) writer.moveToSecret(root, secret, plan.rules.env ?? '*');
    writer.values(plan.values, plan.rules);
    skipped.push(...writer.skipped);
  }
  const fixed = doc.toString(layout);
  return { text: fixed === untouched ? text : preserveUntouched(text, [untouched], [fixed]), skipped };
}
