/**
 * Independent secrets corpus for dockward.
 *
 * How it was made
 * ---------------
 * Written WITHOUT reading dockward's detector (nothing under src/ was opened), from the
 * shapes that public docker-compose files, `.env.example` files, READMEs and Helm/k8s
 * `env:` lists of well-known self-hosted projects use (monitoring agents, mail servers,
 * Nextcloud/Gitea-style suites, VPN/DNS appliances, reverse proxies, databases, CI
 * runners, cloud SDK users). No project's file and no real credential was copied: the
 * names follow the conventions those projects document, the values are made up.
 *
 * The repository must hold no secret-shaped string, so every credential-looking value is
 * generated at module load by a small seeded PRNG (mulberry32) defined below, glued to
 * fixed, harmless prefixes ('AKIA' + base32(16), 'ghp_' + alnum(36), '-----BEGIN ' +
 * 'PRIVATE KEY-----', ...). The seed is fixed, so the values are identical on every run.
 *
 * Values are the string the container finally sees: Compose's `$$` escapes are already
 * undone (a bcrypt hash reads `$2y$...`), while `${VAR}` references are kept as written,
 * i.e. unresolved.
 *
 * Labelling rules for the ambiguous cases
 * ---------------------------------------
 * - secret: a literal value that grants access (or signs/decrypts) if someone reads it from
 *   `docker inspect`, whatever the variable is called and wherever in the value it sits
 *   (URL user info, `;Password=`, `-D...password=`, `--requirepass`, JSON, HTTP headers).
 * - AWS access key ids (AKIA/ASIA...) are labelled 'secret': they are half of a credential,
 *   identify the account, and every secret scanner and auditor reports them. The AWS
 *   documentation example id (ending in EXAMPLE) is 'benign'.
 * - Webhook URLs whose path embeds a token (Slack, Discord, Teams) are 'secret' even under
 *   a *_URL name: the URL is the credential.
 * - Password hashes (htpasswd bcrypt in a Traefik label, Vaultwarden's argon2 ADMIN_TOKEN,
 *   an htpasswd-style hash in general) are 'secret': they are credential material that allows offline
 *   guessing and belong in a secret store, even if less severe than plaintext.
 * - Public-by-design values are 'benign' even when shaped like keys: Stripe publishable keys
 *   (pk_live_), reCAPTCHA site keys, WireGuard/SSH/PEM public keys, certificates, modern
 *   Sentry DSNs (public key only, ingest-only by Sentry's own documentation).
 * - Random-looking identifiers are 'benign': UUIDs used as client/tenant/instance ids, git
 *   SHAs, image digests, Kafka KRaft cluster ids, Syncthing device ids, Twilio Account SIDs,
 *   OAuth client ids. A UUID used as a Consul/Nomad ACL token is 'secret' (the name says it
 *   is the bearer token, and those tokens ARE UUIDs). etcd's initial cluster token is
 *   'benign': etcd documents it as a uniqueness marker, not an authenticator.
 * - Stripe TEST secret keys (sk_test_) are 'secret': they still authenticate to the account.
 * - Django's generated 'django-insecure-' keys are 'secret': the prefix is a warning, the
 *   rest is a random per-project key.
 * - weak vs benign placeholder: a word that is actually used and accepted as a password
 *   (changeme, admin, password, secret, root, 123456, guest, postgres, example, changeit,
 *   minioadmin, a 'changeme_in_production' style shipped default) is 'weak'. A value that
 *   only tells the reader what to put there (`<your-api-key>`, `{{ db_password }}`,
 *   `%PASSWORD%`, `your_password_here`, `REPLACE_ME`, `xxxxxxxx`, `...`, `***`, `sk-...`),
 *   a reference (`${DB_PASSWORD}`), an empty string and the sentinels 'invalid',
 *   'disabled', 'none' are 'benign'.
 * - `${VAR:-default}`: the fallback is what runs when VAR is unset, so it is labelled by the
 *   fallback: a weak word -> 'weak', a random literal -> 'secret'.
 * - Default credentials inside a value (amqp://guest:guest@..., -D...Password=changeit,
 *   NEO4J_AUTH=neo4j/neo4j) are 'weak'.
 * - A user name is 'benign' even when it is 'admin' (KEYCLOAK_ADMIN, GF_SECURITY_ADMIN_USER).
 * - Google API keys (AIza...) are 'secret' even for browser/maps use: they are billable and
 *   scanners and auditors report them.
 */

