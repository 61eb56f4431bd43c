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
} from '../../model/container-spec.js';
import { SourceMap, type ContainerTarget, type SourceKind } from '../../model/target.js';
import { DOCKER_RUNTIME } from '../../model/runtime.js';
import { FLAGS_BY_NAME, parseBytes, parseMount, parsePublish, parseVolume, type FlagEffect } from './run-flags.js';
import type { ShellCommand, ShellWord } from '../../shell/shell-words.js';

/** A `docker run` line says what it sets itself; what its image sets is unknown here. */
export const RUN_LINE_SOURCE: SourceKind = { id: 'run-line', runtime: DOCKER_RUNTIME, imageDefaultsKnown: false };

/** Words that may stand before `docker` without changing what runs: `sudo -E docker run …`. */
const PREFIX_COMMANDS = new Set(['sudo', 'exec', 'time', 'nohup', 'env', 'command']);
/** Options of those prefixes and of `docker` itself that take a value. */
const PREFIX_OPTIONS_WITH_VALUE = new Set([
  '-u',
  '-g',
  '-C',
  '-H',
  '--host',
  '-c',
  '--context',
  '--config',
  '-l',
  '--log-level',
  '--tlscacert',
  '--tlscert',
  '--tlskey',
]);

export interface RunCommand {
  /** The `docker` word. */
  docker: ShellWord;
  /** The words after `run` / `create` / `container run` / `container create`. */
  args: ShellWord[];
}

/** Finds `docker run`, `docker create`, `docker container run|create` in simple commands. */
export function findRunCommands(commands: readonly ShellCommand[]): RunCommand[] {
  const found: RunCommand[] = [];
  for (const words of commands) {
    let index = 0;
    // Skip VAR=value assignments, prefix commands and their options.
    while (index < words.length) {
      const text = words[index]?.text ?? '';
      if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(text) || PREFIX_COMMANDS.has(text)) index++;
      else if (text.startsWith('-') && index > 0 && PREFIX_COMMANDS.has(words[index - 1]?.text ?? ''))
        index += PREFIX_OPTIONS_WITH_VALUE.has(text) ? 2 : 1;
      else break;
    }
    const docker = words[index];
    if (!docker || !/(^|\/)docker$/.test(docker.text)) continue;
    index++;
    while (words[index]?.text.startsWith('-')) index += PREFIX_OPTIONS_WITH_VALUE.has(words[index]?.text ?? '') ? 2 : 1;
    if (words[index]?.text === 'container') index++;
    const subcommand = words[index]?.text;
    if (subcommand !== 'run' && subcommand !== 'create') continue;
    found.push({ docker, args: words.slice(index + 1) });
  }
  return found;
}

export interface ParsedFlag {
  effect: FlagEffect;
  flag: ShellWord;
  /** Undefined for a boolean flag without `=value`. */
  value?: string;
  /** The word the value is written in: the next word, or the flag word itself (`--publish=80`, `-p80`). */
  valueWord?: ShellWord;
  unknown: boolean;
}

/** Splits the arguments into flags (with their values) and the image, as the docker CLI's flag parser does. */
export function parseRunArguments(args: readonly ShellWord[]): { flags: ParsedFlag[]; image?: ShellWord; command: ShellWord[] } {
  const flags: ParsedFlag[] = [];
  for (let index = 0; index < args.length; index++) {
    const word = args[index];
    if (word === undefined) break;
    const text = word.text;
    if (text === '--') {
      const image = args[index + 1];
      return { flags, command: args.slice(index + 2), ...(image && { image }) };
    }
    if (text.startsWith('--')) {
      const equals = text.indexOf('=');
      const name = equals === -1 ? text : text.slice(0, equals);
      const definition = FLAGS_BY_NAME.get(name);
      let value: string | undefined = equals === -1 ? undefined : text.slice(equals + 1);
      let valueWord: ShellWord | undefined = equals === -1 ? undefined : word;
      let unknown = word.unknown;
      if (definition?.takesValue && value === undefined) {
        valueWord = args[++index];
        value = valueWord?.text;
        unknown = valueWord?.unknown ?? true;
      }
      if (definition?.effect)
        flags.push({
          effect: definition.effect,
          flag: word,
          ...(value !== undefined && { value }),
          ...(valueWord && { valueWord }),
          unknown,
        });
      continue;
    }
    if (text.startsWith('-') && text.length > 1) {
      // A group of one-letter flags: -itd, or -dp 80:80 where the last one takes a value.
      for (let at = 1; at < text.length; at++) {
        const definition = FLAGS_BY_NAME.get(`-${text[at]}`);
        if (!definition?.takesValue) {
          if (definition?.effect) flags.push({ effect: definition.effect, flag: word, unknown: false });
          continue;
        }
        let value = text.slice(at + 1).replace(/^=/, '');
        let valueWord: ShellWord | undefined = word;
        let unknown = word.unknown;
        if (value === '') {
          valueWord = args[++index];
          value = valueWord?.text ?? '';
          unknown = valueWord?.unknown ?? true;
        }
        if (definition.effect) flags.push({ effect: definition.effect, flag: word, value, ...(valueWord && { valueWord }), unknown });
        break;
      }
      continue;
    }
    return { flags, image: word, command: args.slice(index + 1) };
  }
  return { flags, command: [] };
}

