import { basename } from 'node:path';
import type { ContainerSpec, SpecPath } from '../model/container-spec.js';
import { shellCommands, sourceTextOf } from '../shell/shell-words.js';
import type { RuleContext } from '../rules/define-rule.js';
import { globToRegExp } from '../model/selectors.js';
import { imageRepository } from '../model/secret-files.js';
import { classifySecret, classifyUnderSecretName, isCredentialName, nameWords, type SecretMatch } from './classify.js';
import { findSecretFormats, type SecretFormats } from './secret-formats.js';

/** A value a container is given under some name: a variable, a label, an argument. */
export interface NamedValue {
  where: 'env' | 'label' | 'argument';
  name: string;
  value: string | undefined;
  path: SpecPath;
  /** The option inside the value that names it (`-Dspring.datasource.password`), judged instead of `name`. */
  key?: string;
}

/** Programs whose -p<value> option is a password (mysql -psecret). */
const PASSWORD_FLAG_PROGRAMS = new Set(['mysql', 'mysqldump', 'mysqladmin', 'mariadb', 'mariadb-dump', 'mariadb-admin']);
const CREDENTIAL_WORD = /^(PASSWORD|PASSWD|PASS|PWD|SECRET|TOKEN|APIKEY|KEY|CREDENTIALS?|AUTH)$/;
/** Variables whose value is a command line of options (`JAVA_TOOL_OPTIONS`, `CATALINA_OPTS`, `EXTRA_ARGS`). */
const OPTIONS_WORDS: ReadonlySet<string> = new Set(['OPTS', 'OPTIONS', 'ARGS', 'ARGUMENTS', 'FLAGS', 'PARAMS']);

/**
 * Arguments as name/value pairs: `--password=x`, `--token x` (the next word,
 * when the option's name is credential-like), `mysql -px`; every other
 * argument is checked for a credential format under the name `argument`.
 * An argument with spaces (sh -c "…") is split as a shell would split it.
 */
function argumentValues(
  args: readonly string[],
  where: 'command' | 'entrypoint' | 'healthcheck',
  program: string | undefined,
): NamedValue[] {
  return args.flatMap((arg, index) => optionValues(args, index, program, [where, index]));
}

/**
 * The name/value pairs of one argument (split as a shell would when it holds
 * spaces). `-p<value>` is a password for the MySQL clients, and wherever a
 * `-u` user option comes with it.
 */
function optionValues(args: readonly string[], index: number, program: string | undefined, path: SpecPath): NamedValue[] {
  const arg = args[index] ?? '';
  // A script (`sh -c "mysql -p…; curl …"`) is each of its commands in turn, with its own program.
  const commands = /\s/.test(arg) ? shellCommands(sourceTextOf(arg)).map((command) => command.map((word) => word.text)) : [[arg]];
  return commands.flatMap((words) => commandOptionValues(words, words.length === 1 ? args[index + 1] : undefined, program, path));
}

/** `Authorization: Bearer …` as curl and wget take a header (-H, --header). */
const AUTHORIZATION_HEADER = /^(?:proxy-)?authorization:\s*(?:bearer|basic|token|digest)\s+(\S+)$/i;

function commandOptionValues(
  words: readonly string[],
  after: string | undefined,
  program: string | undefined,
  path: SpecPath,
): NamedValue[] {
  const mysqlStyle =
    [program, words[0]].some((name) => name !== undefined && PASSWORD_FLAG_PROGRAMS.has(basename(name))) ||
    words.some((word) => /^-u\S*$|^--user(=|$)/.test(word));
  return words.map((word, at): NamedValue => {
    const option = /^--?([A-Za-z][\w.-]*)=(.*)$/s.exec(word);
    const next = words[at + 1] ?? after;
    const header = AUTHORIZATION_HEADER.exec(word);
    if (option) return { where: 'argument', name: option[1] ?? '', value: option[2] ?? '', path };
    if (header) return { where: 'argument', name: 'authorization-token', value: header[1] ?? '', path };
    if (
      /^--?[A-Za-z][\w.-]*$/.test(word) &&
      next !== undefined &&
      !next.startsWith('-') &&
      (nameWords(word).some((part) => CREDENTIAL_WORD.test(part)) || isCredentialName(word))
    ) {
      return { where: 'argument', name: word.replace(/^-+/, ''), value: next, path };
    }
    if (mysqlStyle && /^-p.+/.test(word)) return { where: 'argument', name: 'password', value: word.slice(2), path };
    return { where: 'argument', name: 'argument', value: word, path };
  });
}

