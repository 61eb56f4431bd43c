/**
 * Held-out corpus for dockward's secret detection.
 *
 * HOW IT WAS MADE
 * - Written by hand, without reading the detector (src/) or the earlier corpus
 *   (other files under test/corpus/); only the intent stated in the "Secrets"
 *   section of README.md was consulted. It is meant to measure the detector,
 *   not to mirror it.
 * - Names and value shapes follow what public docker-compose files, .env
 *   examples and READMEs of self-hosted / cloud-native projects write
 *   (Mastodon, Discourse, Synapse, Immich, Paperless-ngx, Authentik, Outline,
 *   Umami, n8n, Mattermost, Sentry, Harbor, Airflow, Keycloak, Frigate,
 *   Home Assistant, *arr apps, WordPress, Ghost, Odoo, BookStack,
 *   Vaultwarden/Bitwarden, Spring/JVM and .NET apps, Traefik/Caddy/certbot
 *   DNS providers, restic/borg/rclone/MinIO, Postfix relays, OpenLDAP,
 *   NATS/Kafka/RabbitMQ, Datadog/New Relic/OpenTelemetry, Drone and GitLab
 *   runners). No real file and no real credential was copied.
 * - No secret-shaped string appears literally in this file. Every
 *   credential-looking value is generated at module load by a local xorshift32
 *   PRNG (seed 0x6D0C_4A57, shifts 13/17/5) and glued to harmless fixed
 *   fragments split so that no known prefix appears whole ('AK' + 'IA',
 *   'gh' + 'p_', '-----BEGIN ' + '... PRIVATE KEY-----', ...). The output is
 *   deterministic: the same values on every load.
 *
 * LABELLING RULES (applied consistently; ambiguous cases first)
 * secret:
 *   - A value in a known credential format, whatever the name (AWS access key
 *     id + secret, GitHub/GitLab/Slack/npm/SendGrid/Stripe/DigitalOcean/
 *     Anthropic/OpenAI/Google keys, JWTs, PEM private keys, nkey seeds,
 *     Telegram bot tokens, Discord/Slack webhook URLs, which are capability
 *     URLs).
 *   - A random-looking literal under a credential-like name (password, pass,
 *     passwd, passphrase, secret, token, api key, key base, master key,
 *     encryption key, cookie, license key, client secret, shared secret...),
 *     including one-word names (PASSWORD, SECRET) and camelCase names.
 *     A UUID under a token/key name is a secret (Postmark-style tokens);
 *     a UUID under an id-like name is benign.
 *   - A credential embedded in a value under any name: URL userinfo
 *     (user:pass@ or :pass@, any scheme incl. rtsp, nats, telegram, smtp+tls),
 *     DSNs with a secret part, connection strings (Password=, AccountKey=),
 *     query parameters (?password=, &token=, ?auth=), JSON / INI / JAAS /
 *     .npmrc snippets, JVM -D flags or CLI flags inside *_OPTS / *_ARGS values,
 *     Authorization headers with a literal credential.
 *   - Password verifiers (htpasswd apr1, argon2 PHC strings) count as secret:
 *     they allow offline guessing and, in Vaultwarden's ADMIN_TOKEN, they are
 *     the credential the server checks. (Digests of files/images are benign.)
 *   - A Sentry DSN that still carries the legacy "public:secret@" pair is secret.
 * weak:
 *   - A credential-named value (or the password part of a URL) equal to a
 *     well-known default or filler word: changeme, admin, password, guest,
 *     secret, 123456, example, minioadmin, Harbor12345, or the project's /
 *     user's own name used as its password as shipped in the docs
 *     (postgres/postgres, airflow:airflow, umami:umami).
 *   - A Compose reference with a weak literal default (${X:-changeme}) is
 *     weak: that default is what runs when the variable is unset.
 *   - A placeholder that would work verbatim if deployed unchanged AND is one
 *     of the well-known words above is weak (CHANGEME); instruction text is not.
 * benign:
 *   - Placeholders that are obviously slots or instructions: <...>, {{ ... }},
 *     your-...-token, REPLACE_WITH_..., runs of x (even after a real prefix such
 *     as 'gh' + 'p_'), '...', masked stars.
 *   - Sentinels: empty, none, null (Laravel .env REDIS_PASSWORD=null),
 *     disabled, false.
 *   - References: ${VAR}, ${VAR:?error}, ${VAR:-} (empty default), $(cat ...),
 *     file:// or /run/secrets paths, *_FILE, vault paths, secret ARNs/names.
 *   - Identifiers and settings that merely have credential-like names: user
 *     names (even 'admin', 'guest' as a USER), OAuth client ids, key ids that
 *     are not AWS access key ids (GPG, KMS, Backblaze B2 key id), token
 *     lifetimes, password policies, auth methods, header names.
 *   - Public material: public keys (SSH, PEM PUBLIC KEY, VAPID public key,
 *     NATS user public nkey), certificates, file/image digests, git SHAs,
 *     UUIDs, Sentry DSNs with only the public key (public by design).
 *   - URLs and DSNs without a password (a user name alone, e.g. ssh://borg@,
 *     is not a credential).
 */

