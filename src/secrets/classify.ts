/**
 * Decides whether a named value (an environment variable, a label, a command
 * argument) carries a secret, without ever returning the value. Two signals:
 * a value in a known credential format whatever its name (secretlint's
 * recommended preset and the formats it lacks, see secret-formats.ts), or a
 * credential-like name holding a literal value.
 */

import { createHmac, randomBytes } from 'node:crypto';
import { BoundedMap } from '../cache/bounded-map.js';
import { embeddedCredential } from './embedded-credentials.js';
import type { SecretFormats } from './secret-formats.js';

export type SecretKind = string;

/** Single words of a variable name that mark its value as secret. */
const SECRET_WORDS: ReadonlyMap<string, SecretKind> = new Map([
  ['PASSWORD', 'password'],
  ['PASSWD', 'password'],
  ['PASSPHRASE', 'password'],
  ['PWD', 'password'],
  ['SECRET', 'secret'],
  ['SECRETS', 'secret'],
  ['TOKEN', 'token'],
  ['APIKEY', 'api-key'],
  ['AUTHKEY', 'api-key'],
  ['PRIVATEKEY', 'private-key'],
  ['CREDENTIAL', 'credentials'],
  ['CREDENTIALS', 'credentials'],
  ['CREDS', 'credentials'],
]);
/**
 * Credential words that end a name written as one word (`PGPASSWORD`,
 * `DBPASS`, `WEBPASSWORD`, Redis's `requirepass`); PASS only after a word
 * that says whose it is, since BYPASS and COMPASS are not passwords.
 */
const ONE_WORD_NAME = /^[A-Z0-9]+(PASSWORD|PASSWD|SECRET|TOKEN)$|^(DB|ROOT|ADMIN|USER|WEB|PG|SQL|MYSQL|SMTP|MAIL|LDAP|REDIS|REQUIRE)PASS$/;
/**
 * Names of values that are identifiers despite a credential word, from the
 * projects' own documentation: etcd's initial cluster token only keeps two
 * clusters apart ("etcd-cluster-1"), it authenticates nothing.
 */
const IDENTIFIER_NAMES: ReadonlySet<string> = new Set(['ETCD_INITIAL_CLUSTER_TOKEN']);
/** Pairs of words that together name a secret (`API_KEY`, `ACCESS_KEY`, ...). */
const SECRET_PAIRS: ReadonlyMap<string, SecretKind> = new Map([
  ['API KEY', 'api-key'],
  ['ACCESS KEY', 'api-key'],
  ['SECRET KEY', 'secret'],
  ['AUTH TOKEN', 'token'],
  ['PRIVATE KEY', 'private-key'],
  ['SIGNING KEY', 'secret'],
  ['ENCRYPTION KEY', 'secret'],
  ['MASTER KEY', 'secret'],
  ['AUTH KEY', 'secret'],
  ['LICENSE KEY', 'api-key'],
  ['FERNET KEY', 'secret'],
  ['NKEY SEED', 'secret'],
]);
/** Words that only mean "secret" at the end of a name: `DB_PASS`, `NPM_AUTH`. */
const SECRET_LAST_WORDS: ReadonlyMap<string, SecretKind> = new Map([
  ['PASS', 'password'],
  ['AUTH', 'credentials'],
]);
/**
 * A name ending in one of these points at a secret or describes it instead of
 * holding it: `PASSWORD_FILE`, `TOKEN_URL`, `SECRET_NAME`, `AWS_ACCESS_KEY_ID`.
 */
const INDIRECTION_WORDS: ReadonlySet<string> = new Set([
  'FILE',
  'PATH',
  'DIR',
  'URL',
  'URI',
  'ENDPOINT',
  'HOST',
  'PORT',
  'NAME',
  'ARN',
  'ID',
  'USER',
  'USERNAME',
  'TYPE',
  'MODE',
  'METHOD',
  'ENABLED',
  'DISABLED',
  'REQUIRED',
  'LENGTH',
  'PREFIX',
  'SUFFIX',
  'TTL',
  'LIFETIME',
  'COMMAND',
  'CMD',
  'EXPIRY',
  'EXPIRES',
  'EXPIRATION',
  'TIMEOUT',
  'ALGORITHM',
  'VERSION',
  'REGION',
  'HEADER',
  'FIELD',
  'PROVIDER',
  'LOCATION',
  'POLICY',
  'KIND',
  'FORMAT',
  'HINT',
  'PROMPT',
  'LABEL',
  'MESSAGE',
  'DESCRIPTION',
  'PATTERN',
  'REGEX',
  'COMPLEXITY',
  'STRENGTH',
  'LENGTH',
  'ROTATION',
  'MANAGER',
  'STORE',
  'BACKEND',
]);
/** Values that are clearly not a credential even under a credential-like name. */
const NON_SECRET_VALUE =
  /^(true|false|yes|no|on|off|null|none|nil|undefined|disabled|enabled|required|optional|invalid|unset|not[-_ ]?set|n\/a|-)$/i;

