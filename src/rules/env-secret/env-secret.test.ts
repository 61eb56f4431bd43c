import { testRule } from '../../../test/support/rule-tester.js';
import { envSecret } from './env-secret.js';

const env = (...entries: string[]) => ({ Config: { Env: entries } });

testRule(envSecret, {
  valid: [
    { run: 'docker run -e DB_PASSWORD -e DB_PASSWORD_FILE=/run/secrets/db alpine', why: 'passed through from the caller' },
    { compose: 'services: {a: {image: x, environment: [API_KEY=, "TOKEN=${TOKEN}"]}}' },

    { inspect: env('PASSWORD_FILE=/run/secrets/x'), why: 'a file reference is not a secret' },
    { inspect: env('TOKEN_URL=https://auth.example.com/token'), why: 'a URL without credentials' },
    { inspect: env('API_KEY='), why: 'an empty value' },
    { inspect: env('DB_PASSWORD=${DB_PASSWORD}'), why: 'an unresolved reference' },
    { inspect: env('SECRET_NAME=prod-db', 'AWS_ACCESS_KEY_ID_ARN=arn:aws:iam::1:role/x', 'CLIENT_ID=web') },
    { inspect: env('PATH=/usr/bin:/bin', 'PWD=/app', 'HOME=/root', 'AUTH_ENABLED=true') },
    { inspect: env('DB_PASSWORD'), why: 'passed through without a value' },
  ],
  invalid: [
    {
      run: 'docker run --env=MYSQL_ROOT_PASSWORD=s3cr3t-r00t-pw alpine',
      errors: [{ messageId: 'byName', path: ['env', 0], data: { name: 'MYSQL_ROOT_PASSWORD' } }],
      why: 'an image without a _FILE variable: the value leaves the command line, passed through from the environment',
      output: 'docker run --env=MYSQL_ROOT_PASSWORD alpine',
    },
    {
      run: 'docker run -e MYSQL_ROOT_PASSWORD=s3cr3t-r00t-pw mysql:8',
      errors: [{ messageId: 'byName', path: ['env', 0], data: { name: 'MYSQL_ROOT_PASSWORD' } }],
      why: 'mysql reads MYSQL_ROOT_PASSWORD_FILE: the secret moves into a file',
      output:
        'docker run --mount type=bind,source=./secrets/app_mysql_root_password.txt,target=/run/secrets/app_mysql_root_password,readonly ' +
        '-e MYSQL_ROOT_PASSWORD_FILE=/run/secrets/app_mysql_root_password mysql:8',
    },
    {
      run: 'docker run -tePOSTGRES_PASSWORD=An0ther-S3cret-x postgres:16',
      errors: [{ messageId: 'byName', path: ['env', 0], data: { name: 'POSTGRES_PASSWORD' } }],
      why: 'a value attached to grouped flags stays, and is shown masked',
      output: 'docker run -tePOSTGRES_PASSWORD=******** postgres:16',
    },
    {
      compose: 'services: {a: {image: x, environment: {GITHUB_TOKEN: ghp_abcdefghijklmnopqrstuvwxyzABCDEFGHIJ}}}',
      errors: [{ messageId: 'byFormat', path: ['env', 0], data: { kind: 'github' } }],
      why: 'a decision for the user; the value is never shown',
      output: 'services: {a: {image: x, environment: {GITHUB_TOKEN: ********}}}',
    },

    {
      inspect: env('DB_PASSWORD=hunter2hunter2'),
      errors: [{ messageId: 'byName', path: ['env', 0], data: { name: 'DB_PASSWORD', kind: 'password' } }],
    },
    {
      inspect: env('PATH=/bin', 'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYzq4Vn8', 'github_token=abc123def456'),
      why: 'variables are ordered by name in every source, whatever order docker inspect lists them in',
      errors: [
        { messageId: 'byName', path: ['env', 0], data: { name: 'AWS_SECRET_ACCESS_KEY' } },
        { messageId: 'byName', path: ['env', 2], data: { kind: 'token' } },
      ],
    },
    {
      inspect: env('DATABASE_URL=postgres://app:s3cretpw@db:5432/app'),
      why: 'a URL with a password',
      errors: [{ messageId: 'byFormat', path: ['env', 0], data: { kind: 'database-connection-string' } }],
    },
    {
      inspect: env('SOME_SETTING=AKIA' + 'Q3ZRMXWB7TLKF2HD'),
      why: 'a known format under any name',
      errors: [{ messageId: 'byFormat', path: ['env', 0], data: { kind: 'aws' } }],
    },
  ],
});
