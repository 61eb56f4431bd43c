import { basename, dirname, extname, isAbsolute, join } from 'node:path';
import type { ShellWord } from '../../shell/shell-words.js';
import {
  booleanValue,
  entriesOf,
  lastEntryOf,
  positionInValue,
  singleValue,
  splitWords,
  type UnitEntry,
  type UnitFile,
  type UnitPosition,
  type UnitProblem,
  type UnitSection,
  type UnitWord,
} from './unit-file.js';

/**
 * How Quadlet turns a `.container` unit into `podman run` arguments
 * (pkg/systemd/quadlet/quadlet.go ConvertContainer, Podman 4.4 to 5.x): each
 * [Container] key becomes the podman run flag it stands for, so the run-line
 * flag table and spec builder read it, every word placed at its key's value.
 * What Quadlet adds to every container by itself (--rm, --replace, -d,
 * --cgroups=split, --sdnotify=conmon, a name) changes nothing the rules read;
 * no version drops capabilities or sets no-new-privileges by itself.
 */
type Translation =
  /** One value, the last entry's: `Memory=512m` → `--memory 512m`. */
  | { kind: 'last'; flag: string; prefix?: string }
  /** Every entry one value (Quadlet's LookupAll): `PublishPort=8080:80`. */
  | { kind: 'each'; flag: string; value?: (text: string, unit: UnitContext) => string }
  /** Every word of every entry (LookupAllStrv and LookupAllArgs): `AddCapability=NET_ADMIN SYS_TIME`. */
  | { kind: 'words'; flag: string; prefix?: string; value?: (text: string) => string }
  /** A boolean key: what it adds when true, or when false where Quadlet writes that too. */
  | { kind: 'switch'; on: readonly string[]; off?: readonly string[] };

const securityOpt = (prefix: string): Translation => ({ kind: 'last', flag: '--security-opt', prefix });

/** What a unit's value refers to in its folder: another unit, or a path relative to the unit. */
export interface UnitContext {
  file: string;
  /** Reads a unit next to this one (a .volume, .network, .pod or .image it names); undefined when there is none. */
  sibling(name: string): UnitFile | undefined;
  /** The variables of an env file (EnvironmentFile=), each with its line; undefined when it cannot be read. */
  envFile(path: string): { name: string; value: string; line: number }[] | undefined;
}

/** `data.volume` is the volume that unit makes: its host path where it binds one (Device= with Type=bind), else its name. */
function volumeSource(source: string, unit: UnitContext): string {
  if (source.endsWith('.volume')) {
    const volume = unit.sibling(source)?.sections.get('Volume');
    const device = lastEntryOf(volume, 'Device');
    const type = lastEntryOf(volume, 'Type');
    const options = lastEntryOf(volume, 'Options');
    const binds = (type && singleValue(type) === 'bind') || (options && /(^|,)r?bind(,|$)/.test(singleValue(options)));
    if (device && binds) return singleValue(device);
    const name = lastEntryOf(volume, 'VolumeName');
    return name ? singleValue(name) : `systemd-${basename(source, '.volume')}`;
  }
  // Quadlet makes a relative host path absolute from the unit's folder.
  if (source.startsWith('./') || source.startsWith('../')) return join(dirname(unit.file), source);
  return source;
}

/** `-v source:destination[:options]` with its source resolved as Quadlet resolves it. */
function volumeValue(text: string, unit: UnitContext): string {
  const [source = '', ...rest] = text.split(':');
  return rest.length === 0 ? text : [volumeSource(source, unit), ...rest].join(':');
}

/** `web.network` is the network that unit makes; `db.container` is that container's network namespace. */
function networkValue(text: string, unit: UnitContext): string {
  const [name = '', ...options] = text.split(':');
  if (name.endsWith('.network')) {
    const networkName = lastEntryOf(unit.sibling(name)?.sections.get('Network'), 'NetworkName');
    return [networkName ? singleValue(networkName) : `systemd-${basename(name, '.network')}`, ...options].join(':');
  }
  if (name.endsWith('.container')) return `container:systemd-${basename(name, '.container')}`;
  return text;
}

