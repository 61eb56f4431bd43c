import { describe, expect, it } from 'vitest';
import { classifySecret } from './classify.js';
import { embeddedCredential } from './embedded-credentials.js';
import { namedValues, secretValues } from './named-values.js';
import { SecretFormats } from './secret-formats.js';

/** What classifySecret makes of a name and value with no format found: a secret, a weak default, or nothing. */
const verdict = (name: string, value: string) => {
  const match = classifySecret(name, value, SecretFormats.none);
  return match === undefined ? 'benign' : match.weakDefault ? 'weak' : 'secret';
};

describe('classifySecret', () => {
  it.each([
    ['OPENAI_API_KEY', '<your-api-key>'],
    ['DB_PASSWORD', '{{ db_password }}'],
    ['SMTP_PASSWORD', '%PASSWORD%'],
    ['MYSQL_PASSWORD', 'your_password_here'],
    ['API_TOKEN', 'REPLACE_ME'],
    ['GITHUB_TOKEN', `ghp_${'x'.repeat(36)}`],
    ['STRIPE_SECRET_KEY', 'xxxxxxxxxxxx'],
    ['ANTHROPIC_API_KEY', 'sk-ant-...'],
    ['CLIENT_SECRET', '...'],
    ['LDAP_BIND_PASSWORD', '***'],
    // Issue 16, as public files write them: a value naming what belongs there.
    ['RUNNER_TOKEN', 'REGISTRATION_TOKEN'],
    ['WATCHTOWER_NOTIFICATION_EMAIL_SERVER_PASSWORD', 'app_password'],
    ['GITLAB_SECRETS_DB_KEY_BASE', 'long-and-random-alphanumeric-string'],
  ])('takes the placeholder %s=%s for no secret', (name, value) => {
    expect(verdict(name, value)).toBe('benign');
  });

  it.each([
    ['OIDC_CLIENT_SECRET', 'invalid'],
    ['SMTP_PASSWORD', 'disabled'],
    ['API_KEY', 'none'],
    ['API_KEY', 'unset'],
  ])('takes the sentinel %s=%s for no secret', (name, value) => {
    expect(verdict(name, value)).toBe('benign');
  });

  it.each([
    ['DB_PASSWORD', 'correct-horse-battery-staple'],
    ['API_TOKEN', 'Zq8mW2kLp4vXr7Tn'],
    ['SESSION_SECRET', 'k3y_f0r_s3ss10ns_2024'],
  ])('still takes %s=%s for a secret', (name, value) => {
    expect(verdict(name, value)).toBe('secret');
  });

  it('reads the password of a Go MySQL DSN, which has no scheme (issue 16)', () => {
    expect(embeddedCredential('root:Zq8mW2kLp4vX@tcp(photoprism-db:4001)/photoprism?charset=utf8mb4')).toEqual({
      kind: 'password',
      secret: 'Zq8mW2kLp4vX',
      user: 'root',
    });
    expect(verdict('PHOTOPRISM_DATABASE_DSN', 'root:photoprism@tcp(db:4001)/photoprism')).toBe('secret');
  });

  it.each([
    ['POSTGRES_PASSWORD', 'changeme'],
    ['APP_SECRET', 'changeme_in_production'],
    ['MINIO_ROOT_PASSWORD', 'minioadmin'],
    ['JWT_SECRET', 'insecure'],
    ['NEO4J_AUTH', 'neo4j/neo4j'],
    ['CELERY_BROKER_URL', 'amqp://guest:guest@rabbitmq:5672//'],
  ])('takes %s=%s for a weak default', (name, value) => {
    expect(verdict(name, value)).toBe('weak');
  });

  it.each(['PGPASSWORD', 'DBPASS', 'ROOTPASSWORD', 'WEBPASSWORD', 'requirepass', 'TS_AUTHKEY'])(
    'reads the one-word name %s as a credential',
    (name) => {
      expect(verdict(name, 'Zq81mVt0rLxw3Pc')).toBe('secret');
    },
  );

  it.each([
    ['BYPASS', 'Zq81mVt0rLxw3Pc', 'a word that only ends in PASS'],
    ['COMPASS', 'north-north-west', 'a word that only ends in PASS'],
    ['ETCD_INITIAL_CLUSTER_TOKEN', 'etcd-cluster-1', "etcd's cluster uniqueness marker"],
    ['GOOGLE_APPLICATION_CREDENTIALS', '/var/secrets/google/key.json', 'a path to the file with the credential'],
    ['AWS_ACCESS_KEY_ID', 'AKIAIOSFODNN7EXAMPLE', "AWS's documented example"],
    ['SENTRY_DSN', 'https://0123456789abcdef0123456789abcdef@o1.ingest.sentry.io/1', 'a DSN with its public key only'],
  ])('takes %s=%s for no secret: %s', (name, value) => {
    expect(verdict(name, value)).toBe('benign');
  });

  it.each([
    ['REDIS_URL', 'redis://:Zq81mVt0rLxw3Pc@redis:6379/0'],
    ['WATCHTOWER_NOTIFICATION_URL', 'telegram://3633799748:AArZWXNaf2zsKz8N@telegram?chats=@ops'],
    ['AZURE_STORAGE_CONNECTION_STRING', 'DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=Zq81mVt0rLxw3Pc==;EndpointSuffix=x'],
    ['ConnectionStrings__Default', 'Server=mssql,1433;Database=Orders;User Id=sa;Password=Zq81mVt0rLxw3Pc;'],
    ['SPRING_DATASOURCE_URL', 'jdbc:mysql://db:3306/app?user=app&password=Zq81mVt0rLxw3Pc&useSSL=false'],
    [
      'KAFKA_SASL_JAAS_CONFIG',
      'org.apache.kafka.common.security.plain.PlainLoginModule required username="svc" password="Zq81mVt0rLxw3Pc";',
    ],
    ['OTEL_EXPORTER_OTLP_HEADERS', 'x-honeycomb-team=Zq81mVt0rLxw3PcQe'],
    ['com.datadoghq.ad.instances', '[{"host":"%%host%%","username":"datadog","password":"Zq81mVt0rLxw3Pc"}]'],
  ])('finds the credential inside %s whatever its name says', (name, value) => {
    expect(verdict(name, value)).toBe('secret');
  });

  it.each([
    ['com.datadoghq.ad.instances', '[{"host":"%%host%%","password":"%%env_PG_MONITOR_PASS%%"}]'],
    ['DATABASE_URL', 'postgres://app:${DB_PASSWORD}@db:5432/app'],
    ['ConnectionStrings__Default', 'Server=mssql;Database=Orders;Integrated Security=true;'],
  ])('takes a template or reference inside %s for no secret', (name, value) => {
    expect(verdict(name, value)).toBe('benign');
  });
});

