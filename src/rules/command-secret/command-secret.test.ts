import { testRule } from '../../../test/support/rule-tester.js';
import { commandSecret } from './command-secret.js';

testRule(commandSecret, {
  valid: [
    { inspect: { Config: { Cmd: ['--password-file=/run/secrets/db', '--port', '5432'] } } },
    { run: 'docker run app serve --token "$TOKEN" --verbose', why: 'an expansion is not a literal' },
    { compose: 'services: {a: {image: x, command: ["--log-level", "info", "-p", "8080"]}}', why: '-p is not a password outside mysql' },
  ],
  invalid: [
    {
      inspect: { Config: { Cmd: ['--db-password=pr0duction-Pa55'] } },
      errors: [{ messageId: 'secret', path: ['command', 0], data: { name: '--db-password', kind: 'password' } }],
    },
    {
      run: 'docker run app --api-token abcdef0123456789abcdef',
      errors: [{ messageId: 'secret', path: ['command', 0], data: { name: '--api-token' } }],
    },
    {
      run: 'docker run mysql:8 mysql -uroot -pRo0tPassw0rd -h db',
      errors: [{ messageId: 'secret', path: ['command', 2], data: { name: '--password' } }],
    },
    {
      compose:
        'services: {a: {image: x, command: sh -c "curl -H token:1 https://x && git clone https://bot:tok3n-v4lue@git.example.com/r.git"}}',
      why: 'inside sh -c, in a known format',
      errors: [{ messageId: 'secret', path: ['command', 2] }],
    },
    {
      inspect: { Config: { Entrypoint: ['/entry.sh'], Cmd: ['ghp_abcdefghijklmnopqrstuvwxyzABCDEFGHIJ'] } },
      errors: [{ messageId: 'secret', path: ['command', 0], data: { kind: 'github' } }],
    },
  ],
});
