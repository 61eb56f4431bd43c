import { FIELD_TABLE, type FieldSyntax } from '../model/field-table.js';
import type { ContainerTarget } from '../model/target.js';
import { securityOptionKeys } from '../sources/quadlet/container-unit.js';
import { RUN_FLAGS_OF } from '../sources/run-line/run-flags.js';
import {
  lastEntryOf,
  parseUnitFile,
  singleValue,
  splitWords,
  type UnitEntry,
  type UnitSection,
  type UnitWord,
} from '../sources/quadlet/unit-file.js';
import { bindShortPort, keepingLineEnds, type SkippedChange } from './compose-fix.js';
import type { FixPlan } from './fix-plan.js';

/** The [Container] keys that write security options, from the table the unit is read with. */
const { whole: OPTION_KEYS, byWord: OPTION_LIST_KEYS } = securityOptionKeys();

/** What a plan's security options are as [Container] keys. */
const OPTION_AS_KEY: Readonly<Record<string, string>> = { 'no-new-privileges=true': 'NoNewPrivileges=true' };

/** A word written back into a value: quoted where systemd would split or unquote it. */
function written(word: string): string {
  return /[\s"'\\]/.test(word) ? `"${word.replace(/["\\]/g, (char) => `\\${char}`)}"` : word;
}

/** One change to the unit's lines: `lines` replaces lines `from` to `to` (1-based, `to` exclusive); an insertion has from === to. */
interface LineEdit {
  from: number;
  to: number;
  lines: string[];
}

/**
 * Writes one `.container` unit's plan into its text, every line it does not
 * change kept byte for byte: keys whose value is the option a remedy removes
 * are taken out (every entry of a key Quadlet reads the last of), a word of
 * Mask=, Unmask= or PodmanArgs= taken out of its value, and the keys a plan
 * sets (NoNewPrivileges=true, DropCapability=ALL with the capabilities the
 * image needs, Memory=, PidsLimit=, an address on each PublishPort=) added
 * at the end of [Container]. What a unit cannot take from fix is skipped,
 * each saying so: a secret (Podman keeps those with `podman secret create`),
 * and settings that only PodmanArgs= holds.
 */
export function fixQuadletText(text: string, target: ContainerTarget, plan: FixPlan): { text: string; skipped: SkippedChange[] } {
  return keepingLineEnds(text, (lfText) => {
    const skipped: SkippedChange[] = [];
    const skip = (rule: string | undefined, message: string) => skipped.push({ service: target.name, rule: rule ?? '*', message });
    const section = parseUnitFile(lfText).sections.get('Container');
    if (!section) return { text: lfText, skipped };
    const edits: LineEdit[] = [];
    const removed = new Set<UnitEntry>();
    const remove = (entry: UnitEntry) => {
      if (removed.has(entry)) return;
      removed.add(entry);
      edits.push({ from: entry.at.line, to: entry.endLine, lines: [] });
    };
    const replace = (entry: UnitEntry, line: string) => {
      removed.add(entry);
      edits.push({ from: entry.at.line, to: entry.endLine, lines: [line] });
    };
    const added: string[] = [];

    for (const { option, rule } of plan.removeSecurityOpts) {
      const index = target.spec.securityOpt?.indexOf(option) ?? -1;
      const at = target.sourceMap.locate(['securityOpt', index]);
      const line = at?.line;
      const column = at?.column;
      const entry = section.entries.find((candidate) => line !== undefined && candidate.at.line <= line && line < candidate.endLine);
      if (!entry || line === undefined || column === undefined) {
        skip(rule, `${option} is not written in this unit's [Container] section: remove it by hand`);
        continue;
      }
      if (OPTION_KEYS.has(entry.key)) {
        for (const each of section.entries) if (each.key === entry.key) remove(each);
      } else if (entry.key in OPTION_LIST_KEYS || entry.key === 'PodmanArgs') {
        // A word of Mask= or Unmask= is found by what it says (its finding is at the key); one of PodmanArgs= by where it stands.
        const prefix = OPTION_LIST_KEYS[entry.key];
        const rewritten = withoutWord(entry, (word) =>
          prefix === undefined ? word.at.line === line && word.at.column === column : `${prefix}${word.text}` === option,
        );
        if (rewritten === undefined) skip(rule, `cannot tell which word of ${entry.key}= is ${option}: remove it by hand`);
        else if (rewritten === '') remove(entry);
        else replace(entry, rewritten);
      } else skip(rule, `${option} comes from ${entry.key}=, which fix does not rewrite: change it by hand`);
    }

    for (const { option, rule } of plan.addSecurityOpts) {
      const line = OPTION_AS_KEY[option];
      if (line === undefined) {
        skip(rule, `fix does not write ${option} to a unit yet: set it by hand`);
        continue;
      }
      const key = line.slice(0, line.indexOf('='));
      const existing = section.entries.filter((entry) => entry.key === key);
      existing.forEach((entry, index) => (index === existing.length - 1 ? replace(entry, line) : remove(entry)));
      if (existing.length === 0) added.push(line);
    }

    if (plan.capabilities) {
      for (const entry of section.entries) if (entry.key === 'AddCapability' || entry.key === 'DropCapability') remove(entry);
      added.push('DropCapability=ALL', ...(plan.capabilities.add.length > 0 ? [`AddCapability=${plan.capabilities.add.join(' ')}`] : []));
    }

    if (plan.bindPorts !== undefined) {
      for (const entry of section.entries.filter((candidate) => candidate.key === 'PublishPort')) {
        const port = singleValue(entry);
        const bound = bindShortPort(port, plan.bindPorts);
        if (bound === undefined) skip(plan.rules.portBindings, `cannot tell the address of PublishPort=${port}: bind it by hand`);
        else if (bound !== port) replace(entry, `PublishPort=${bound}`);
      }
    }

    if (plan.secrets.length > 0)
      skip(plan.rules.env, 'fix does not move a secret into a Podman secret: `podman secret create`, then Secret= (see the finding)');
    if (plan.replaceLinks) skip(plan.rules.links, 'a unit has no links: put the units on one .network instead');

    for (const { field, value } of plan.values) {
      const { quadlet }: FieldSyntax = FIELD_TABLE[field];
      if (quadlet === undefined) {
        skip(plan.rules[field], `the ${field} limit goes through PodmanArgs=, which fix does not write: set it by hand`);
        continue;
      }
      const line = `${quadlet}=${value}`;
      const last = lastEntryOf(section, quadlet);
      if (last) replace(last, line);
      else added.push(line);
    }

    if (added.length > 0) {
      const end = lastLineOf(section);
      edits.push({ from: end, to: end, lines: added });
    }
    return { text: applyEdits(lfText, edits), skipped };
  });
}

