import { testRule } from '../../../test/support/rule-tester.js';
import { weakSecret } from './weak-secret.js';

testRule(weakSecret, {
  valid: [
    {
      inspect: { Config: { Env: ['DB_PASSWORD=x8!Kq2-long-random', 'PASSWORD_HINT=changeme'] } },
      why: 'a strong value, and a name that is not a credential',
    },
    { compose: 'services: {a: {image: x, environment: {POSTGRES_PASSWORD: "${POSTGRES_PASSWORD:?}"}}}' },
  ],
  invalid: [
    // Issue 16, as public Compose files write them: a password equal to its user, database or image, and documented examples.
    {
      compose:
        'services: {db: {image: postgres:16, environment: {POSTGRES_USER: paperless, POSTGRES_DB: docs, POSTGRES_PASSWORD: paperless}}}',
      errors: [{ messageId: 'weak', path: ['env', 1], data: { name: 'POSTGRES_PASSWORD' } }],
    },
    {
      compose: 'services: {app: {image: ghcr.io/umami-software/umami:latest, environment: [DB_PASSWORD=Umami, APP_SECRET=teste123]}}',
      errors: [
        { messageId: 'weak', path: ['env', 0], data: { name: 'APP_SECRET' } },
        { messageId: 'weak', path: ['env', 1], data: { name: 'DB_PASSWORD' } },
      ],
    },
    {
      run: 'docker run -e MYSQL_ROOT_PASSWORD=my-secret-pw -e MINIO_SECRET_KEY=minio123 -e REDIS_PASSWORD=1234 mysql:8',
      errors: [0, 1, 2].map((index) => ({ messageId: 'weak' as const, path: ['env', index] })),
    },
    {
      inspect: { Config: { Env: ['POSTGRES_PASSWORD=changeme'] } },
      errors: [{ messageId: 'weak', path: ['env', 0], data: { where: 'environment variable', name: 'POSTGRES_PASSWORD' } }],
    },
    {
      run: 'docker run -e MYSQL_ROOT_PASSWORD=root -l admin.password=admin mysql:8',
      errors: [
        { messageId: 'weak', path: ['env', 0] },
        { messageId: 'weak', path: ['labels', 'admin.password'], data: { where: 'label' } },
      ],
    },
  ],
});
