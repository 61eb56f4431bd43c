import { describe, expect, it } from 'vitest';
import { detectEnvSecret } from './env-secret-detector.js';

describe('detectEnvSecret', () => {
  it.each([
    ['MYSQL_ROOT_PASSWORD', 'rootpw123', 'password'],
    ['POSTGRES_PASSWORD', 'changeme', 'password'],
    ['DB_PASS', 'x7!kq', 'password'],
    ['JWT_SECRET', 'a-long-signing-secret', 'secret'],
    ['SECRET_KEY_BASE', '9f8e7d6c5b4a', 'secret'],
    ['stripeApiKey', 'abc', 'api-key'],
    ['NPM_AUTH', 'dXNlcjpwYXNz', 'credentials'],
    ['ANY', 'ghp_abcdefghijklmnopqrstuvwxyzABCDEFGHIJ', 'github-token'],
    ['ANY', 'glpat-abcdefghijklmnopqrst', 'gitlab-token'],
    ['ANY', 'xoxb-123456789012-abcdefghij', 'slack-token'],
    ['ANY', '-----BEGIN RSA PRIVATE KEY-----\nMIIE', 'private-key'],
    ['ANY', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', 'jwt'],
    ['REDIS_URL', 'redis://:p4ss@cache:6379/0', 'url-with-password'],
  ])('%s=… is a %s', (name, value, kind) => {
    expect(detectEnvSecret(name, value)?.kind).toBe(kind);
  });

  it.each([
    ['PASSWORD_FILE', '/run/secrets/db'],
    ['TOKEN_URL', 'https://auth.example.com/oauth/token'],
    ['API_KEY', ''],
    ['API_KEY', '   '],
    ['DB_PASSWORD', '${DB_PASSWORD}'],
    ['DB_PASSWORD', '$DB_PASSWORD'],
    ['SECRET_NAME', 'prod/db'],
    ['AWS_ACCESS_KEY_ID_PATH', '/keys/id'],
    ['AUTH_METHOD', 'oauth'],
    ['TOKEN_TTL', '3600'],
    ['PASSWORD_REQUIRED', 'true'],
    ['PWD', '/app'],
    ['DATABASE_URL', 'postgres://app@db:5432/app'],
    ['DATABASE_URL', 'postgres://app:${DB_PASSWORD}@db/app'],
    ['GIT_COMMIT', '3f786850e387550fdab836ed7e6dc881de23001b'],
    ['REQUEST_ID', '550e8400-e29b-41d4-a716-446655440000'],
  ])('%s=%j is not a secret', (name, value) => {
    expect(detectEnvSecret(name, value)).toBeUndefined();
  });

  it('never returns the value', () => {
    const match = detectEnvSecret('DB_PASSWORD', 'hunter2');
    expect(JSON.stringify(match)).not.toContain('hunter2');
  });
});