export interface SecretSample {
  /** The environment variable (or label / flag) name, as a real project would write it. */
  name: string;
  value: string;
  /**
   * 'secret': a real credential an auditor would flag as a secret in an env var; 'weak': a well-known
   * default/weak password (changeme, admin, password, insecure...) set as a credential; 'benign': not a secret.
   */
  expect: 'secret' | 'weak' | 'benign';
  /** One short phrase: what it is (for the reader of a failure). Never the value. */
  what: string;
}

// ---------------------------------------------------------------------------
// Seeded generator (mulberry32) and helpers. Deterministic: fixed seed.
// ---------------------------------------------------------------------------

let state = 0x5eed_d0c4 >>> 0;

function next(): number {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

function int(n: number): number {
  return Math.floor(next() * n);
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const HEX = '0123456789abcdef';
const ALNUM = UPPER + LOWER + DIGITS;
const B64 = ALNUM + '+/';
const B64URL = ALNUM + '-_';
const B32 = UPPER + '234567';
const BCRYPT = './' + UPPER + LOWER + DIGITS;

function from(alphabet: string, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet.charAt(int(alphabet.length));
  return out;
}

const hex = (n: number): string => from(HEX, n);
const alnum = (n: number): string => from(ALNUM, n);
const lower = (n: number): string => from(LOWER + DIGITS, n);
const alpha = (n: number): string => from(UPPER + LOWER, n);
const digits = (n: number): string => from(DIGITS, n);
const upperAlnum = (n: number): string => from(UPPER + DIGITS, n);
const upper32 = (n: number): string => from(B32, n);
const b64chars = (n: number): string => from(B64, n);
const b64urlChars = (n: number): string => from(B64URL, n);

function bytes(n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(int(256));
  return out;
}

function encodeBase64(data: readonly number[], url = false, pad = true): string {
  const alphabet = url ? B64URL : B64;
  let out = '';
  for (let i = 0; i < data.length; i += 3) {
    const a = data[i] ?? 0;
    const b = data[i + 1] ?? 0;
    const c = data[i + 2] ?? 0;
    const n = (a << 16) | (b << 8) | c;
    out += alphabet.charAt((n >>> 18) & 63) + alphabet.charAt((n >>> 12) & 63);
    out += i + 1 < data.length ? alphabet.charAt((n >>> 6) & 63) : pad ? '=' : '';
    out += i + 2 < data.length ? alphabet.charAt(n & 63) : pad ? '=' : '';
  }
  return out;
}

function ascii(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) out.push(text.charCodeAt(i) & 0xff);
  return out;
}

/** base64 of random bytes (e.g. `openssl rand -base64 32`). */
const b64 = (nBytes: number): string => encodeBase64(bytes(nBytes));
/** base64url without padding of random bytes. */
const b64url = (nBytes: number): string => encodeBase64(bytes(nBytes), true, false);
/** base64 of plain text. */
const textB64 = (text: string): string => encodeBase64(ascii(text));
const textB64url = (text: string): string => encodeBase64(ascii(text), true, false);

function uuid(): string {
  const h = hex(32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'.charAt(int(4))}${h.slice(17, 20)}-${h.slice(20)}`;
}

function jwt(alg: string, claims: Record<string, string | number>): string {
  const header = textB64url(JSON.stringify({ alg, typ: 'JWT' }));
  const payload = textB64url(JSON.stringify(claims));
  return `${header}.${payload}.${b64url(alg.startsWith('RS') ? 256 : 32)}`;
}

const DASHES = '-----';
function pem(label: string, der: readonly number[], sep = '\n'): string {
  const body = encodeBase64(der);
  const lines: string[] = [];
  for (let i = 0; i < body.length; i += 64) lines.push(body.slice(i, i + 64));
  return [`${DASHES}BEGIN ${label}${DASHES}`, ...lines, `${DASHES}END ${label}${DASHES}`].join(sep);
}

/** A DER-ish blob: a SEQUENCE header followed by random content. */
function der(len: number, lead: readonly number[] = []): number[] {
  return [0x30, 0x82, (len >> 8) & 0xff, len & 0xff, ...lead, ...bytes(len - lead.length)];
}

const PRIV = 'PRIVATE ' + 'KEY';
const rsaKey = (sep = '\n'): string => pem('RSA ' + PRIV, der(1190, [0x02, 0x01, 0x00, 0x02, 0x82, 0x01, 0x01, 0x00]), sep);
const pkcs8Key = (sep = '\n'): string => pem(PRIV, der(1214, [0x02, 0x01, 0x00, 0x30, 0x0d, 0x06, 0x09]), sep);
const ecKey = (): string => pem('EC ' + PRIV, [0x30, 0x77, 0x02, 0x01, 0x01, 0x04, 0x20, ...bytes(113)]);
const opensshKey = (): string => pem('OPENSSH ' + PRIV, [...ascii('openssh-key-v1'), 0, 0, 0, 0, 4, ...ascii('none'), ...bytes(380)]);

function sshEd25519Public(comment: string): string {
  const blob = [0, 0, 0, 11, ...ascii('ssh-ed25519'), 0, 0, 0, 32, ...bytes(32)];
  return `ssh-ed25519 ${encodeBase64(blob)} ${comment}`;
}

const WORDS = ['Maple', 'Harbor', 'Copper', 'Lantern', 'Falcon', 'Orchid', 'Granite', 'Velvet', 'Summit', 'Ember', 'Quartz', 'Meadow'];
const SYMBOLS = '!#%&*+-=?@^_';
function passphrase(): string {
  const w = (): string => WORDS[int(WORDS.length)] ?? 'Tundra';
  return `${w()}-${w()}-${digits(4)}${SYMBOLS.charAt(int(SYMBOLS.length))}`;
}
/** `pwgen -s`-style password with a few symbols. */
const strongPassword = (n: number): string => from(ALNUM + '!#%*+-=?@^_', n);
/** URL-safe password (no characters that need percent-encoding). */
const urlPassword = (n: number): string => alnum(n);

// Well-known token shapes, assembled from harmless pieces.
const awsKeyId = (): string => 'AK' + 'IA' + upper32(16);
const awsSecret = (): string => b64chars(40);
const ghClassic = (): string => 'gh' + 'p_' + alnum(36);
const ghFineGrained = (): string => 'github' + '_pat_' + upperAlnum(22) + '_' + alnum(59);
const glPat = (): string => 'gl' + 'pat-' + from(ALNUM + '-_', 20);
const glRunner = (): string => 'gl' + 'rt-' + from(ALNUM + '-_', 20);
const slackBot = (): string => 'xo' + 'xb-' + digits(12) + '-' + digits(13) + '-' + alnum(24);
const slackWebhook = (): string => 'https://hooks.slack.com/services/T' + upperAlnum(8) + '/B' + upperAlnum(10) + '/' + alnum(24);
const discordWebhook = (): string => 'https://discord.com/api/webhooks/' + digits(19) + '/' + b64urlChars(68);
const teamsWebhook = (): string => `https://contoso.webhook.office.com/webhookb2/${uuid()}@${uuid()}/IncomingWebhook/${hex(32)}/${uuid()}`;
const telegramBot = (): string => digits(10) + ':AA' + b64urlChars(33);
const stripeLive = (): string => 'sk' + '_live_' + '51' + alnum(97);
const stripeTest = (): string => 'sk' + '_test_' + '51' + alnum(97);
const stripeRestricted = (): string => 'rk' + '_live_' + '51' + alnum(97);
const stripePublishable = (): string => 'pk' + '_live_' + '51' + alnum(97);
const openaiProject = (): string => 'sk-' + 'proj-' + b64urlChars(74) + 'T3Blbk' + 'FJ' + b64urlChars(74);
const openaiLegacy = (): string => 'sk-' + alnum(20) + 'T3Blbk' + 'FJ' + alnum(20);
const anthropic = (): string => 'sk-' + 'ant-api03-' + b64urlChars(93) + 'AA';
const googleApi = (): string => 'AI' + 'za' + 'Sy' + b64urlChars(33);
const huggingface = (): string => 'h' + 'f_' + alpha(34);
const sendgrid = (): string => 'S' + 'G.' + b64urlChars(22) + '.' + b64urlChars(43);
const npmToken = (): string => 'np' + 'm_' + alnum(36);
const dockerPat = (): string => 'dckr' + '_pat_' + b64urlChars(27);
const tailscaleKey = (): string => 'tskey' + '-auth-' + alnum(11) + 'CNTRL-' + alnum(33);
const vaultToken = (): string => 'hv' + 's.' + alnum(24);
const grafanaCloud = (): string =>
  'gl' +
  'c_' +
  textB64(JSON.stringify({ o: digits(6), n: 'stack-' + digits(6) + '-alloy-write', k: alnum(24), m: { r: 'prod-eu-west-2' } }));
const azureClientSecret = (): string => alnum(3) + '8Q~' + from(ALNUM + '~._-', 34);
const azureAccountKey = (): string => b64(64);
const cloudflareTunnel = (): string => textB64(JSON.stringify({ a: hex(32), t: uuid(), s: b64(32) }));
const argon2 = (): string => '$argon2id$v=19$m=65540,t=3,p=4$' + b64url(16) + '$' + b64url(32);
const bcrypt = (): string => '$2y$05$' + from(BCRYPT, 53);

function gcpServiceAccountJson(): string {
  const project = 'acme-prod-' + digits(6);
  return JSON.stringify({
    type: 'service_account',
    project_id: project,
    private_key_id: hex(40),
    private_key: pkcs8Key('\n') + '\n',
    client_email: `backup@${project}.iam.gserviceaccount.com`,
    client_id: digits(21),
    token_uri: 'https://oauth2.googleapis.com/token',
  });
}

// ---------------------------------------------------------------------------
// Samples
// ---------------------------------------------------------------------------

const s = (name: string, value: string, what: string): SecretSample => ({ name, value, expect: 'secret', what });
const w = (name: string, value: string, what: string): SecretSample => ({ name, value, expect: 'weak', what });
const b = (name: string, value: string, what: string): SecretSample => ({ name, value, expect: 'benign', what });

const knownFormatsSayingName: SecretSample[] = [
  s('AWS_ACCESS_KEY_ID', awsKeyId(), 'AWS IAM user access key id (credential half)'),
  s('AWS_SECRET_ACCESS_KEY', awsSecret(), 'AWS secret access key'),
  s('GITHUB_TOKEN', ghClassic(), 'GitHub classic personal access token'),
  s('GITLAB_TOKEN', glPat(), 'GitLab personal access token'),
  s('CI_SERVER_TOKEN', glRunner(), 'GitLab runner authentication token'),
  s('DOCKERHUB_TOKEN', dockerPat(), 'Docker Hub personal access token'),
  s('SLACK_BOT_TOKEN', slackBot(), 'Slack bot token'),
  s('STRIPE_SECRET', stripeLive(), 'Stripe live secret key (Laravel Cashier naming)'),
  s('STRIPE_SECRET_KEY', stripeTest(), 'Stripe test-mode secret key'),
  s(
    'SUPABASE_SERVICE_ROLE_KEY',
    jwt('HS256', { iss: 'supabase', ref: lower(20), role: 'service_role', iat: 1717000000, exp: 2032576000 }),
    'Supabase service-role JWT',
  ),
  s('JWT_PRIVATE_KEY', rsaKey(), 'RSA private key PEM for signing JWTs'),
  s('OPENAI_API_KEY', openaiProject(), 'OpenAI project API key'),
  s('ANTHROPIC_API_KEY', anthropic(), 'Anthropic API key'),
  s('HF_TOKEN', huggingface(), 'Hugging Face access token'),
  s('SENDGRID_API_KEY', sendgrid(), 'SendGrid API key'),
  s('TS_AUTHKEY', tailscaleKey(), 'Tailscale auth key for a sidecar'),
  s('VAULT_TOKEN', vaultToken(), 'HashiCorp Vault service token'),
  s('AZURE_CLIENT_SECRET', azureClientSecret(), 'Entra ID app client secret'),
  s('TUNNEL_TOKEN', cloudflareTunnel(), 'cloudflared tunnel token'),
  s('WIREGUARD_PRIVATE_KEY', b64(32), 'WireGuard private key for gluetun'),
  s('GOOGLE_CREDENTIALS', gcpServiceAccountJson(), 'GCP service account JSON with private key'),
];

const knownFormatsNeutralName: SecretSample[] = [
  s('RCLONE_CONFIG_S3_ACCESS_KEY_ID', awsKeyId(), 'AWS access key id under an *_ID name'),
  s('GIT_CONFIG_VALUE_0', 'Authorization: Bearer ' + ghClassic(), 'git extraHeader carrying a GitHub token'),
  s('HOMEPAGE_VAR_GITHUB', ghFineGrained(), 'GitHub fine-grained PAT in a dashboard widget var'),
  s('ALERTMANAGER_SLACK_API_URL', slackWebhook(), 'Slack incoming webhook URL'),
  s('DISCORD_WEBHOOK_URL', discordWebhook(), 'Discord webhook URL with its token'),
  s('TEAMS_CHANNEL', teamsWebhook(), 'Microsoft Teams incoming webhook URL'),
  s('PAYMENTS_BACKEND', stripeRestricted(), 'Stripe restricted live key under a neutral name'),
  s(
    'PUSHGATEWAY_HEADER',
    'Authorization: Bearer ' + jwt('RS256', { sub: 'metrics-pusher', aud: 'pushgateway', iat: 1719000000 }),
    'bearer JWT in a header value',
  ),
  s('SSH_DEPLOY_IDENTITY', opensshKey(), 'OpenSSH private key for git deploys'),
  s('GITHUB_APP_PEM', rsaKey('\\n'), 'GitHub App private key with escaped newlines'),
  s('ACME_ACCOUNT', ecKey(), 'EC private key of an ACME account'),
  s('MODEL_PROVIDER_OPENAI', openaiLegacy(), 'legacy OpenAI key under a neutral name'),
  s('NPMRC', '//registry.npmjs.org/:_authToken=' + npmToken(), 'npmrc line with an auth token'),
  s('MAPS_BROWSER', googleApi(), 'Google Maps key under a neutral name'),
  s('N8N_WEBHOOK_UPSTREAM', 'Bearer ' + huggingface(), 'Hugging Face token in a header value'),
];

const passwordsUnderCredentialNames: SecretSample[] = [
  s('PGPASSWORD', strongPassword(20), 'libpq password env for pg_dump'),
  s('DBPASS', urlPassword(28), 'mailcow database password (one-word name)'),
  s('DBROOT', urlPassword(28), 'mailcow database root password'),
  s('ROOTPASSWORD', passphrase(), 'appliance root password (one-word name)'),
  s('WEBPASSWORD', strongPassword(16), 'Pi-hole v5 web UI password'),
  s('MYSQL_ROOT_PASSWORD', strongPassword(24), 'MySQL root password'),
  s('REDIS_PASSWORD', b64(24), 'Redis AUTH password'),
  s('SECRET_KEY_BASE', hex(128), 'Rails secret_key_base'),
  s('APP_KEY', 'base64:' + b64(32), 'Laravel application key'),
  s('DJANGO_SECRET_KEY', 'django-insecure-' + from(LOWER + DIGITS + '!@#$%^&*(-_=+)', 50), 'Django startproject-generated secret key'),
  s('NEXTAUTH_SECRET', b64(32), 'NextAuth.js session secret'),
  s('JWT_SECRET', hex(64), 'HMAC secret for JWTs'),
  s('GITEA__database__PASSWD', urlPassword(24), 'Gitea database password'),
  s('NEXTCLOUD_ADMIN_PASSWORD', passphrase(), 'Nextcloud initial admin password'),
  s('RUNNER_TOKEN', 'A' + upperAlnum(28), 'GitHub Actions self-hosted runner registration token'),
  s('CONSUL_HTTP_TOKEN', uuid(), 'Consul ACL token (a UUID-shaped bearer)'),
  s('RESTIC_PASSWORD', passphrase(), 'restic repository password'),
  s('ADMIN_TOKEN', argon2(), 'Vaultwarden admin token as an argon2 hash'),
  s('traefik.http.middlewares.dash-auth.basicauth.users', 'ops:' + bcrypt(), 'htpasswd entry in a Traefik label'),
  s('--requirepass', urlPassword(32), 'redis-server password flag'),
  s('JWT_SECRET', '${JWT_SECRET:-' + hex(48) + '}', 'reference with a hard-coded random fallback'),
];

const credentialsInsideValues: SecretSample[] = [
  s('DATABASE_URL', `postgres://app:${urlPassword(24)}@db:5432/app?sslmode=disable`, 'Postgres URL with password'),
  s('WORDPRESS_DB_URL', `mysql://wp:${urlPassword(20)}@mariadb:3306/wordpress`, 'MySQL URL with password'),
  s(
    'MONGO_URL',
    `mongodb+srv://svc-api:${urlPassword(22)}@cluster0.${lower(5)}.mongodb.net/app?retryWrites=true&w=majority`,
    'MongoDB Atlas SRV URL with password',
  ),
  s('REDIS_URL', `redis://:${urlPassword(32)}@redis:6379/0`, 'Redis URL with password and no user'),
  s('CELERY_BROKER_URL', `amqp://celery:${urlPassword(20)}@rabbitmq:5672//`, 'AMQP broker URL with password'),
  s(
    'PIP_INDEX_URL',
    `https://ci-reader:${urlPassword(26)}@nexus.internal.example/repository/pypi/simple`,
    'HTTPS basic-auth package index URL',
  ),
  s('MAILER_DSN', `smtp://postmaster%40mg.example.org:${urlPassword(30)}@smtp.mailgun.org:587`, 'Symfony mailer DSN with SMTP password'),
  s('REPO_URL', `https://oauth2:${glPat()}@gitlab.com/acme/infra.git`, 'git clone URL with a GitLab token'),
  s('WATCHTOWER_NOTIFICATION_URL', `telegram://${telegramBot()}@telegram?chats=@ops_alerts`, 'shoutrrr Telegram URL carrying a bot token'),
  s(
    'AZURE_STORAGE_CONNECTION_STRING',
    `DefaultEndpointsProtocol=https;AccountName=acmebackups${digits(3)};AccountKey=${azureAccountKey()};EndpointSuffix=core.windows.net`,
    'Azure Storage connection string',
  ),
  s(
    'ConnectionStrings__Default',
    `Server=mssql,1433;Database=Orders;User Id=sa;Password=${strongPassword(20).replace(/;/g, '')};TrustServerCertificate=True;`,
    'SQL Server connection string with password',
  ),
  s(
    'SPRING_DATASOURCE_URL',
    `jdbc:mysql://db:3306/app?user=app&password=${urlPassword(20)}&useSSL=false`,
    'JDBC URL with password parameter',
  ),
  s(
    'JAVA_TOOL_OPTIONS',
    `-Xmx512m -Dspring.datasource.password=${urlPassword(22)} -Dfile.encoding=UTF-8`,
    'JVM system property with a DB password',
  ),
  s('EXTRA_ARGS', `--requirepass ${urlPassword(28)} --appendonly yes`, 'redis-server arguments with a password'),
  s('BACKUP_OPTS', `-h db -u root -p${urlPassword(20)} --single-transaction --all-databases`, 'mysqldump options with inline -p password'),
  s(
    'KAFKA_SASL_JAAS_CONFIG',
    `org.apache.kafka.common.security.plain.PlainLoginModule required username="svc-orders" password="${urlPassword(24)}";`,
    'Kafka JAAS config with password',
  ),
  s('OTEL_EXPORTER_OTLP_HEADERS', `x-honeycomb-team=${alnum(22)}`, 'OTLP header carrying a Honeycomb key'),
  s(
    'OTEL_EXPORTER_OTLP_HEADERS',
    `Authorization=Basic ${textB64(digits(6) + ':' + grafanaCloud())}`,
    'OTLP basic-auth header for Grafana Cloud',
  ),
  s(
    'com.datadoghq.ad.instances',
    JSON.stringify([{ host: '%%host%%', port: 5432, username: 'datadog', password: urlPassword(24) }]),
    'Datadog autodiscovery label with a DB password',
  ),
];

const weak: SecretSample[] = [
  w('POSTGRES_PASSWORD', 'postgres', 'superuser credential equal to the image default login'),
  w('POSTGRES_PASSWORD', 'example', 'the Docker Hub sample value left as a real password'),
  w('RABBITMQ_DEFAULT_PASS', 'guest', 'RabbitMQ default account password'),
  w('MYSQL_ROOT_PASSWORD', 'root', 'MySQL superuser credential equal to its login'),
  w('GF_SECURITY_ADMIN_PASSWORD', 'admin', 'Grafana factory-default login credential'),
  w('MINIO_ROOT_PASSWORD', 'minioadmin', 'MinIO default root password'),
  w('KEYCLOAK_ADMIN_PASSWORD', 'password', 'Keycloak bootstrap credential set to the most common word'),
  w('REDIS_PASSWORD', 'changeme', 'change-me default left as Redis password'),
  w('ADMIN_PASSWORD', '123456', 'numeric sequence as admin password'),
  w('SECRET_KEY', 'secret', 'app signing key set to a dictionary word'),
  w('JWT_SECRET', 'insecure', 'JWT signing key set to a self-describing weak word'),
  w('DB_PASSWORD', '${DB_PASSWORD:-changeme}', 'reference whose fallback is a default password'),
  w('CELERY_BROKER_URL', 'amqp://guest:guest@rabbitmq:5672//', 'broker URL with default credentials'),
  w('CATALINA_OPTS', '-Xmx1g -Djavax.net.ssl.trustStorePassword=changeit', 'JVM keystore default password in options'),
  w('NEO4J_AUTH', 'neo4j/neo4j', 'Neo4j default user/password pair'),
  w('APP_SECRET', 'changeme_in_production', 'shipped change-me default that works if left'),
];

const placeholders: SecretSample[] = [
  b('OPENAI_API_KEY', '<your-api-key>', 'angle-bracket placeholder'),
  b('DB_PASSWORD', '{{ db_password }}', 'Jinja/Ansible template placeholder'),
  b('SMTP_PASSWORD', '%PASSWORD%', 'percent-delimited substitution placeholder'),
  b('MYSQL_PASSWORD', 'your_password_here', 'instructional placeholder'),
  b('API_TOKEN', 'REPLACE_ME', 'replace-me marker'),
  b('GITHUB_TOKEN', 'gh' + 'p_' + 'x'.repeat(36), 'token-shaped placeholder of repeated x'),
  b('ANTHROPIC_API_KEY', 'sk-' + 'ant-...', 'documentation ellipsis after a prefix'),
  b('STRIPE_SECRET_KEY', 'xxxxxxxxxxxx', 'run of x placeholder'),
  b('CLIENT_SECRET', '...', 'ellipsis placeholder'),
  b('LDAP_BIND_PASSWORD', '***', 'masked value as printed by a tool'),
  b('POSTGRES_PASSWORD', '${POSTGRES_PASSWORD}', 'unresolved Compose reference'),
  b('REDIS_URL', 'redis://:${REDIS_PASSWORD}@redis:6379/0', 'URL whose password is a reference'),
  b('SESSION_SECRET', '', 'empty value'),
  b('OIDC_CLIENT_SECRET', 'invalid', 'sentinel meaning not configured'),
  b('SMTP_PASSWORD', 'disabled', 'sentinel meaning no SMTP auth'),
  b('API_KEY', 'none', 'sentinel meaning no key'),
  b(
    'com.datadoghq.ad.instances',
    JSON.stringify([{ host: '%%host%%', port: 5432, username: 'datadog', password: '%%env_PG_MONITOR_PASS%%' }]),
    'Datadog autodiscovery label using a template var',
  ),
  b('AWS_ACCESS_KEY_ID', 'AK' + 'IA' + 'IOSFODNN7' + 'EXAMPLE', 'AWS documentation example key id'),
];

const identifiersAndConfig: SecretSample[] = [
  b('POSTGRES_USER', 'app', 'database user name'),
  b('POSTGRES_DB', 'app_production', 'database name'),
  b('KEYCLOAK_ADMIN', 'admin', 'Keycloak bootstrap superuser login name'),
  b('OPENVPN_USER', 'p' + digits(7), 'VPN provider account user name'),
  b('SMTP_USERNAME', 'noreply@example.org', 'SMTP login e-mail address'),
  b('OAUTH_CLIENT_ID', uuid(), 'OAuth client id (UUID)'),
  b('AZURE_CLIENT_ID', uuid(), 'Entra ID application id'),
  b('DRONE_GITHUB_CLIENT_ID', 'Iv1.' + hex(16), 'GitHub OAuth app client id'),
  b('TWILIO_ACCOUNT_SID', 'AC' + hex(32), 'Twilio account SID (identifier)'),
  b('OIDC_ISSUER', 'https://auth.example.org/realms/homelab', 'OIDC issuer URL'),
  b('SECRETS_DIR', '/run/secrets', 'directory of mounted secrets'),
  b('DB_PASSWORD_FILE', '/run/secrets/db_password', 'file reference to a password'),
  b('GF_SECURITY_ADMIN_PASSWORD__FILE', '/run/secrets/grafana_admin_password', 'Grafana file-provider reference'),
  b('GOOGLE_APPLICATION_CREDENTIALS', '/var/secrets/google/key.json', 'path to a credentials file'),
  b('AWS_WEB_IDENTITY_TOKEN_FILE', '/var/run/secrets/eks.amazonaws.com/serviceaccount/token', 'path to a projected token'),
  b('AWS_ROLE_ARN', 'arn:aws:iam::' + digits(12) + ':role/backup-writer', 'IAM role ARN'),
  b('DATABASE_URL', 'postgres://db:5432/app?sslmode=disable', 'Postgres URL without credentials'),
  b(
    'ConnectionStrings__Default',
    'Server=mssql;Database=Orders;Integrated Security=true;TrustServerCertificate=True;',
    'SQL Server string with integrated auth',
  ),
  b('AzureWebJobsStorage', 'UseDevelopmentStorage=true', 'Azurite emulator shortcut'),
  b('SENTRY_DSN', `https://${hex(32)}@o${digits(6)}.ingest.sentry.io/${digits(16)}`, 'modern Sentry DSN (public key only)'),
  b('STRIPE_KEY', stripePublishable(), 'Stripe publishable key (public by design)'),
  b('RECAPTCHA_SITE_KEY', '6L' + b64urlChars(38), 'reCAPTCHA public site key'),
  b('WIREGUARD_PUBLIC_KEY', b64(32), 'WireGuard peer public key'),
  b('AUTHORIZED_KEYS', sshEd25519Public('deploy@ci'), 'SSH public key'),
  b('JWT_PUBLIC_KEY', pem('PUBLIC KEY', der(290, [0x30, 0x0d, 0x06, 0x09])), 'PEM public key for JWT verification'),
  b('CA_CERT', pem('CERTIFICATE', der(1020, [0x30, 0x82, 0x02, 0xf8, 0xa0, 0x03, 0x02, 0x01, 0x02])), 'PEM CA certificate'),
  b('SOURCE_COMMIT', hex(40), 'git commit SHA'),
  b('org.opencontainers.image.revision', hex(40), 'OCI revision label (git SHA)'),
  b('IMAGE_DIGEST', 'sha256:' + hex(64), 'image content digest'),
  b('BUILD_ID', digits(4) + '-' + hex(7), 'CI build id'),
  b('NETDATA_CLAIM_ROOMS', uuid(), 'Netdata room id'),
  b('CLUSTER_ID', b64url(16), 'Kafka KRaft cluster id'),
  b('SYNCTHING_DEVICE_ID', Array.from({ length: 8 }, () => upper32(7)).join('-'), 'Syncthing device id'),
  b('ETCD_INITIAL_CLUSTER_TOKEN', 'etcd-cluster-' + digits(1), 'etcd cluster uniqueness marker'),
  b('HOMEPAGE_CONFIG_B64', textB64('title: Homelab\ntheme: dark\nlayout:\n  Media:\n    style: row\n'), 'base64 of a plain YAML config'),
  b('TOKEN_TTL', '3600', 'token lifetime in seconds'),
  b('PASSWORD_MIN_LENGTH', '12', 'password policy length'),
  b('PASSWORD_HASH_ALGORITHM', 'argon2id', 'hash algorithm name'),
  b('DISABLE_PASSWORD_LOGIN', 'true', 'feature flag'),
  b('AUTH_PROVIDER', 'oidc', 'authentication mode'),
  b('SECRET_NAME', 'db-credentials', 'name of a Kubernetes Secret'),
  b('TOKEN_ENDPOINT', 'https://auth.example.org/oauth2/token', 'OAuth token endpoint URL'),
  b('API_KEY_HEADER', 'X-Api-Key', 'header name for API keys'),
  b('VAULT_ADDR', 'https://vault.service.consul:8200', 'Vault address'),
  b('TZ', 'Europe/Berlin', 'timezone'),
  b('SMTP_HOST', 'smtp.mailgun.org', 'mail relay host name'),
  b('LDAP_BIND_DN', 'cn=readonly,dc=example,dc=org', 'LDAP bind DN (user)'),
  b('JAVA_OPTS', '-Xms256m -Xmx1g -Duser.timezone=UTC -Djava.security.egd=file:/dev/./urandom', 'JVM options without credentials'),
  b('KAFKA_OPTS', '-Djava.security.auth.login.config=/etc/kafka/jaas.conf', 'JAAS config file reference'),
  b('EXTRA_ARGS', '--appendonly yes --maxmemory 256mb', 'redis-server tuning arguments'),
  b('OTEL_RESOURCE_ATTRIBUTES', 'service.name=api,deployment.environment=prod', 'OTel resource attributes'),
  b('--password-file', '/run/secrets/restic_password', 'flag pointing at a secret file'),
  b('--web.config.file', '/etc/prometheus/web.yml', 'Prometheus web config file flag'),
  b('HTTPS_PROXY', 'http://proxy.corp.example:3128', 'proxy URL without credentials'),
];

export const INDEPENDENT_SECRET_CORPUS: readonly SecretSample[] = Object.freeze([
  ...knownFormatsSayingName,
  ...knownFormatsNeutralName,
  ...passwordsUnderCredentialNames,
  ...credentialsInsideValues,
  ...weak,
  ...placeholders,
  ...identifiersAndConfig,
]);