function booleanValue(value: string | undefined): boolean | undefined {
  if (value === undefined || value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  return undefined;
}

/**
 * Builds the spec from a `docker run` line. A value the shell would only know
 * at run time (an expansion) leaves its setting unknown: no finding is guessed
 * from it.
 */
export function runCommandToTarget(command: RunCommand, file: string): ContainerTarget {
  const spec: ContainerSpec = {};
  const sourceMap = new SourceMap();
  const at = (path: SpecPath, word: ShellWord) => sourceMap.set(path, { file, line: word.position.line, column: word.position.column });
  const list = <K extends 'capAdd' | 'capDrop' | 'securityOpt' | 'links' | 'deviceCgroupRules' | 'devices' | 'tmpfs'>(key: K) =>
    (spec[key] ??= [] as never) as NonNullable<ContainerSpec[K]>;
  // Settings a rule reports as missing point at the command itself.
  for (const field of [
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
    'image',
  ] as const) {
    at([field], command.docker);
  }

  const ports: { item: PortBinding; origin: ShellWord }[] = [];
  const mounts: { item: MountSpec; origin: ShellWord }[] = [];
  const env: { item: EnvVar; origin: ShellWord }[] = [];
  const { flags, image, command: commandWords } = parseRunArguments(command.args);
  for (const { effect, flag, value, unknown } of flags) {
    if (unknown) continue;
    switch (effect.kind) {
      case 'set':
        if (value !== undefined) spec[effect.field] = value;
        at([effect.field], flag);
        break;
      case 'push': {
        if (value === undefined) break;
        const values = list(effect.field);
        at([effect.field, values.length], flag);
        values.push(value);
        break;
      }
      case 'boolean': {
        const parsed = booleanValue(value);
        if (parsed !== undefined) spec[effect.field] = parsed;
        at([effect.field], flag);
        break;
      }
      case 'integer': {
        const parsed = Number(value);
        if (Number.isInteger(parsed)) spec[effect.field] = parsed;
        at([effect.field], flag);
        break;
      }
      case 'publish': {
        const binding = value === undefined ? undefined : parsePublish(value);
        if (binding) ports.push({ item: binding, origin: flag });
        break;
      }
      case 'volume': {
        const mount = value === undefined ? undefined : parseVolume(value, true);
        if (mount) mounts.push({ item: mount, origin: flag });
        break;
      }
      case 'mount': {
        const parsed = value === undefined ? undefined : parseMount(value);
        if (parsed?.mount) {
          mounts.push({ item: parsed.mount, origin: flag });
        } else if (parsed?.tmpfsOptions) {
          at(['tmpfs', list('tmpfs').length], flag);
          list('tmpfs').push({ destination: parsed.destination, options: parsed.tmpfsOptions });
        }
        break;
      }
      case 'tmpfs': {
        if (value === undefined) break;
        const [destination = '', options = ''] = value.split(/:(.*)/);
        at(['tmpfs', list('tmpfs').length], flag);
        list('tmpfs').push({ destination, options: options ? options.split(',') : [] });
        break;
      }
      case 'env': {
        if (value === undefined) break;
        const equals = value.indexOf('=');
        // NAME alone passes the caller's value through: unknown here.
        env.push({
          item: equals === -1 ? { name: value } : { name: value.slice(0, equals), value: value.slice(equals + 1) },
          origin: flag,
        });
        break;
      }
      case 'device': {
        if (value === undefined) break;
        const [pathOnHost = '', pathInContainer = pathOnHost, permissions = 'rwm'] = value.split(':');
        at(['devices', list('devices').length], flag);
        list('devices').push({ pathOnHost, pathInContainer, permissions });
        break;
      }
      case 'memory': {
        const bytes = value === undefined ? undefined : parseBytes(value);
        if (bytes !== undefined) spec.memory = bytes;
        at(['memory'], flag);
        break;
      }
      case 'cpus': {
        const cpus = Number(value);
        if (Number.isFinite(cpus)) spec.nanoCpus = Math.round(cpus * 1e9);
        at(['nanoCpus'], flag);
        break;
      }
      case 'restart': {
        if (value === undefined) break;
        const [name = '', count = '0'] = value.split(':');
        spec.restartPolicy = { name, maximumRetryCount: Number(count) || 0 };
        at(['restartPolicy'], flag);
        break;
      }
      case 'healthCmd':
        if (value !== undefined) spec.healthcheck = ['CMD-SHELL', value];
        at(['healthcheck'], flag);
        break;
      case 'noHealthcheck':
        spec.healthcheck = ['NONE'];
        at(['healthcheck'], flag);
        break;
      case 'keyValue': {
        if (value === undefined) break;
        const [key = '', setting = ''] = value.split(/=(.*)/);
        spec[effect.field] = { ...spec[effect.field], [key]: setting };
        at([effect.field, key], flag);
        break;
      }
    }
  }
  const place = <T>(
    key: 'portBindings' | 'mounts' | 'env',
    entries: { item: T; origin: ShellWord }[],
    compare: (a: T, b: T) => number,
  ): T[] => {
    const sorted = sortWithOrigins(entries, compare);
    sorted.forEach(({ origin }, index) => at([key, index], origin));
    return sorted.map(({ item }) => item);
  };
  if (ports.length > 0) spec.portBindings = place('portBindings', ports, comparePortBindings);
  if (mounts.length > 0) spec.mounts = place('mounts', mounts, compareMounts);
  if (env.length > 0) spec.env = place('env', env, compareEnv);
  // Arguments the shell expands at run time are left out: only literal ones can be judged.
  const knownArguments = commandWords.filter((word) => !word.unknown);
  if (knownArguments.length > 0) {
    spec.command = knownArguments.map((word) => word.text);
    knownArguments.forEach((word, index) => at(['command', index], word));
  }
  if (image && !image.unknown) {
    spec.image = image.text;
    at(['image'], image);
  }
  const { line, column } = command.docker.position;
  return {
    kind: 'container',
    id: `${file}:${line}:${column}`,
    name: spec.name ?? spec.image ?? 'docker run',
    spec,
    source: { kind: RUN_LINE_SOURCE, file },
    sourceMap,
  };
}