/**
 * Slots left for the user to fill, which hold no credential yet: template
 * syntax (`<your-api-key>`, `{{ db_password }}`, `%PASSWORD%`, Datadog's
 * `%%env_X%%`), instructions (`your_password_here`, `REPLACE_ME`), and
 * filler (`xxxxxxxx`, `ghp_xxxx…`, `sk-ant-...`, `***`).
 */
const PLACEHOLDERS: readonly RegExp[] = [
  /^<[^<>]+>$/,
  /^\{\{[^{}]*\}\}$/,
  /^%%?[A-Za-z_][\w.-]*%%?$/,
  /^(your|my|insert|enter|put)[-_ ].*$/i,
  /[-_ ]here$/i,
  /^replace[-_ ]?(me|this|it)?([-_ ].*)?$/i,
  /^([A-Za-z0-9]+[-_])*x{4,}$/i,
  /^x{16,}[A-Za-z0-9]{0,8}$/i,
  /^[A-Za-z0-9_-]{0,16}(\.\.\.|\u2026)$/,
  /^\*{3,}$/,
  // A value that names what belongs there: `REGISTRATION_TOKEN`, `app_password`, `long-and-random-alphanumeric-string`.
  /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/,
  /^[a-z]+[-_](password|passwd|pass|pw|token|secret|key)$/,
  /^[a-z]+([-_][a-z]+)*[-_](random|string|generated|here|value)([-_][a-z]+)*$/,
];

/** Placeholders and vendor defaults: a credential, but one everybody knows. */
const WEAK_DEFAULTS = new Set([
  'changeme',
  'change_me',
  'change-me',
  'changeit',
  'password',
  'passw0rd',
  'password1',
  'secret',
  'admin',
  'administrator',
  'root',
  'toor',
  'test',
  'testing',
  'example',
  'default',
  'guest',
  '123456',
  '12345678',
  '123456789',
  'qwerty',
  'letmein',
  'minioadmin',
  'insecure',
  'neo4j',
  'rabbitmq',
  'elastic',
  'kibana',
  'grafana',
  'todo',
  'fixme',
  'postgres',
  'mysql',
  'mariadb',
  'redis',
  'mongo',
  'pass',
  'secret123',
  'admin123',
  'dummy',
  'placeholder',
  // Example passwords of widely copied documentation: the official mysql, postgres and wordpress
  // images' READMEs, Docker's Compose samples and MinIO's.
  'my-secret-pw',
  'mysecretpassword',
  'somewordpress',
  'minio123',
]);

export interface SecretMatch {
  kind: SecretKind;
  /** `format` when the value's shape matched a known credential format, `name` otherwise. */
  basis: 'format' | 'name';
  /** How sure: a known format is high; a literal under a credential-like name is medium, low when short. */
  confidence: 'high' | 'medium' | 'low';
  /** A well-known placeholder or default (changeme, admin), reported on its own. */
  weakDefault: boolean;
}

export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
}

function kindFromName(name: string): SecretKind | undefined {
  const words = nameWords(name);
  const last = words.at(-1);
  if (last === undefined || INDIRECTION_WORDS.has(last) || IDENTIFIER_NAMES.has(words.join('_'))) return undefined;
  for (let i = words.length - 1; i > 0; i--) {
    const pair = SECRET_PAIRS.get(`${words[i - 1]} ${words[i]}`);
    if (pair) return pair;
  }
  for (const word of [...words].reverse()) {
    const kind = SECRET_WORDS.get(word);
    // PWD on its own is the shell's working directory, not a password.
    if (kind && !(word === 'PWD' && words.length === 1)) return kind;
  }
  const oneWord = ONE_WORD_NAME.exec(last);
  if (oneWord) return oneWord[1] === 'SECRET' ? 'secret' : oneWord[1] === 'TOKEN' ? 'token' : 'password';
  return SECRET_LAST_WORDS.get(last);
}

function isReference(value: string): boolean {
  return /^\$\{[^}]*\}$|^\$[A-Za-z_][A-Za-z0-9_]*$/.test(value) || /^(file:\/\/)?\/run\/secrets\//.test(value);
}

/** A value that names a file (`/var/secrets/gcp.json`, `./certs/key.pem`): the credential, if any, is in the file. */
function isFilePath(value: string): boolean {
  return /^(\/|\.{1,2}\/|~\/)[\w.@-]+(\/[\w.@-]+)+$/.test(value);
}

function isPlaceholder(value: string): boolean {
  // A documented example (`my-secret-pw` of the mysql image's README) looks like a slot but is used as it is.
  return !WEAK_DEFAULTS.has(value.toLowerCase()) && PLACEHOLDERS.some((pattern) => pattern.test(value));
}

