import type { ContainerTarget, SourceKind } from '../../model/target.js';
import { DOCKER_RUNTIME, PODMAN_RUNTIME } from '../../model/runtime.js';
import { RUN_FLAGS_OF, type FlagEffect, type RunCli } from './run-flags.js';
import {
  parseBytes,
  parseDevice,
  parseEnv,
  parseKeyValue,
  parseMount,
  parseNanoCpus,
  parsePublish,
  parseRestart,
  parseTmpfs,
  parseVolume,
} from '../docker-grammar/index.js';
import { SpecBuilder } from '../spec-builder.js';
import type { Position, ShellCommand, ShellWord } from '../../shell/shell-words.js';

/** A `docker run` line says what it sets itself; what its image sets is unknown here. */
export const RUN_LINE_SOURCE: SourceKind = { id: 'run-line', runtime: DOCKER_RUNTIME, imageDefaultsKnown: false, syntax: 'run' };

/** A `podman run` line: the same, with Podman's defaults (no NET_RAW unless it adds it). */
export const PODMAN_RUN_LINE_SOURCE: SourceKind = { ...RUN_LINE_SOURCE, runtime: PODMAN_RUNTIME };

/**
 * Words that may stand before `docker` without changing what runs: `sudo -E docker run …`, and the
 * shell's reserved words that open a command list (`if ! docker run …; then`, `do docker run …`).
 */
const PREFIX_COMMANDS = new Set([
  'sudo',
  'exec',
  'time',
  'nohup',
  'env',
  'command',
  'if',
  'then',
  'else',
  'elif',
  'do',
  'while',
  'until',
  '!',
]);
/** Options of those prefixes, and of `docker` and `podman` themselves, that take a value. */
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
  // podman's global options (podman --help, Podman 4.3 to 5)
  '--root',
  '--runroot',
  '--storage-driver',
  '--storage-opt',
  '--cgroup-manager',
  '--events-backend',
  '--tmpdir',
  '--url',
  '--connection',
  '--identity',
  '--conmon',
  '--network-cmd-path',
  '--network-config-dir',
  '--hooks-dir',
  '--imagestore',
  '--module',
  '--runtime',
  '--runtime-flag',
  '--ssh',
  '--volumepath',
  '--out',
]);

export interface RunCommand {
  /** The `docker` or `podman` word. */
  cli: ShellWord;
  /** Which of the two, whose flags and defaults the line has. */
  engine: RunCli;
  /** The words after `run` / `create` / `container run` / `container create`. */
  args: ShellWord[];
}

/** Finds `docker run`, `docker create`, `docker container run|create` (and the same with `podman`) in simple commands. */
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
    const cli = words[index];
    const engine = /(?:^|\/)(docker|podman)$/.exec(cli?.text ?? '')?.[1] as RunCli | undefined;
    if (!cli || !engine) continue;
    index++;
    while (words[index]?.text.startsWith('-')) index += PREFIX_OPTIONS_WITH_VALUE.has(words[index]?.text ?? '') ? 2 : 1;
    if (words[index]?.text === 'container') index++;
    const subcommand = words[index]?.text;
    if (subcommand !== 'run' && subcommand !== 'create') continue;
    found.push({ cli, engine, args: words.slice(index + 1) });
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

/** Splits the arguments into flags (with their values) and the image, as the CLI's flag parser does. */
export function parseRunArguments(
  args: readonly ShellWord[],
  engine: RunCli,
): { flags: ParsedFlag[]; image?: ShellWord; command: ShellWord[] } {
  const flagsByName = RUN_FLAGS_OF[engine];
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
      const definition = flagsByName.get(name);
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
        const definition = flagsByName.get(`-${text[at]}`);
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
    // A word the shell expands (`$(default_args vpn)`, `$DOCKER_OPTS`) followed by more flags holds options, not the image.
    if (word.unknown && args[index + 1]?.text.startsWith('-')) continue;
    return { flags, image: word, command: args.slice(index + 1) };
  }
  return { flags, command: [] };
}

