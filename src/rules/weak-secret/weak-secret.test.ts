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