/** A variable whose value is a command line is also read option by option, under the variable's place in the spec. */
function envValues(variable: { name: string; value?: string | undefined }, index: number): NamedValue[] {
  const path = ['env', index];
  const whole: NamedValue = { where: 'env', name: variable.name, value: variable.value, path };
  const last = nameWords(variable.name).at(-1);
  if (variable.value === undefined || last === undefined || !OPTIONS_WORDS.has(last)) return [whole];
  const options = optionValues([variable.value], 0, undefined, path).filter((option) => option.name !== 'argument');
  return [whole, ...options.map((option): NamedValue => ({ ...whole, value: option.value, key: option.name }))];
}

/** A spec is not changed once built: the format pass and the rules read its values from one list. */
const namedValuesOf = new WeakMap<ContainerSpec, readonly NamedValue[]>();

export function namedValues(spec: ContainerSpec): readonly NamedValue[] {
  let values = namedValuesOf.get(spec);
  if (values === undefined) {
    values = readNamedValues(spec);
    namedValuesOf.set(spec, values);
  }
  return values;
}

function readNamedValues(spec: ContainerSpec): NamedValue[] {
  const program = spec.entrypoint?.[0] ?? spec.command?.[0];
  return [
    ...(spec.env ?? []).flatMap(envValues),
    ...Object.entries(spec.labels ?? {}).map(([key, value]): NamedValue => ({ where: 'label', name: key, value, path: ['labels', key] })),
    ...argumentValues(spec.entrypoint ?? [], 'entrypoint', program),
    ...argumentValues(spec.command ?? [], 'command', program),
    // A healthcheck's test is a command too (["CMD", "mysqladmin", "-p…"], or one CMD-SHELL string).
    ...argumentValues(spec.healthcheck ?? [], 'healthcheck', spec.healthcheck?.[0] === 'CMD' ? spec.healthcheck[1] : undefined),
  ];
}

export interface FoundSecret {
  named: NamedValue;
  match: SecretMatch;
  /** Kind, confidence and a keyed fingerprint: what a finding may show instead of the value. */
  evidence: Record<string, string>;
}

function foundSecret(named: NamedValue, value: string, match: SecretMatch, context: RuleContext): FoundSecret {
  return { named, match, evidence: { kind: match.kind, confidence: match.confidence, fingerprint: context.secrets.fingerprint(value) } };
}

/**
 * Four rules ask for the secrets of the same container: classify them once per
 * spec and run (the formats object is the run's), then let each rule filter.
 */
const classified = new WeakMap<ContainerSpec, { formats: SecretFormats; found: FoundSecret[] }>();

/** Names of identities, not secrets, whose values a guessable password repeats: MYSQL_USER, POSTGRES_DB. */
const IDENTITY_WORD = /^(USER|USERNAME|LOGIN|DB|DATABASE|DBNAME)$/;

/**
 * What a password of this container must not equal to be more than a guess: the values of its user and
 * database variables, and its image's name (`POSTGRES_PASSWORD=paperless` beside `POSTGRES_USER=paperless`).
 */