/** The [Container] keys that change a setting the rules read, as the podman run flags Quadlet writes for them. */
const TRANSLATIONS: Readonly<Record<string, Translation>> = {
  UserNS: { kind: 'last', flag: '--userns' },
  Network: { kind: 'each', flag: '--network', value: networkValue },
  PublishPort: { kind: 'each', flag: '--publish' },
  Volume: { kind: 'each', flag: '--volume', value: volumeValue },
  Mount: { kind: 'words', flag: '--mount' },
  Tmpfs: { kind: 'each', flag: '--tmpfs' },
  Environment: { kind: 'words', flag: '--env' },
  Secret: { kind: 'words', flag: '--secret' },
  // A leading `-` adds the device only where it exists on the host: it is there on the hosts that matter.
  AddDevice: { kind: 'words', flag: '--device', value: (text) => text.replace(/^-/, '') },
  AddCapability: { kind: 'words', flag: '--cap-add' },
  DropCapability: { kind: 'words', flag: '--cap-drop' },
  Sysctl: { kind: 'words', flag: '--sysctl' },
  Mask: { kind: 'words', flag: '--security-opt', prefix: 'mask=' },
  Unmask: { kind: 'words', flag: '--security-opt', prefix: 'unmask=' },
  NoNewPrivileges: { kind: 'switch', on: ['--security-opt', 'no-new-privileges'] },
  SecurityLabelDisable: { kind: 'switch', on: ['--security-opt', 'label=disable'] },
  SecurityLabelNested: { kind: 'switch', on: ['--security-opt', 'label=nested'] },
  SecurityLabelType: securityOpt('label=type:'),
  SecurityLabelFileType: securityOpt('label=filetype:'),
  SecurityLabelLevel: securityOpt('label=level:'),
  SeccompProfile: securityOpt('seccomp='),
  ReadOnly: { kind: 'switch', on: ['--read-only=true'], off: ['--read-only=false'] },
  PidsLimit: { kind: 'last', flag: '--pids-limit' },
  Memory: { kind: 'last', flag: '--memory' },
  HealthCmd: { kind: 'last', flag: '--health-cmd' },
  LogDriver: { kind: 'last', flag: '--log-driver' },
  Label: { kind: 'words', flag: '--label' },
};

/**
 * Every other key Quadlet accepts in [Container] (its SupportedKeys, Podman
 * 5.x, with keys Podman 4.4 to 4.9 had): none changes what the rules read,
 * or it is read apart (ContainerName, EnvironmentFile, Image, Rootfs, Exec,
 * User, Group, Pod, PodmanArgs).
 */
const OTHER_KEYS = new Set([
  'AddHost',
  'ContainerName',
  'Annotation',
  'AutoUpdate',
  'CgroupsMode',
  'ContainersConfModule',
  'DNS',
  'DNSOption',
  'DNSSearch',
  'Entrypoint',
  'EnvironmentFile',
  'EnvironmentHost',
  'Exec',
  'ExposeHostPort',
  'GIDMap',
  'GlobalArgs',
  'Group',
  'GroupAdd',
  'HealthInterval',
  'HealthLogDestination',
  'HealthMaxLogCount',
  'HealthMaxLogSize',
  'HealthOnFailure',
  'HealthRetries',
  'HealthStartPeriod',
  'HealthStartupCmd',
  'HealthStartupInterval',
  'HealthStartupRetries',
  'HealthStartupSuccess',
  'HealthStartupTimeout',
  'HealthTimeout',
  'HostName',
  'IP',
  'IP6',
  'Image',
  'LogOpt',
  'NetworkAlias',
  'Notify',
  'Pod',
  'PodmanArgs',
  'Pull',
  'ReadOnlyTmpfs',
  'ReloadCmd',
  'ReloadSignal',
  'RemapGid',
  'RemapUid',
  'RemapUidSize',
  'RemapUsers',
  'Retry',
  'RetryDelay',
  'Rootfs',
  'RunInit',
  'ServiceName',
  'ShmSize',
  'StartWithPod',
  'StopSignal',
  'StopTimeout',
  'SubGIDMap',
  'SubUIDMap',
  'Timezone',
  'UIDMap',
  'Ulimit',
  'User',
  'VolatileTmp',
  'WorkingDir',
]);