describe('embeddedCredential', () => {
  it('returns the credential for judging, and nothing for a URL with a user only', () => {
    expect(embeddedCredential('amqp://celery:s3cr3t@rabbitmq:5672//')).toEqual({ kind: 'password', secret: 's3cr3t', user: 'celery' });
    expect(embeddedCredential('https://deploy@registry.example.com/v2/')).toBeUndefined();
    expect(embeddedCredential('Authorization=Basic dXNlcjpwYXNz')).toEqual({ kind: 'token', secret: 'dXNlcjpwYXNz' });
  });

  it('takes linear time on values built to make it retry', () => {
    const MIB = 1024 * 1024;
    for (const piece of ['a://', 'password', 'password="', '"password":"a', 'a=b;', '?password=', 'a']) {
      const value = piece.repeat(Math.ceil(MIB / piece.length));
      const started = performance.now();
      embeddedCredential(value);
      classifySecret('DB_PASSWORD', value, SecretFormats.none);
      expect(performance.now() - started, piece).toBeLessThan(3000);
    }
  });
});

describe('variables that hold command lines', () => {
  it('are read option by option, and a finding names the variable', () => {
    const spec = {
      env: [
        { name: 'JAVA_TOOL_OPTIONS', value: '-Xmx512m -Dspring.datasource.password=Zq81mVt0rLxw3Pc -Dfile.encoding=UTF-8' },
        { name: 'BACKUP_OPTS', value: '-h db -u root -pZq81mVt0rLxw3Pc --single-transaction' },
        { name: 'EXTRA_ARGS', value: '--appendonly yes --maxmemory 256mb' },
      ],
    };
    const found = namedValues(spec).filter(
      ({ key, name, value }) => value !== undefined && classifySecret(key ?? name, value, SecretFormats.none),
    );
    expect(found.map(({ name, path }) => [name, path])).toEqual([
      ['JAVA_TOOL_OPTIONS', ['env', 0]],
      ['BACKUP_OPTS', ['env', 1]],
    ]);
    expect(secretValues(spec, SecretFormats.none)).toEqual(['Zq81mVt0rLxw3Pc', 'Zq81mVt0rLxw3Pc']);
  });
});

describe('regressions from the held-out corpus', () => {
  it.each([
    ['AUTHENTIK_POSTGRESQL__PASSWORD', 'file:///run/secrets/authentik_pg', 'a file URI to a secret'],
    ['ACCESS_TOKEN_LIFETIME', '3600', 'a lifetime'],
    ['RESTIC_PASSWORD_COMMAND', 'cat /run/secrets/restic', 'a command that reads the password'],
    ['NEW_RELIC_LICENSE_KEY', `${'x'.repeat(36)}NRAL`, 'filler with the key suffix'],
  ])('takes %s=%s for no secret: %s', (name, value) => {
    expect(verdict(name, value)).toBe('benign');
  });

  it('takes a URL password equal to its user for a default, and the Fernet key and nkey seed names for credentials', () => {
    expect(verdict('DATABASE_URL', 'postgresql://umami:umami@db:5432/umami')).toBe('weak');
    expect(verdict('AIRFLOW__CORE__FERNET_KEY', 'Zq81mVt0rLxw3PcQeZq81mVt0rLxw3PcQeZq81mVt0r=')).toBe('secret');
    expect(verdict('NATS_NKEY_SEED', 'SUACSSL3UAHUDXKFSNVUZRF5UHPMWZ6BFDTJ7M6USDXIEDNPPQYYYCU3VY')).toBe('secret');
  });
});

it('takes a value that only ends in dots for a secret: an ellipsis placeholder is a short prefix and the dots', () => {
  // Found by the property test of src/reporters/no-secret-leak.test.ts.
  expect(verdict('DB_PASSWORD', ',a=^^%@a....')).toBe('secret');
});