function guessableValues(spec: ContainerSpec): Set<string> {
  const values = (spec.env ?? [])
    .filter((variable) => IDENTITY_WORD.test(nameWords(variable.name).at(-1) ?? ''))
    .map((variable) => variable.value?.toLowerCase() ?? '');
  const image = imageRepository(spec.image)?.split('/').at(-1);
  return new Set([...values, ...(image ? [image.toLowerCase()] : [])].filter((value) => value.length > 0));
}

/**
 * `<PREFIX>ACCESS_KEY` beside `<PREFIX>SECRET_KEY` is the key's id (MinIO's and S3 clients' pair), as
 * AWS_ACCESS_KEY_ID is: the secret half is the one to report.
 */
function isKeyIdOfPair(name: string, spec: ContainerSpec): boolean {
  const prefix = /^(.*)ACCESS_KEY$/i.exec(name)?.[1];
  return prefix !== undefined && (spec.env ?? []).some((variable) => variable.name.toUpperCase() === `${prefix.toUpperCase()}SECRET_KEY`);
}

function secretsOf(spec: ContainerSpec, context: RuleContext): FoundSecret[] {
  const cached = classified.get(spec);
  if (cached?.formats === context.secrets.formats) return cached.found;
  let guessable: Set<string> | undefined;
  const found = namedValues(spec).flatMap((named) => {
    const match = classifySecret(named.key ?? named.name, named.value, context.secrets.formats);
    if (!match || named.value === undefined) return [];
    if (named.where === 'env' && match.basis === 'name' && isKeyIdOfPair(named.name, spec)) return [];
    const repeats = match.basis === 'name' && (guessable ??= guessableValues(spec)).has(named.value.toLowerCase());
    return [foundSecret(named, named.value, repeats ? { ...match, weakDefault: true } : match, context)];
  });
  classified.set(spec, { formats: context.secrets.formats, found });
  return found;
}

/** The secrets among a container's named values of one kind, either weak defaults or the rest. */
export function secretsIn(
  spec: ContainerSpec,
  context: RuleContext,
  where: NamedValue['where'] | 'any',
  weakDefaults: boolean,
): FoundSecret[] {
  return secretsOf(spec, context).filter(
    ({ named, match }) => (where === 'any' || named.where === where) && match.weakDefault === weakDefaults,
  );
}

/**
 * Environment variables whose name matches one of `names` (env-secret's
 * option; `*` is a wildcard, case is ignored) and that the detector did not
 * already recognise.
 */
export function secretsUnderNames(spec: ContainerSpec, context: RuleContext, names: readonly string[]): FoundSecret[] {
  if (names.length === 0) return [];
  const patterns = names.map((name) => globToRegExp(name, 'i'));
  const recognised = new Set(secretsOf(spec, context).flatMap(({ named }) => (named.where === 'env' ? [named.path[1]] : [])));
  return (spec.env ?? []).flatMap((variable, index) => {
    if (recognised.has(index) || !patterns.some((pattern) => pattern.test(variable.name))) return [];
    const match = classifyUnderSecretName(variable.value);
    if (!match || variable.value === undefined) return [];
    return [
      foundSecret({ where: 'env', name: variable.name, value: variable.value, path: ['env', index] }, variable.value, match, context),
    ];
  });
}

/** The values of a spec the detector takes for secrets, so that text showing them can be masked. */
export function secretValues(spec: ContainerSpec, formats: SecretFormats): string[] {
  return namedValues(spec).flatMap(({ name, key, value }) =>
    value !== undefined && classifySecret(key ?? name, value, formats) ? [value] : [],
  );
}

/** The one credential-format pass of a run, over every named value of every target; `stop` as for findSecretFormats. */
export function detectSecretFormats(targets: readonly { spec: ContainerSpec }[], stop?: () => boolean): Promise<SecretFormats> {
  return findSecretFormats(
    targets.flatMap((target) =>
      namedValues(target.spec).flatMap(({ name, key, value }) => (value === undefined ? [] : [{ name: key ?? name, value }])),
    ),
    stop,
  );
}