/** The line after the section's last entry: where keys added to it go. */
function lastLineOf(section: UnitSection): number {
  return Math.max(section.at.line + 1, ...section.entries.map((entry) => entry.endLine));
}

/**
 * The entry rewritten on one line without the first word `isIt` picks (and,
 * in PodmanArgs=, the value a flag takes as its next word); empty when no
 * word is left, undefined when no word is picked.
 */
function withoutWord(entry: UnitEntry, isIt: (word: UnitWord) => boolean): string | undefined {
  const { words } = splitWords(entry);
  const index = words.findIndex(isIt);
  if (index === -1) return undefined;
  const flag = RUN_FLAGS_OF.podman.get(words[index]?.text ?? '');
  const count = entry.key === 'PodmanArgs' && flag?.takesValue === true ? 2 : 1;
  const left = words.filter((_, position) => position < index || position >= index + count);
  return left.length === 0 ? '' : `${entry.key}=${left.map((word) => written(word.text)).join(' ')}`;
}

function applyEdits(text: string, edits: readonly LineEdit[]): string {
  if (edits.length === 0) return text;
  const lines = text.split('\n');
  // From the bottom up, so earlier line numbers stay true; an insertion at a line goes after a replacement ending there.
  const ordered = [...edits].sort((a, b) => b.from - a.from || (a.from === a.to ? -1 : 1));
  for (const { from, to, lines: replacement } of ordered) lines.splice(from - 1, to - from, ...replacement);
  return lines.join('\n');
}
