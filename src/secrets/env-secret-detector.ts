/**
 * Decides whether an environment variable carries a secret, without ever
 * returning the value. Two signals: a credential-like name holding a literal
 * value, or a value in a well-known credential format whatever its name.
 */

export type SecretKind =
  | 'password' | 'token' | 'api-key' | 'private-key' | 'secret' | 'credentials'
  | 'aws-access-key' | 'github-token' | 'gitlab-token' | 'slack-token' | 'stripe-key'
  | 'npm-token' | 'google-api-key' | 'jwt' | 'url-with-password';

/** Formats whose shape alone identifies a credential, as their issuers document them. */
const VALUE_FORMATS: readonly { kind: SecretKind; pattern: RegExp }[] = [
  { kind: 'private-key', pattern: /-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----/ },
  { kind: 'aws-access-key', pattern: /\b(AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/ },
  { kind: 'github-token', pattern: /\b(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{60,})\b/ },
  { kind: 'gitlab-token', pattern: /\bglpat-[A-Za-z0-9_-]{20,}\b/ },
  { kind: 'slack-token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/ },
  { kind: 'stripe-key', pattern: /\b[sr]k_live_[A-Za-z0-9]{20,}\b/ },
  { kind: 'npm-token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/ },
  { kind: 'google-api-key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { kind: 'jwt', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}/ },
];

/** `scheme://user:password@host`, with a password that is not a `${...}` reference. */
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:([^\s/@]+)@[^\s]/i;

/** Single words of a variable name that mark its value as secret. */
const SECRET_WORDS: ReadonlyMap<string, SecretKind> = new Map([
  ['PASSWORD', 'password'], ['PASSWD', 'password'], ['PASSPHRASE', 'password'], ['PWD', 'password'],
  ['SECRET', 'secret'], ['SECRETS', 'secret'],
  ['TOKEN', 'token'], ['APIKEY', 'api-key'], ['PRIVATEKEY', 'private-key'],
  ['CREDENTIAL', 'credentials'], ['CREDENTIALS', 'credentials'], ['CREDS', 'credentials'],
]);
/** Pairs of words that together name a secret (`API_KEY`, `ACCESS_KEY`, ...). */
const SECRET_PAIRS: ReadonlyMap<string, SecretKind> = new Map([
  ['API KEY', 'api-key'], ['ACCESS KEY', 'api-key'], ['SECRET KEY', 'secret'],
  ['PRIVATE KEY', 'private-key'], ['SIGNING KEY', 'secret'], ['ENCRYPTION KEY', 'secret'],
  ['MASTER KEY', 'secret'], ['AUTH KEY', 'secret'], ['LICENSE KEY', 'api-key'],
]);
/** Words that only mean "secret" at the end of a name: `DB_PASS`, `NPM_AUTH`. */
const SECRET_LAST_WORDS: ReadonlyMap<string, SecretKind> = new Map([
  ['PASS', 'password'], ['AUTH', 'credentials'],
]);
/**
 * A name ending in one of these points at a secret or describes it instead of
 * holding it: `PASSWORD_FILE`, `TOKEN_URL`, `SECRET_NAME`, `AWS_ACCESS_KEY_ID`.
 */
const INDIRECTION_WORDS: ReadonlySet<string> = new Set([
  'FILE', 'PATH', 'DIR', 'URL', 'URI', 'ENDPOINT', 'HOST', 'PORT', 'NAME', 'ARN', 'ID', 'USER',
  'USERNAME', 'TYPE', 'MODE', 'METHOD', 'ENABLED', 'DISABLED', 'REQUIRED', 'LENGTH', 'TTL',
  'EXPIRY', 'EXPIRES', 'EXPIRATION', 'TIMEOUT', 'ALGORITHM', 'VERSION', 'REGION', 'HEADER',
  'FIELD', 'PROVIDER', 'LOCATION', 'POLICY', 'KIND', 'FORMAT',
]);
/** Values that are clearly not a credential even under a credential-like name. */
const NON_SECRET_VALUE = /^(true|false|yes|no|on|off|null|none|nil|undefined|disabled|enabled)$/i;

export interface SecretMatch {
  kind: SecretKind;
  /** `format` when the value's shape matched a known credential format, `name` otherwise. */
  basis: 'format' | 'name';
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
  if (last === undefined || INDIRECTION_WORDS.has(last)) return undefined;
  for (let i = words.length - 1; i > 0; i--) {
    const pair = SECRET_PAIRS.get(`${words[i - 1]} ${words[i]}`);
    if (pair) return pair;
  }
  for (const word of [...words].reverse()) {
    const kind = SECRET_WORDS.get(word);
    // PWD on its own is the shell's working directory, not a password.
    if (kind && !(word === 'PWD' && words.length === 1)) return kind;
  }
  return SECRET_LAST_WORDS.get(last);
}

function isReference(value: string): boolean {
  return /^\$\{[^}]*\}$|^\$[A-Za-z_][A-Za-z0-9_]*$/.test(value) || value.startsWith('/run/secrets/');
}

export function detectEnvSecret(name: string, value: string | undefined): SecretMatch | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '' || isReference(trimmed)) return undefined;
  for (const { kind, pattern } of VALUE_FORMATS) {
    if (pattern.test(trimmed)) return { kind, basis: 'format' };
  }
  const urlPassword = URL_WITH_PASSWORD.exec(trimmed)?.[1];
  if (urlPassword !== undefined && !isReference(urlPassword)) return { kind: 'url-with-password', basis: 'format' };
  if (NON_SECRET_VALUE.test(trimmed)) return undefined;
  const kind = kindFromName(name);
  return kind ? { kind, basis: 'name' } : undefined;
}