function booleanValue(value: string | undefined): boolean | undefined {
  if (value === undefined || value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  return undefined;
}

type Builder = SpecBuilder<ShellWord>;
type EffectOf<K extends FlagEffect['kind']> = Extract<FlagEffect, { kind: K }>;

/**
 * How each kind of flag effect writes its value into the spec, located at the
 * flag word. `value` is undefined for a boolean flag given without `=value`.
 */
const APPLY: { [K in FlagEffect['kind']]: (spec: Builder, effect: EffectOf<K>, value: string | undefined, flag: ShellWord) => void } = {
  set: (spec, { field }, value, flag) => spec.set(field, value, flag),
  push: (spec, { field }, value, flag) => {
    if (value !== undefined) spec.push(field, value, flag);
  },
  boolean: (spec, { field }, value, flag) => spec.set(field, booleanValue(value), flag),
  integer: (spec, { field }, value, flag) => {
    const parsed = Number(value);
    spec.set(field, Number.isInteger(parsed) ? parsed : undefined, flag);
  },
  keyValue: (spec, { field }, value, flag) => {
    if (value === undefined) return;
    const [key, setting] = parseKeyValue(value);
    spec.spec[field] = { ...spec.spec[field], [key]: setting };
    spec.at([field, key], flag);
  },
  publish: (spec, _, value, flag) => {
    const binding = value === undefined ? undefined : parsePublish(value);
    if (binding) spec.add('portBindings', binding, flag);
  },
  volume: (spec, _, value, flag) => {
    const mount = value === undefined ? undefined : parseVolume(value, true);
    if (mount) spec.add('mounts', mount, flag);
  },
  mount: (spec, _, value, flag) => {
    const parsed = value === undefined ? undefined : parseMount(value);
    if (parsed?.mount) spec.add('mounts', parsed.mount, flag);
    else if (parsed?.tmpfsOptions) spec.push('tmpfs', { destination: parsed.destination, options: parsed.tmpfsOptions }, flag);
  },
  tmpfs: (spec, _, value, flag) => {
    if (value !== undefined) spec.push('tmpfs', parseTmpfs(value), flag);
  },
  env: (spec, _, value, flag) => {
    if (value !== undefined) spec.add('env', parseEnv(value), flag);
  },
  device: (spec, _, value, flag) => {
    if (value !== undefined) spec.push('devices', parseDevice(value), flag);
  },
  memory: (spec, _, value, flag) => spec.set('memory', value === undefined ? undefined : parseBytes(value), flag),
  cpus: (spec, _, value, flag) => spec.set('nanoCpus', parseNanoCpus(value), flag),
  restart: (spec, _, value, flag) => {
    if (value !== undefined) spec.set('restartPolicy', parseRestart(value), flag);
  },
  healthCmd: (spec, _, value, flag) => spec.set('healthcheck', value === undefined ? undefined : ['CMD-SHELL', value], flag),
  noHealthcheck: (spec, _, _value, flag) => spec.set('healthcheck', ['NONE'], flag),
};

function applyFlag(spec: Builder, { effect, flag, value }: ParsedFlag): void {
  (APPLY[effect.kind] as (spec: Builder, effect: FlagEffect, value: string | undefined, flag: ShellWord) => void)(
    spec,
    effect,
    value,
    flag,
  );
}

/**
 * The spec that run arguments make, each setting located at its word, and a
 * setting a rule reports as missing at `missingAt`. A value the shell would
 * only know at run time (an expansion) leaves its setting unknown: no
 * finding is guessed from it.
 */
export function runArgumentsToSpec(
  args: readonly ShellWord[],
  engine: RunCli,
  file: string,
  missingAt: Position,
): ReturnType<SpecBuilder<ShellWord>['build']> {
  const locate = (position: Position, where = file) => ({ file: where, line: position.line, column: position.column });
  const builder = new SpecBuilder((word: ShellWord) => locate(word.position, word.file), locate(missingAt));
  const { flags, image, command: commandWords } = parseRunArguments(args, engine);
  for (const flag of flags) {
    if (!flag.unknown) applyFlag(builder, flag);
    else if (flag.effect.kind === 'volume' && flag.value !== undefined) {
      // Only what is certain whatever the expansion: a source that ends in an engine socket's name.
      const mount = parseVolume(flag.value, false);
      if (mount?.source !== undefined) builder.add('mounts', mount, flag.flag);
    }
  }
  // Arguments the shell expands at run time are left out: only literal ones can be judged.
  const knownArguments = commandWords.filter((word) => !word.unknown);
  if (knownArguments.length > 0) {
    builder.spec.command = knownArguments.map((word) => word.text);
    knownArguments.forEach((word, index) => builder.at(['command', index], word));
  }
  if (image && !image.unknown) builder.set('image', image.text, image);
  return builder.build();
}

/** A `docker run` or `podman run` line as a target; settings a rule reports as missing point at the `docker` or `podman` word. */
export function runCommandToTarget(command: RunCommand, file: string): ContainerTarget {
  const { spec, sourceMap } = runArgumentsToSpec(command.args, command.engine, file, command.cli.position);
  const { line, column } = command.cli.position;
  return {
    kind: 'container',
    id: `${file}:${line}:${column}`,
    name: spec.name ?? spec.image ?? `${command.engine} run`,
    spec,
    source: { kind: command.engine === 'podman' ? PODMAN_RUN_LINE_SOURCE : RUN_LINE_SOURCE, file },
    sourceMap,
  };
}
