import { testRule } from '../../../test/support/rule-tester.js';
import { commandSecret } from './command-secret.js';

testRule(commandSecret, {
  valid: [
    { inspect: { Config: { Cmd: ['--password-file=/run/secrets/db', '--port', '5432'] } } },
    { run: 'docker run app serve --token "$TOKEN" --verbose', why: 'an expansion is not a literal' },
    { compose: 'services: {a: {image: x, command: ["--log-level", "info", "-p", "8080"]}}', why: '-p is not a password outside mysql' },
  ],
  invalid: [
    // Issue 16: a healthcheck's test is a command, in either Compose form and from --health-cmd.
    {
      compose:
        'services:\n  db:\n    image: mysql:8\n    healthcheck:\n' +
        '      test: ["CMD", "mysqladmin", "ping", "-h", "localhost", "-uroot", "-pZq8mW2kLp4vXr7Tn"]\n',
      errors: [{ messageId: 'secret', path: ['healthcheck', 6], data: { name: '--password' }, line: 5, column: 72 }],
    },
    {
      compose: 'services:\n  db:\n    image: mysql:8\n    healthcheck:\n      test: mysqladmin ping -u root --password=Zq8mW2kLp4vXr7Tn\n',
      errors: [{ messageId: 'secret', path: ['healthcheck', 1], data: { name: '--password' }, line: 5, column: 13 }],
    },
    {
      run: "docker run --health-cmd 'redis-cli -a Zq8mW2kLp4vXr7Tn ping' --health-cmd 'redis-cli --pass Zq8mW2kLp4vXr7Tn ping' redis:7",
      why: 'the last --health-cmd is the one applied',
      errors: [{ messageId: 'secret', path: ['healthcheck', 1], data: { name: '--pass' } }],
    },
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
