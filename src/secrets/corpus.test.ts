import { describe, expect, it } from 'vitest';
import { classifySecret } from './classify.js';
import { findSecretFormats } from './secret-formats.js';

/**
 * Fake credentials are generated here from a seeded generator instead of
 * being written into the repository, so the repository holds nothing a secret
 * scanner would (rightly) flag, and every run checks the same values.
 */
function generator(seed: number) {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const from = (alphabet: string, length: number) => Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
  return {
    upper: (n: number) => from('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', n),
    alnum: (n: number) => from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', n),
    b64: (n: number) => from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', n),
    hex: (n: number) => from('0123456789abcdef', n),
    url: (n: number) => from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_', n),
  };
}
const g = generator(20261129);

interface Sample {
  name: string;
  value: string;
  secret: boolean;
  /** What makes it a secret, or what it is: for the reader of a failure. */
  what: string;
}

const secret = (what: string, name: string, value: string): Sample => ({ name, value, secret: true, what });
const benign = (what: string, name: string, value: string): Sample => ({ name, value, secret: false, what });

const CORPUS: Sample[] = [
  // Credentials in known formats, under names that do not say so.
  secret('aws access key id', 'SETTING_A', `AKIA${g.upper(16)}`),
  secret('aws secret access key', 'AWS_SECRET_ACCESS_KEY', g.b64(40)),
  secret('github classic token', 'SETTING_B', `ghp_${g.alnum(36)}`),
  secret('github fine-grained token', 'SETTING_C', `github_pat_${g.alnum(22)}_${g.alnum(59)}`),
  secret('gitlab token', 'SETTING_D', `glpat-${g.url(20)}`),
  secret('slack bot token', 'SETTING_E', `xoxb-${g.hex(12).replace(/[a-f]/g, '1')}-${g.hex(13).replace(/[a-f]/g, '2')}-${g.alnum(24)}`),
  secret('slack webhook', 'NOTIFY_HOOK', `https://hooks.slack.com/services/T${g.upper(8)}/B${g.upper(10)}/${g.alnum(24)}`),
  secret('npm token', 'SETTING_F', `npm_${g.alnum(36)}`),
  secret('stripe live key', 'SETTING_G', `sk_live_${g.alnum(24)}`),
  secret('rsa private key', 'SETTING_H', `-----BEGIN RSA PRIVATE KEY-----\n${g.b64(64)}\n${g.b64(64)}\n-----END RSA PRIVATE KEY-----`),
  secret(
    'openssh private key',
    'DEPLOY_KEY_MATERIAL',
    `-----BEGIN OPENSSH PRIVATE KEY-----\n${g.b64(70)}\n-----END OPENSSH PRIVATE KEY-----`,
  ),
  secret('jwt', 'SETTING_I', `eyJhbGciOiJIUzI1NiJ9.eyJ${g.url(40)}.${g.url(43)}`),
  secret('postgres url with password', 'DATABASE_URL', `postgres://app:${g.alnum(16)}@db:5432/app`),
  secret('mysql url with password', 'MYSQL_DSN', `mysql://root:${g.alnum(14)}@mysql:3306/shop`),
  secret('mongodb url with password', 'MONGO_URI', `mongodb+srv://svc:${g.alnum(18)}@cluster0.example.net/db`),
  secret('basic auth url', 'UPSTREAM', `https://deploy:${g.alnum(12)}@registry.example.com/v2/`),
  secret('sendgrid key', 'MAILER', `SG.${g.url(22)}.${g.url(43)}`),
  secret('anthropic key', 'LLM_KEY_VALUE', `sk-ant-api03-${g.url(93)}AA`),
  secret('openai project key', 'SETTING_J', `sk-proj-${g.url(24)}T3BlbkFJ${g.url(24)}`),
  secret('google api key', 'SETTING_K', `AIza${g.url(35)}`),
  // Literals under credential-like names.
  secret('db password', 'DB_PASSWORD', g.alnum(20)),
  secret('mysql root password', 'MYSQL_ROOT_PASSWORD', `${g.alnum(6)}-${g.alnum(6)}`),
  secret('jwt secret', 'JWT_SECRET', g.b64(32)),
  secret('secret key base', 'SECRET_KEY_BASE', g.hex(64)),
  secret('api token', 'API_TOKEN', g.alnum(32)),
  secret('client secret', 'OAUTH_CLIENT_SECRET', g.url(28)),
  secret('camel case api key', 'paymentApiKey', g.alnum(24)),
  secret('redis password', 'REDIS_PASS', g.alnum(10)),
  secret('encryption key', 'ENCRYPTION_KEY', g.b64(44)),
  secret('legacy sentry dsn with its secret key', 'SENTRY_DSN', `https://${g.hex(32)}:${g.hex(32)}@sentry.example.com/1`),
  secret('weak default', 'POSTGRES_PASSWORD', 'changeme'),
  secret('weak default', 'ADMIN_PASSWORD', 'admin'),
  // Benign values, many under names that look like credentials.
  benign('file reference', 'POSTGRES_PASSWORD_FILE', '/run/secrets/db_password'),
  benign('the start of secrets names', 'SECRET_NAME_PREFIX', 'backup-creds-'),
  benign('token endpoint', 'TOKEN_URL', 'https://auth.example.com/oauth/token'),
  benign('empty value', 'API_KEY', ''),
  benign('unresolved reference', 'DB_PASSWORD', '${DB_PASSWORD}'),
  benign('secret name', 'SECRET_NAME', 'prod/db/password'),
  benign('role arn', 'ROLE_ARN', 'arn:aws:iam::123456789012:role/app'),
  benign('client id', 'CLIENT_ID', 'web-frontend'),
  benign('auth method', 'AUTH_METHOD', 'oauth2'),
  benign('token lifetime', 'TOKEN_TTL', '3600'),
  benign('password policy', 'PASSWORD_MIN_LENGTH', '12'),
  benign('boolean', 'AUTH_ENABLED', 'true'),
  benign('boolean', 'SECRET_ROTATION', 'disabled'),
  benign('uuid', 'REQUEST_ID', '550e8400-e29b-41d4-a716-446655440000'),
  benign('uuid', 'TENANT', 'f47ac10b-58cc-4372-a567-0e02b2c3d479'),
  benign('git sha', 'GIT_COMMIT', '3f786850e387550fdab836ed7e6dc881de23001b'),
  benign('image digest', 'IMAGE', `sha256:${'9'.repeat(64)}`),
  benign(
    'ssh public key',
    'AUTHORIZED_KEY',
    'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl ops@example',
  ),
  benign('pem public key', 'SIGNING_PUBLIC', '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----'),
  benign('certificate', 'CA_CERT', '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----'),
  benign('url without credentials', 'REDIS_URL', 'redis://cache:6379/0'),
  benign('url without credentials', 'DATABASE_URL', 'postgres://db:5432/app'),
  benign('url with user only', 'UPSTREAM_URL', 'https://deploy@registry.example.com/v2/'),
  benign('path', 'PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'),
  benign('working directory', 'PWD', '/app'),
  benign('base64 of text', 'GREETING', 'aGVsbG8gd29ybGQsIHRoaXMgaXMgbm90IGEgc2VjcmV0'),
  benign('checksum', 'ARCHIVE_SHA256', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'),
  benign('log level', 'LOG_LEVEL', 'info'),
  benign('port', 'PORT', '8080'),
  benign('jvm options', 'JAVA_OPTS', '-Xmx512m -XX:+UseG1GC'),
  benign('time zone', 'TZ', 'Europe/Paris'),
  benign('region', 'AWS_REGION', 'eu-west-1'),
  benign('hostname', 'DATABASE_HOST', 'db.internal'),
  benign('key id', 'AWS_KMS_KEY_ID', 'alias/app-key'),
  benign('keycloak realm url', 'KEYCLOAK_URL', 'https://sso.example.com/realms/main'),
  benign('secret store path', 'VAULT_SECRET_PATH', 'kv/data/app'),
  benign('npm registry', 'NPM_CONFIG_REGISTRY', 'https://registry.npmjs.org/'),
];

describe('secret detection on the corpus', () => {
  it('has at least 60 values and credentials of at least 15 formats', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(60);
    expect(new Set(CORPUS.filter((sample) => sample.secret).map((sample) => sample.what)).size).toBeGreaterThanOrEqual(25);
  });

  it('reaches 95% precision and 95% recall', async () => {
    const formats = await findSecretFormats(CORPUS.map(({ name, value }) => ({ name, value })));
    const detected = CORPUS.map((sample) => ({ sample, found: classifySecret(sample.name, sample.value, formats) !== undefined }));
    const truePositives = detected.filter(({ sample, found }) => sample.secret && found).length;
    const falsePositives = detected.filter(({ sample, found }) => !sample.secret && found);
    const falseNegatives = detected.filter(({ sample, found }) => sample.secret && !found);
    const precision = truePositives / (truePositives + falsePositives.length);
    const recall = truePositives / (truePositives + falseNegatives.length);
    // Printed so the figures can be quoted; the names, never the values.
    const names = (samples: readonly { sample: { what: string } }[]) => samples.map(({ sample }) => sample.what).join(', ') || 'none';
    console.log(
      `secret detection: ${CORPUS.length} samples, precision ${(precision * 100).toFixed(1)}%, recall ${(recall * 100).toFixed(1)}%` +
        `; false positives: ${names(falsePositives)}; missed: ${names(falseNegatives)}`,
    );
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(recall).toBeGreaterThanOrEqual(0.95);
  });

  it('reports weak defaults as such, formats with high confidence, and never returns the value', async () => {
    const formats = await findSecretFormats(CORPUS.map(({ name, value }) => ({ name, value })));
    expect(classifySecret('POSTGRES_PASSWORD', 'changeme', formats)).toMatchObject({ weakDefault: true });
    const github = CORPUS.find((sample) => sample.what === 'github classic token');
    expect(classifySecret(github?.name ?? '', github?.value ?? '', formats)).toMatchObject({
      kind: 'github',
      basis: 'format',
      confidence: 'high',
    });
    for (const sample of CORPUS.filter((s) => s.secret))
      expect(JSON.stringify(classifySecret(sample.name, sample.value, formats))).not.toContain(sample.value);
  });
});