/**
 * AWS's documentation writes its example credentials with EXAMPLE at the end
 * (AKIAIOSFODNN7EXAMPLE): a README that quotes them leaks nothing.
 */
function isDocumentedExample(value: string): boolean {
  return /EXAMPLE(KEY)?$/.test(value);
}

/** A well-known default: the whole value, a `changeme…` variant, or the password half of `user/password` (NEO4J_AUTH). */
function isWeakDefault(value: string): boolean {
  const lower = value.toLowerCase();
  if (WEAK_DEFAULTS.has(lower) || /^change[-_]?(me|it)([^a-z]|$)/.test(lower)) return true;
  // A few digits, or a common word with a few digits after it (1234, test123, teste123, admin2024).
  if (/^\d{1,8}$/.test(lower) || /^(test[e]?|demo|admin|pass|password|root|user|secret|qwerty)\d{1,4}$/.test(lower)) return true;
  const slash = lower.indexOf('/');
  return slash > 0 && WEAK_DEFAULTS.has(lower.slice(slash + 1));
}

/** Whether a name marks its value as a credential (`DB_PASSWORD`, `PGPASSWORD`, `--requirepass`). */
export function isCredentialName(name: string): boolean {
  return kindFromName(name) !== undefined;
}

/**
 * Classifies a named value; `formats` holds what the format detectors found
 * for this run. Undefined when the value is not a secret: empty, a reference
 * (${VAR}, /run/secrets/…), or not credential-like by name or format.
 */
export function classifySecret(name: string, value: string | undefined, formats: SecretFormats): Readonly<SecretMatch> | undefined {
  if (value === undefined) return undefined;
  // The same variable of every replica, judged once for the run whose formats these are. The values are kept as long as
  // the run's formats, which is as long as the specs that hold them: never in a cache that outlives a request.
  let known = classifiedUnder.get(formats);
  if (known === undefined) {
    known = new BoundedMap(20_000);
    classifiedUnder.set(formats, known);
  }
  const key = `${name}\u0000${value}`;
  const remembered = known.get(key);
  if (remembered !== undefined) return remembered ?? undefined;
  const match = classifyValue(name, value, formats);
  known.set(key, match ?? null);
  return match;
}

const classifiedUnder = new WeakMap<SecretFormats, BoundedMap<string, SecretMatch | null>>();

function classifyValue(name: string, value: string, formats: SecretFormats): SecretMatch | undefined {
  const trimmed = value.trim();
  if (trimmed === '' || isReference(trimmed) || isPlaceholder(trimmed) || isDocumentedExample(trimmed)) return undefined;
  const embedded = embeddedCredential(trimmed);
  const inner = embedded?.secret.trim();
  if (inner !== undefined && (isReference(inner) || isPlaceholder(inner) || NON_SECRET_VALUE.test(inner))) return undefined;
  // A known default inside a value (amqp://guest:guest@…) makes the whole value a weak default, whatever format it is in.
  const weakInside = inner !== undefined && (isWeakDefault(inner) || inner === embedded?.user);
  const format = formats.of(name, value);
  if (format) return { kind: format.kind, basis: 'format', confidence: 'high', weakDefault: weakInside };
  if (embedded) return { kind: embedded.kind, basis: 'format', confidence: 'medium', weakDefault: weakInside };
  if (NON_SECRET_VALUE.test(trimmed) || isFilePath(trimmed)) return undefined;
  const kind = kindFromName(name);
  if (!kind) return undefined;
  return { kind, basis: 'name', confidence: trimmed.length >= 8 ? 'medium' : 'low', weakDefault: isWeakDefault(trimmed) };
}

/**
 * A value under a name the configuration declares secret (env-secret's
 * `names`): any literal counts, whatever its shape.
 */
export function classifyUnderSecretName(value: string | undefined): SecretMatch | undefined {
  const trimmed = value?.trim();
  if (trimmed === undefined || trimmed === '' || isReference(trimmed)) return undefined;
  return { kind: 'secret', basis: 'name', confidence: 'high', weakDefault: false };
}

let randomKey: string | undefined;

/** One random key per process: a run, or the lifetime of watch or the plugin. */
function processKey(): string {
  return (randomKey ??= randomBytes(32).toString('hex'));
}

/** The key fingerprints are made with: DOCKWARD_FINGERPRINT_KEY when set, else one random key per process. */
export function fingerprintKey(env: NodeJS.ProcessEnv): string {
  return env['DOCKWARD_FINGERPRINT_KEY'] || processKey();
}

/**
 * A short keyed hash of a secret, so two findings can be told apart (same
 * value or not) without the value. The key is DOCKWARD_FINGERPRINT_KEY when
 * set, which keeps fingerprints stable across runs (baselines, history);
 * otherwise a random key per run, so a fingerprint cannot be used to check a
 * guessed password.
 */
export function fingerprinter(key: string): (value: string) => string {
  return (value) => createHmac('sha256', key).update(value).digest('hex').slice(0, 12);
}