export interface HeldOutSample {
  /** The environment variable name (or a Docker label key containing dots, or a command-line option starting with '-'), as a real project writes it. */
  name: string;
  value: string;
  /** 'secret': a real credential an auditor would flag; 'weak': a well-known default/weak password set as a credential (changeme, admin, password, guest...); 'benign': not a secret. */
  expect: 'secret' | 'weak' | 'benign';
  /** One short phrase: what it is. Never the value. */
  what: string;
}

// ---------------------------------------------------------------------------
// Seeded generator (xorshift32). Deterministic; no value below is stored.
// ---------------------------------------------------------------------------

let state = 0x6d0c4a57 >>> 0;
function next(): number {
  let x = state;
  x = (x ^ (x << 13)) >>> 0;
  x = (x ^ (x >>> 17)) >>> 0;
  x = (x ^ (x << 5)) >>> 0;
  state = x;
  return x;
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ALNUM = UPPER + LOWER + DIGITS;
const HEX = '0123456789abcdef';
const B64 = UPPER + LOWER + DIGITS + '+/';
const B64URL = UPPER + LOWER + DIGITS + '-_';
const B32 = UPPER + '234567';

function from(alphabet: string, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet.charAt(next() % alphabet.length);
  return out;
}
const alnum = (n: number): string => from(ALNUM, n);
const hex = (n: number): string => from(HEX, n);
const upnum = (n: number): string => from(UPPER + DIGITS, n);
const digits = (n: number): string => from(DIGITS, n);
const b64chars = (n: number): string => from(B64, n);
const b64urlchars = (n: number): string => from(B64URL, n);
const b32 = (n: number): string => from(B32, n);
/** A random password with some punctuation (URL-unsafe characters avoided). */
const pw = (n: number): string => from(ALNUM + '-_.!%+~', n);
/** WordPress-style salt: printable punctuation without quotes or backslash. */
const salt = (n: number): string => from(ALNUM + '!#%&()*+,-./:;<=>?@[]^_{|}~', n);

function bytes(n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(next() & 0xff);
  return out;
}
function ascii(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) out.push(s.charCodeAt(i) & 0xff);
  return out;
}
function b64encode(data: readonly number[], url = false, pad = true): string {
  const alphabet = url ? B64URL : B64;
  let out = '';
  for (let i = 0; i < data.length; i += 3) {
    const a = data[i] ?? 0;
    const b = data[i + 1] ?? 0;
    const c = data[i + 2] ?? 0;
    const n = (a << 16) | (b << 8) | c;
    out += alphabet.charAt((n >> 18) & 63) + alphabet.charAt((n >> 12) & 63);
    out += i + 1 < data.length ? alphabet.charAt((n >> 6) & 63) : pad ? '=' : '';
    out += i + 2 < data.length ? alphabet.charAt(n & 63) : pad ? '=' : '';
  }
  return out;
}
const b64bytes = (n: number): string => b64encode(bytes(n));
const b64url = (s: string): string => b64encode(ascii(s), true, false);

