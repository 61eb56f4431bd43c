import type { Loc, Located } from '../../yaml/located-yaml.js';
import { parseDevice, parseEnv, parseTmpfs, parseVolume } from '../docker-grammar/index.js';

/** Keys whose list form (`- NAME=value`) Compose treats as a mapping. */
const MAPPING_LISTS = new Set(['environment', 'labels', 'sysctls', 'extra_hosts', 'annotations']);
/** Keys whose value an override replaces as a whole. */
const REPLACED = new Set(['command', 'entrypoint', 'test']);
/** List keys merged by an identifying field: an override of the same target replaces it. */
const KEYED_LISTS: Record<string, (item: Located) => string | undefined> = {
  volumes: (item) => mountTarget(item),
  tmpfs: (item) => mapScalar(item, (text) => parseTmpfs(text).destination),
  secrets: (item) => scalarText(item) ?? fieldText(item, 'source'),
  configs: (item) => scalarText(item) ?? fieldText(item, 'source'),
  devices: (item) => mapScalar(item, (text) => parseDevice(text).pathInContainer) ?? fieldText(item, 'target'),
};

function scalarText(node: Located): string | undefined {
  return node.kind === 'scalar' && node.value !== null ? String(node.value) : undefined;
}

function mapScalar(node: Located, read: (text: string) => string | undefined): string | undefined {
  const text = scalarText(node);
  return text === undefined ? undefined : read(text);
}

function fieldText(node: Located, key: string): string | undefined {
  const value = node.kind === 'map' ? node.entries.get(key)?.value : undefined;
  return value ? scalarText(value) : undefined;
}

function mountTarget(node: Located): string | undefined {
  return mapScalar(node, (short) => parseVolume(short, true)?.destination) ?? fieldText(node, 'target');
}

/** `["A=1", "B"]` → `{A: "1", B: null}`, keeping each item's place. */
export function listToMapping(node: Located): Located {
  if (node.kind !== 'seq') return node;
  const entries = new Map<string, { key: Loc; value: Located }>();
  for (const item of node.items) {
    const text = scalarText(item);
    if (text === undefined) continue;
    const { name, value = null } = parseEnv(text);
    entries.set(name, { key: item.loc, value: { kind: 'scalar', loc: item.loc, value } });
  }
  return { kind: 'map', loc: node.loc, entries };
}

/** Merges an override into a base as Compose merges several -f files (compose-spec "merge"). */
export function mergeLocated(base: Located, override: Located, key = ''): Located {
  if (MAPPING_LISTS.has(key)) {
    base = listToMapping(base);
    override = listToMapping(override);
  }
  if (base.kind === 'map' && override.kind === 'map') {
    const entries = new Map(base.entries);
    for (const [name, entry] of override.entries) {
      const existing = entries.get(name);
      entries.set(name, existing ? { key: entry.key, value: mergeLocated(existing.value, entry.value, name) } : entry);
    }
    return { kind: 'map', loc: override.loc, entries };
  }
  if (base.kind === 'seq' && override.kind === 'seq' && !REPLACED.has(key)) {
    // Other lists are appended, without repeating an identical scalar entry.
    const identify = KEYED_LISTS[key] ?? scalarText;
    const overridden = new Set(override.items.map(identify).filter((id) => id !== undefined));
    const kept = base.items.filter((item) => {
      const id = identify(item);
      return id === undefined || !overridden.has(id);
    });
    return { kind: 'seq', loc: override.loc, items: [...kept, ...override.items] };
  }
  return override;
}