/** Whether systemd fills something into a value when it runs the unit: a specifier (%h, %N), or $NAME and ${NAME} ($$ is one $). */
function systemdFillsIn(written: string): boolean {
  return /%[A-Za-z]/.test(written) || /\$[{A-Za-z_]/.test(written.replaceAll('$$', ''));
}

/**
 * The [Container] keys that write security options: those whose whole value
 * is one (SeccompProfile=, NoNewPrivileges=), and those each of whose words
 * is one, with the prefix Quadlet puts before it (Unmask= → `unmask=`).
 */
export function securityOptionKeys(): { whole: ReadonlySet<string>; byWord: Readonly<Record<string, string>> } {
  const whole = new Set<string>();
  const byWord: Record<string, string> = {};
  for (const [key, translation] of Object.entries(TRANSLATIONS)) {
    const writesOption = translation.kind === 'switch' ? translation.on[0] === '--security-opt' : translation.flag === '--security-opt';
    if (!writesOption) continue;
    if (translation.kind === 'words') byWord[key] = translation.prefix ?? '';
    else whole.add(key);
  }
  return { whole, byWord };
}

/**
 * A word for the run-flag parser. Quadlet writes every value into the
 * service's ExecStart=, where systemd fills in specifiers (%h, %N), expands
 * $NAME and ${NAME} from the unit's environment, and reads $$ as one $: a
 * word with something systemd fills in is unknown here, as a shell expansion
 * is in a run line.
 */
function word(written: string, { file, ...position }: UnitPosition): ShellWord {
  return {
    text: written.replaceAll('$$', '$'),
    raw: written,
    position,
    unknown: systemdFillsIn(written),
    ...(file !== undefined && { file }),
  };
}

export interface ContainerArguments {
  args: ShellWord[];
  problems: UnitProblem[];
}

/** The words of an entry, with a problem where a quote is left open. */
function wordsOf(entry: UnitEntry, problems: UnitProblem[]): UnitWord[] {
  const { words, unclosedQuote } = splitWords(entry);
  if (unclosedQuote) problems.push({ at: entry.at, key: entry.key, problem: 'a quote is not closed' });
  return words;
}

function translate(section: UnitSection, key: string, translation: Translation, unit: UnitContext, problems: UnitProblem[]): ShellWord[] {
  const flagAt = (entry: UnitEntry) => word(translation.kind === 'switch' ? '' : translation.flag, entry.at);
  switch (translation.kind) {
    case 'last': {
      const entry = lastEntryOf(section, key);
      if (!entry || entry.value === '') return [];
      const text = singleValue(entry);
      return [flagAt(entry), word(`${translation.prefix ?? ''}${text}`, positionInValue(entry, 0))];
    }
    case 'each':
      return entriesOf(section, key).flatMap((entry) => {
        const text = singleValue(entry);
        return [flagAt(entry), word(translation.value ? translation.value(text, unit) : text, positionInValue(entry, 0))];
      });
    case 'words':
      return entriesOf(section, key).flatMap((entry) =>
        wordsOf(entry, problems).flatMap(({ text, at }) => [
          flagAt(entry),
          word(`${translation.prefix ?? ''}${translation.value ? translation.value(text) : text}`, at),
        ]),
      );
    case 'switch': {
      const entry = lastEntryOf(section, key);
      if (!entry) return [];
      const written = booleanValue(entry) ? translation.on : (translation.off ?? []);
      return written.map((text) => word(text, entry.at));
    }
  }
}

/**
 * EnvironmentFile= files, which podman reads when the container starts, as
 * `--env` words at their own lines there; a variable Environment= sets again
 * is left out, as podman lets Environment= win. A path systemd fills in (a
 * specifier) is not read.
 */
function environmentFileArguments(section: UnitSection, unit: UnitContext, problems: UnitProblem[]): ShellWord[] {
  const setByUnit = new Set(
    entriesOf(section, 'Environment').flatMap((entry) => splitWords(entry).words.map(({ text }) => text.split('=')[0])),
  );
  return entriesOf(section, 'EnvironmentFile').flatMap((entry) =>
    wordsOf(entry, problems).flatMap(({ text }) => {
      if (systemdFillsIn(text)) return [];
      const path = resolveFromUnit(unit.file, text);
      return (unit.envFile(path) ?? []).flatMap(({ name, value, line }) => {
        if (setByUnit.has(name)) return [];
        const at = { line, column: 1, file: path };
        return [word('--env', at), word(`${name}=${value}`, at)];
      });
    }),
  );
}

/** `User=` and `Group=` make one --user, as Quadlet writes it (a Group without a User is refused). */
function userArguments(section: UnitSection, problems: UnitProblem[]): ShellWord[] {
  const user = lastEntryOf(section, 'User');
  const group = lastEntryOf(section, 'Group');
  if (!user) {
    if (group) problems.push({ at: group.at, key: 'Group', problem: 'set without User=, which Quadlet refuses' });
    return [];
  }
  const value = group ? `${singleValue(user)}:${singleValue(group)}` : singleValue(user);
  return [word('--user', user.at), word(value, positionInValue(user, 0))];
}

/** A pod unit's network is its containers' network, and its published ports are theirs. */
function podArguments(section: UnitSection, unit: UnitContext): ShellWord[] {
  const pod = lastEntryOf(section, 'Pod');
  if (!pod) return [];
  const name = singleValue(pod);
  const podSection = name.endsWith('.pod') ? unit.sibling(name)?.sections.get('Pod') : undefined;
  if (!podSection) return [word('--pod', pod.at), word(name, positionInValue(pod, 0))];
  // The pod unit's own problems are reported where it is read itself.
  return (['Network', 'PublishPort'] as const).flatMap((key) => translate(podSection, key, TRANSLATIONS[key] as Translation, unit, []));
}

/**
 * The `podman run` arguments of a `.container` unit's [Container] section,
 * each word at the place in the file it comes from, and the keys Quadlet
 * would refuse. Image or Rootfs ends the options, Exec gives the command.
 */
export function containerArguments(section: UnitSection, unit: UnitContext): ContainerArguments {
  const problems: UnitProblem[] = [];
  for (const entry of section.entries)
    if (!(entry.key in TRANSLATIONS) && !OTHER_KEYS.has(entry.key))
      problems.push({ at: entry.at, key: entry.key, problem: 'not a key of [Container] that Quadlet knows' });
  // Quadlet names every container, `systemd-<unit>` unless ContainerName= says otherwise.
  const named = lastEntryOf(section, 'ContainerName');
  const args: ShellWord[] = [word('--name', (named ?? section).at), word(containerName(section, unit.file), (named ?? section).at)];
  args.push(...environmentFileArguments(section, unit, problems));
  for (const [key, translation] of Object.entries(TRANSLATIONS)) args.push(...translate(section, key, translation, unit, problems));
  args.push(...userArguments(section, problems), ...podArguments(section, unit));
  for (const entry of entriesOf(section, 'PodmanArgs')) args.push(...wordsOf(entry, problems).map(({ text, at }) => word(text, at)));
  const image = lastEntryOf(section, 'Image');
  const rootfs = lastEntryOf(section, 'Rootfs');
  if (image) args.push(word('--', image.at), word(imageName(singleValue(image), unit), positionInValue(image, 0)));
  else if (rootfs) args.push(word('--rootfs', rootfs.at), word('--', rootfs.at), word(singleValue(rootfs), positionInValue(rootfs, 0)));
  else problems.push({ at: section.at, problem: 'neither Image= nor Rootfs= is set, which Quadlet refuses' });
  const exec = lastEntryOf(section, 'Exec');
  if (exec) args.push(...wordsOf(exec, problems).map(({ text, at }) => word(text, at)));
  return { args, problems };
}

/** `web.image` is the image that unit pulls. */
function imageName(text: string, unit: UnitContext): string {
  if (!text.endsWith('.image')) return text;
  const image = lastEntryOf(unit.sibling(text)?.sections.get('Image'), 'Image');
  return image ? singleValue(image) : text;
}

/** The container a `.container` unit makes is named `systemd-<unit>` unless ContainerName= says otherwise. */
export function containerName(section: UnitSection, file: string): string {
  const name = lastEntryOf(section, 'ContainerName');
  return name ? singleValue(name) : `systemd-${basename(file, extname(file))}`;
}

/** A path a unit names (a `.kube` unit's Yaml=): from the unit's folder unless it is absolute, as Quadlet resolves it. */
export function resolveFromUnit(file: string, path: string): string {
  return isAbsolute(path) ? path : join(dirname(file), path);
}
