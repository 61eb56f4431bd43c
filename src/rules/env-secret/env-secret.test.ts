import { testRule } from '../../../test/support/rule-tester.js';
import { quadletUnit } from '../../../test/support/quadlet-case.js';
import { podManifest } from '../../../test/support/kubernetes-case.js';
import { envSecret } from './env-secret.js';

const env = (...entries: string[]) => ({ Config: { Env: entries } });

testRule(envSecret, {
  valid: [
    { quadlet: quadletUnit('Secret=db_password,type=env,target=DB_PASSWORD', 'Environment=DB_PASSWORD_FILE=/run/secrets/db') },
    {
      kubernetes: podManifest({ env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }] }),
      why: 'Kubernetes: valueFrom holds no value',
    },

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
      quadlet: quadletUnit('Environment=MODE=prod "DB_PASSWORD=Zq7v!pK2 mWx9"'),
      errors: [{ messageId: 'byName', path: ['env', 0], line: 3, column: 1 }],
    },
    {
      kubernetes: podManifest({ env: [{ name: 'DB_PASSWORD', value: 'Zq7v!pK2mWx9' }] }),
      errors: [{ messageId: 'byName', path: ['env', 0] }],
    },

    {
      compose: 'services: {minio: {image: minio/minio, environment: {MINIO_ACCESS_KEY: Qm8zT2xPw, MINIO_SECRET_KEY: Zq8mW2kLp4vXr7Tn}}}',
      why: 'issue 16: an access key beside its secret key is the key id, not a secret',
      errors: [{ messageId: 'byName', path: ['env', 1], data: { name: 'MINIO_SECRET_KEY' } }],
    },
    // Issue 16: the fix line names the variable's own secret and the image's own file variable.
    {
      compose: 'services: {grafana: {image: grafana/grafana-oss:11.2.0, environment: {GF_SECURITY_ADMIN_PASSWORD: Zq8mW2kLp4vX}}}',
      errors: [
        {
          messageId: 'byName',
          path: ['env', 0],
          fix:
            'top-level `secrets: {grafana_gf_security_admin_password: {file: ./secrets/grafana_gf_security_admin_password.txt}}`, ' +
            'in the service `secrets: [grafana_gf_security_admin_password]`; ' +
            '`environment: {GF_SECURITY_ADMIN_PASSWORD__FILE: /run/secrets/grafana_gf_security_admin_password}` instead of GF_SECURITY_ADMIN_PASSWORD',
        },
      ],
      output:
        'services: {grafana: {image: grafana/grafana-oss:11.2.0, environment: {GF_SECURITY_ADMIN_PASSWORD__FILE: ' +
        '/run/secrets/grafana_gf_security_admin_password}, secrets: [grafana_gf_security_admin_password]}}\n' +
        'secrets:\n  grafana_gf_security_admin_password:\n    file: ./secrets/grafana_gf_security_admin_password.txt\n',
    },
    {
      run: 'docker run --name qbt -e WEBUI_PASSWORD=Zq8mW2kLp4vX lscr.io/linuxserver/qbittorrent:latest',
      why: 'LinuxServer.io images read FILE__<NAME>',
      errors: [
        {
          messageId: 'byName',
          path: ['env', 0],
          fix:
            '--mount type=bind,source=./secrets/qbt_webui_password.txt,target=/run/secrets/qbt_webui_password,readonly; ' +
            '-e FILE__WEBUI_PASSWORD=/run/secrets/qbt_webui_password   (instead of -e WEBUI_PASSWORD=<value>)',
        },
      ],
    },
    {
      compose: 'services: {api: {image: ghcr.io/acme/api:2, environment: [API_TOKEN=Zq8mW2kLp4vXr7Tn]}}',
      why: 'an image without a known file form: the application must read the file',
      errors: [
        {
          messageId: 'byName',
          path: ['env', 0],
          fix:
            'top-level `secrets: {api_api_token: {file: ./secrets/api_api_token.txt}}`, in the service `secrets: [api_api_token]`; ' +
            'make the application read /run/secrets/api_api_token instead of API_TOKEN, which ghcr.io/acme/api:2 has no file form of that dockward knows',
        },
      ],
    },
    {
      run: 'docker run --env=MYSQL_ROOT_PASSWORD=s3cr3t-r00t-pw alpine',
      errors: [{ messageId: 'byName', path: ['env', 0], data: { name: 'MYSQL_ROOT_PASSWORD' } }],
      why: 'an image without a _FILE variable: the value leaves the command line, passed through from the environment',
      output: 'docker run --env=MYSQL_ROOT_PASSWORD alpine',
    },
    {
      run: 'docker run -e MYSQL_ROOT_PASSWORD=s3cr3t-r00t-pw mysql:8',
      errors: [
        {
          messageId: 'byName',
          path: ['env', 0],
          data: { name: 'MYSQL_ROOT_PASSWORD' },
          fix:
            '--mount type=bind,source=./secrets/app_mysql_root_password.txt,target=/run/secrets/app_mysql_root_password,readonly; ' +
            '-e MYSQL_ROOT_PASSWORD_FILE=/run/secrets/app_mysql_root_password   (instead of -e MYSQL_ROOT_PASSWORD=<value>)',
        },
      ],
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