function uuid(): string {
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${from('89ab', 1)}${hex(3)}-${hex(12)}`;
}
function pemBody(byteCount: number): string {
  const body = b64bytes(byteCount);
  const lines: string[] = [];
  for (let i = 0; i < body.length; i += 64) lines.push(body.slice(i, i + 64));
  return lines.join('\n');
}
function pem(kind: string, byteCount: number): string {
  const dash = '-----';
  return `${dash}BEGIN ${kind}${dash}\n${pemBody(byteCount)}\n${dash}END ${kind}${dash}`;
}
function jwt(payload: string): string {
  return `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url(payload)}.${b64urlchars(43)}`;
}
function passphrase(words: number): string {
  const list = [
    'copper',
    'lantern',
    'orbit',
    'meadow',
    'quartz',
    'harbor',
    'velvet',
    'thistle',
    'canyon',
    'ember',
    'falcon',
    'glacier',
    'juniper',
    'kettle',
    'mosaic',
    'nectar',
  ];
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(list[next() % list.length] ?? 'word');
  return out.join('-') + '-' + digits(2);
}

// Fixed harmless fragments, glued at run time.
const AWS_ID = (): string => 'AK' + 'IA' + upnum(16);
const AWS_SECRET = (): string => b64chars(40);
const GH_PAT = (): string => 'gh' + 'p_' + alnum(36);
const GL_RUNNER = (): string => 'gl' + 'rt-' + b64urlchars(20);
const SLACK_BOT = (): string => 'xox' + 'b-' + digits(12) + '-' + digits(13) + '-' + alnum(24);
const SLACK_HOOK = (): string => 'https://hooks.' + 'slack.com/services/T' + upnum(8) + '/B' + upnum(10) + '/' + alnum(24);
const SENDGRID = (): string => 'S' + 'G.' + b64urlchars(22) + '.' + b64urlchars(43);
const STRIPE_LIVE = (): string => 'sk' + '_live_' + alnum(24);
const NPM = (): string => 'np' + 'm_' + alnum(36);
const DO_TOKEN = (): string => 'dop' + '_v1_' + hex(64);
const ANTHROPIC = (): string => 'sk-' + 'ant-' + 'api03-' + b64urlchars(93) + 'AA';
const GOOGLE = (): string => 'AI' + 'za' + b64urlchars(35);
const TELEGRAM = (): string => digits(10) + ':' + 'AA' + b64urlchars(33);
const DISCORD_HOOK = (): string => 'https://discord.' + 'com/api/webhooks/' + digits(19) + '/' + b64urlchars(68);

function s(name: string, value: string, expect: HeldOutSample['expect'], what: string): HeldOutSample {
  return { name, value, expect, what };
}

export const HELD_OUT_SECRET_CORPUS: readonly HeldOutSample[] = [
  // ---------------------------------------------------------------- Mastodon
  s('SECRET_KEY_BASE', hex(128), 'secret', 'Mastodon Rails secret key base'),
  s('VAPID_PRIVATE_KEY', b64urlchars(43) + '=', 'secret', 'Mastodon Web Push VAPID private key'),
  s('VAPID_PUBLIC_KEY', 'B' + b64urlchars(86) + '=', 'benign', 'Mastodon Web Push VAPID public key'),
  s('REDIS_URL', `redis://:${alnum(32)}@redis:6379/0`, 'secret', 'Redis URL with password and no user'),

  // --------------------------------------------------------------- Discourse
  s('DISCOURSE_DB_PASSWORD', 'REPLACE_WITH_DB_PASSWORD', 'benign', 'instruction placeholder for the database password'),

  // ---------------------------------------------------------- Matrix Synapse
  s('SYNAPSE_REGISTRATION_SHARED_SECRET', pw(50), 'secret', 'Synapse registration shared secret'),
  s('POSTGRES_PASSWORD', '${POSTGRES_PASSWORD:?database password required}', 'benign', 'required Compose reference with error message'),

  // ------------------------------------------------------------------ Immich
  s('DB_PASSWORD', 'postgres', 'weak', 'database password left at the documented default'),

  // ----------------------------------------------------------- Paperless-ngx
  s('PAPERLESS_DBPASS_FILE', '/run/secrets/paperless_db', 'benign', 'path of a file holding the database password'),

  // --------------------------------------------------------------- Authentik
  s('AUTHENTIK_SECRET_KEY', b64bytes(60), 'secret', 'Authentik cookie signing secret key'),
  s('AUTHENTIK_POSTGRESQL__PASSWORD', 'file:///run/secrets/authentik_pg', 'benign', 'file URI reference to the database password'),

  // ----------------------------------------------------------------- Outline
  s('OIDC_CLIENT_ID', uuid(), 'benign', 'OIDC client id'),
  s(
    'OIDC_CLIENT_SECRET',
    '<paste the client secret from your identity provider>',
    'benign',
    'instruction placeholder for the OIDC client secret',
  ),
  s('DATABASE_URL', 'postgres://outline@postgres:5432/outline?sslmode=disable', 'benign', 'database URL with a user and no password'),

  // ------------------------------------------------------------------- Umami
  s('DATABASE_URL', 'postgresql://umami:umami@db:5432/umami', 'weak', 'database URL whose password equals the user and project name'),
  s('APP_SECRET', '{{ umami_app_secret }}', 'benign', 'template slot for the Umami app secret'),

  // --------------------------------------------------------------------- n8n
  s('N8N_BASIC_AUTH_PASSWORD', 'changeme', 'weak', 'basic auth password left at a default word'),
  s('N8N_BASIC_AUTH_ACTIVE', 'false', 'benign', 'basic auth switch'),

  // -------------------------------------------------------------- Mattermost
  s(
    'MM_SQLSETTINGS_DATASOURCE',
    `postgres://mmuser:${alnum(22)}@postgres:5432/mattermost?sslmode=disable&connect_timeout=10`,
    'secret',
    'database data source with password',
  ),
  s('MM_SQLSETTINGS_DRIVERNAME', 'postgres', 'benign', 'SQL driver name'),
  s('MM_PASSWORDSETTINGS_MINIMUMLENGTH', '10', 'benign', 'password policy minimum length'),

  // ---------------------------------------------------------- Sentry, Harbor
  s('SENTRY_DSN', `https://${hex(32)}@o${digits(6)}.ingest.sentry.io/${digits(7)}`, 'benign', 'Sentry DSN with only the public key'),
  s('SENTRY_DSN', `https://${hex(32)}:${hex(32)}@sentry.example.com/3`, 'secret', 'legacy Sentry DSN with a secret part'),
  s('HARBOR_ADMIN_PASSWORD', 'Harbor12345', 'weak', 'Harbor admin password left at the shipped default'),

  // ---------------------------------------------------------------- Airflow
  s('AIRFLOW__CORE__FERNET_KEY', b64encode(bytes(32), true), 'secret', 'Airflow Fernet key'),
  s(
    'AIRFLOW__DATABASE__SQL_ALCHEMY_CONN',
    'postgresql+psycopg2://airflow:airflow@postgres/airflow',
    'weak',
    'SQLAlchemy URL with the default airflow password',
  ),

  // --------------------------------------------------------------- Keycloak
  s('KEYCLOAK_ADMIN', 'admin', 'benign', 'name of the bootstrap superuser'),
  s('KEYCLOAK_ADMIN_PASSWORD', 'admin', 'weak', 'bootstrap password equal to the user name'),
  s(
    'KC_DB_URL',
    `jdbc:postgresql://postgres:5432/keycloak?user=keycloak&password=${alnum(20)}`,
    'secret',
    'JDBC URL with password query parameter',
  ),
  s('KC_SPI_PASSWORD_POLICY', 'length(12) and digits(1) and notUsername', 'benign', 'realm password policy'),
  s('ACCESS_TOKEN_LIFETIME', '3600', 'benign', 'access token lifetime in seconds'),

  // --------------------------------------------------- Frigate, Home Assistant
  s('CAMERA_STREAM', `rtsp://admin:${alnum(12)}@192.168.1.64:554/Streaming/Channels/101`, 'secret', 'RTSP camera URL with credentials'),
  s(
    'HOMEPAGE_VAR_HA_TOKEN',
    jwt(`{"iss":"${hex(32)}","iat":1700000000,"exp":2015360000}`),
    'secret',
    'Home Assistant long-lived access token',
  ),
  s('ZIGBEE2MQTT_CONFIG_MQTT_PASSWORD', '${MQTT_PASSWORD}', 'benign', 'Compose reference to the MQTT password'),

  // ---------------------------------------------------------------- *arr apps
  s('SONARR__AUTH__APIKEY', hex(32), 'secret', 'Sonarr API key'),
  s('RADARR__AUTH__REQUIRED', 'DisabledForLocalAddresses', 'benign', 'authentication requirement mode'),

  // ------------------------------------------------------- WordPress, Ghost
  s('WORDPRESS_AUTH_KEY', salt(64), 'secret', 'WordPress authentication salt key'),
  s('mail__options__auth__user', 'postmaster@mg.example.com', 'benign', 'Ghost SMTP user name'),

  // ------------------------------------------------------------------- Odoo
  s('PASSWORD', 'odoo', 'weak', 'database password equal to the project and user name'),
  s('USER', 'odoo', 'benign', 'database user name'),

  // ------------------------------------------------------ BookStack (Laravel)
  s('APP_KEY', 'base64:' + b64bytes(32), 'secret', 'BookStack Laravel application key'),
  s('REDIS_PASSWORD', 'null', 'benign', 'Laravel sentinel meaning no Redis password'),

  // ---------------------------------------------------- Vaultwarden, Bitwarden
  s(
    'ADMIN_TOKEN',
    `$argon2id$v=19$m=65540,t=3,p=4$${b64encode(bytes(32), false, false)}$${b64encode(bytes(32), false, false)}`,
    'secret',
    'argon2 hash verifying the admin token',
  ),
  s(
    'globalSettings__sqlServer__connectionString',
    `Data Source=tcp:mssql,1433;Initial Catalog=vault;Persist Security Info=False;User ID=sa;Password=${pw(20)};TrustServerCertificate=True`,
    'secret',
    'SQL Server connection string with password',
  ),

  // ------------------------------------------- DNS challenge (Traefik/Caddy/certbot)
  s('CF_DNS_API_TOKEN', b64urlchars(40), 'secret', 'Cloudflare DNS API token'),
  s('CF_API_TOKEN', 'your-cloudflare-api-token', 'benign', 'instruction placeholder for the Cloudflare token'),
  s('AWS_ACCESS_KEY_ID', AWS_ID(), 'secret', 'AWS access key id for Route53'),
  s('AWS_SECRET_ACCESS_KEY', AWS_SECRET(), 'secret', 'AWS secret access key for Route53'),
  s('AWS_SECRET_ACCESS_KEY', '...', 'benign', 'ellipsis placeholder'),
  s('AWS_HOSTED_ZONE_ID', 'Z' + upnum(20), 'benign', 'Route53 hosted zone id'),
  s('DO_AUTH_TOKEN', DO_TOKEN(), 'secret', 'DigitalOcean API token'),
  s(
    'DNS_CREDENTIALS_INI',
    `# certbot-dns-cloudflare\ndns_cloudflare_api_token = ${b64urlchars(40)}\n`,
    'secret',
    'INI snippet with a Cloudflare token',
  ),

  // ------------------------------------------------------ backups, S3 clients
  s('RESTIC_PASSWORD', pw(32), 'secret', 'restic repository password'),
  s('RESTIC_REPOSITORY', 's3:https://s3.eu-central-1.amazonaws.com/acme-backups/paperless', 'benign', 'restic S3 repository location'),
  s('BORG_PASSPHRASE', passphrase(5), 'secret', 'borg repository passphrase'),
  s('BORG_REPO', 'ssh://borg@backup.example.net:23/./immich', 'benign', 'borg repository URL with a user only'),
  s(
    'MC_HOST_minio',
    `https://${upnum(20)}:${b64chars(40)}@minio.internal:9000`,
    'secret',
    'MinIO client alias URL with access and secret key',
  ),
  s('MINIO_ROOT_PASSWORD', 'minioadmin', 'weak', 'MinIO root password left at the default'),
  s('RCLONE_CONFIG_B2_ACCOUNT', '00' + hex(10) + '0000000003', 'benign', 'Backblaze B2 application key id'),
  s('DUPLICATI__WEBSERVICE_PASSWORD', '${DUPLICATI_PASSWORD:-changeme}', 'weak', 'reference with a default changeme password'),

  // ------------------------------------------------- SMTP relays, Postfix, LDAP
  s('SASL_PASSWD', `[smtp.sendgrid.net]:587 apikey:${SENDGRID()}`, 'secret', 'Postfix SASL map line with a SendGrid key'),
  s('EMAIL_URL', `smtp+tls://noreply%40example.org:${alnum(18)}@smtp.example.org:587`, 'secret', 'SMTP URL with credentials'),
  s('SMTP_PASSWORD', '', 'benign', 'empty SMTP password'),
  s('SMTP_PASS', '********', 'benign', 'masked placeholder'),
  s('LDAP_ADMIN_PASSWORD', 'CHANGEME', 'weak', 'LDAP admin password left at the placeholder word'),
  s('LDAP_BIND_DN', 'cn=readonly,dc=example,dc=org', 'benign', 'LDAP bind distinguished name'),

  // -------------------------------------------------------- message queues
  s('NATS_URL', `nats://orders:${alnum(24)}@nats:4222`, 'secret', 'NATS URL with credentials'),
  s('NATS_NKEY_SEED', 'SU' + b32(56), 'secret', 'NATS user nkey seed'),
  s('NATS_NKEY_USER', 'U' + b32(55), 'benign', 'NATS user public nkey'),
  s(
    'KAFKA_CFG_SASL_JAAS_CONFIG',
    `org.apache.kafka.common.security.plain.PlainLoginModule required username="broker" password="${alnum(24)}";`,
    'secret',
    'Kafka JAAS config with a password',
  ),
  s('KAFKA_OPTS', '-Djava.security.auth.login.config=/etc/kafka/kafka_server_jaas.conf', 'benign', 'JVM flag pointing to a JAAS file'),
  s('RABBITMQ_DEFAULT_USER', 'guest', 'benign', 'RabbitMQ user name'),
  s('RABBITMQ_DEFAULT_PASS', 'guest', 'weak', 'RabbitMQ password left at the image default'),

  // ---------------------------------------------------- observability agents
  s('DD_API_KEY', hex(32), 'secret', 'Datadog API key'),
  s('DD_API_KEY', '<DATADOG_API_KEY>', 'benign', 'angle-bracket placeholder'),
  s('NEW_RELIC_LICENSE_KEY', hex(36) + 'NRAL', 'secret', 'New Relic ingest license key'),
  s('NEW_RELIC_LICENSE_KEY', 'x'.repeat(36) + 'NRAL', 'benign', 'filler x placeholder with the key suffix'),
  s(
    'OTEL_EXPORTER_OTLP_HEADERS',
    'Authorization=Basic ' + b64encode(ascii(`${digits(6)}:${alnum(40)}`)),
    'secret',
    'OTLP headers with a basic Authorization header',
  ),
  s('OTEL_EXPORTER_OTLP_HEADERS', 'Authorization=Bearer ${OTLP_TOKEN}', 'benign', 'Authorization header with a reference'),

  // -------------------------------------------------------------- CI runners
  s('DRONE_GITHUB_CLIENT_ID', 'Iv1.' + hex(16), 'benign', 'GitHub OAuth app client id'),
  s('DRONE_GITHUB_CLIENT_SECRET', hex(40), 'secret', 'GitHub OAuth app client secret'),
  s(
    'RUNNER_ARGS',
    `--url https://gitlab.example.com --token ${GL_RUNNER()} --executor docker`,
    'secret',
    'runner registration flags with a runner token',
  ),
  s('PLUGIN_KEY', pem('OPENSSH ' + 'PRIVATE KEY', 300), 'secret', 'SSH deploy private key for a CI plugin'),

  // ------------------------------------------- tokens in known formats, other names
  s('RENOVATE_TOKEN', GH_PAT(), 'secret', 'GitHub personal access token'),
  s('GITHUB_TOKEN', 'gh' + 'p_' + 'x'.repeat(36), 'benign', 'filler x placeholder in token format'),
  s('SLACK_BOT_TOKEN', SLACK_BOT(), 'secret', 'Slack bot token'),
  s('NOTIFY_URL', SLACK_HOOK(), 'secret', 'Slack incoming webhook URL'),
  s('DIUN_NOTIF_DISCORD_WEBHOOKURL', DISCORD_HOOK(), 'secret', 'Discord webhook URL'),
  s('WATCHTOWER_NOTIFICATION_URL', `telegram://${TELEGRAM()}@telegram?chats=@ops`, 'secret', 'shoutrrr URL with a Telegram bot token'),
  s('STRIPE_API_KEY', STRIPE_LIVE(), 'secret', 'Stripe live secret key'),
  s('NPMRC', `//registry.npmjs.org/:_authToken=${NPM()}`, 'secret', 'npmrc line with an npm token'),
  s('ANTHROPIC_API_KEY', ANTHROPIC(), 'secret', 'Anthropic API key'),
  s('YOUTUBE_API_KEY', GOOGLE(), 'secret', 'Google API key'),
  s('POSTMARK_API_TOKEN', uuid(), 'secret', 'Postmark server token'),
  s(
    'SPRING_APPLICATION_JSON',
    `{"spring":{"datasource":{"url":"jdbc:postgresql://db:5432/app","username":"app","password":"${alnum(20)}"}}}`,
    'secret',
    'Spring JSON config with a datasource password',
  ),
  s(
    'SPRING_APPLICATION_JSON',
    '{"server":{"port":8080},"logging":{"level":{"root":"info"}}}',
    'benign',
    'Spring JSON config without credentials',
  ),
  s(
    'GOOGLE_CREDENTIALS',
    `{"type":"service_account","project_id":"acme-prod","client_email":"backup@acme-prod.iam.gserviceaccount.com","private_key":"${pem('PRIVATE ' + 'KEY', 160).replace(/\n/g, '\\n')}"}`,
    'secret',
    'GCP service account JSON with private key',
  ),
  s(
    'ConnectionStrings__Blob',
    `DefaultEndpointsProtocol=https;AccountName=acmebackups;AccountKey=${b64bytes(64)};EndpointSuffix=core.windows.net`,
    'secret',
    'Azure storage connection string',
  ),
  s('GOTIFY_PUSH_URL', `https://gotify.example.org/message?token=A${b64urlchars(14)}`, 'secret', 'Gotify URL with a token query parameter'),
  s(
    'JAVA_OPTS',
    `-Xms256m -Xmx1g -Dspring.datasource.password=${alnum(20)} -Dfile.encoding=UTF-8`,
    'secret',
    'JVM options with a datasource password flag',
  ),
  s('ES_JAVA_OPTS', '-Xms1g -Xmx1g', 'benign', 'JVM heap options'),
  s('EXTRA_ARGS', '--log-level=info --metrics-port 9100', 'benign', 'extra command-line flags without credentials'),

  // -------------------------------------------------- command-line options
  s('--requirepass', alnum(32), 'secret', 'redis-server password option'),
  s('--password-file', '/run/secrets/mongo_root', 'benign', 'password file option'),
  s('--token', '${RUNNER_TOKEN}', 'benign', 'token option with a reference'),

  // ----------------------------------------------- one-word and camelCase names
  s('PASSWORD', pw(20), 'secret', 'code-server login password'),
  s('SECRET', hex(32), 'secret', 'one-word application secret'),
  s('TOKEN', 'password', 'weak', 'one-word token set to a dictionary default'),
  s('dbPassword', pw(16), 'secret', 'camelCase database password'),
  s('oauthClientSecret', b64urlchars(40), 'secret', 'camelCase OAuth client secret'),
  s('adminPassword', '123456', 'weak', 'camelCase admin password set to a trivial digit run'),
  s('apiKeyHeader', 'X-Api-Key', 'benign', 'name of the API key HTTP header'),
  s('JWT_EXPIRES_IN', '7d', 'benign', 'JWT lifetime'),
  s('AUTH_TOKEN', 'disabled', 'benign', 'sentinel switching the token off'),

  // ------------------------------------------- public material and references
  s(
    'SSH_PUBLIC_KEY',
    'ssh-ed25519 ' + b64encode([0, 0, 0, 11, ...ascii('ssh-ed25519'), 0, 0, 0, 32, ...bytes(32)]) + ' deploy@ci',
    'benign',
    'SSH public key',
  ),
  s('TLS_CERT', pem('CERTIFICATE', 420), 'benign', 'PEM certificate'),
  s('JWT_PUBLIC_KEY', pem('PUBLIC KEY', 294), 'benign', 'PEM public key for token verification'),
  s('ARCHIVE_SHA256', hex(64), 'benign', 'SHA-256 digest of a download'),
  s('GPG_KEY_ID', hex(16).toUpperCase(), 'benign', 'GPG key id'),
  s('KMS_KEY_ID', `arn:aws:kms:eu-west-1:${digits(12)}:key/${uuid()}`, 'benign', 'KMS key ARN'),
  s(
    'DB_SECRET_ARN',
    `arn:aws:secretsmanager:us-east-1:${digits(12)}:secret:prod/outline/db-${alnum(6)}`,
    'benign',
    'Secrets Manager secret ARN',
  ),
  s('VAULT_SECRET_PATH', 'secret/data/immich/db', 'benign', 'Vault secret path'),
  s('RESTIC_PASSWORD_COMMAND', 'cat /run/secrets/restic', 'benign', 'command that reads the restic password'),

  // ---------------------------------------------------------- Docker labels
  s(
    'traefik.http.middlewares.dashboard-auth.basicauth.users',
    `admin:$$apr1$$${alnum(8)}$$${from(ALNUM + './', 22)}`,
    'secret',
    'htpasswd user list in a Traefik label',
  ),
  s(
    'traefik.http.middlewares.authentik.forwardauth.address',
    'http://authentik-server:9000/outpost.goauthentik.io/auth/traefik',
    'benign',
    'forward-auth endpoint label',
  ),
  s('org.opencontainers.image.revision', hex(40), 'benign', 'image source revision label'),
];
