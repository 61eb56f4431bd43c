import { testRule } from '../../../test/support/rule-tester.js';
import { labelSecret } from './label-secret.js';

testRule(labelSecret, {
  valid: [
    { inspect: { Config: { Labels: { 'com.example.team': 'payments', 'traefik.http.routers.web.rule': 'Host(`x`)' } } } },
    { compose: 'services: {a: {image: x, labels: [com.example.password-file=/run/secrets/db]}}' },
  ],
  invalid: [
    {
      inspect: { Config: { Labels: { 'com.example.db.password': 'pr0duction-Pa55' } } },
      errors: [{ messageId: 'secret', path: ['labels', 'com.example.db.password'], data: { kind: 'password' } }],
    },
    {
      run: 'docker run -l deploy.token=glpat-abcdefghijklmnopqrst alpine',
      errors: [{ messageId: 'secret', path: ['labels', 'deploy.token'], data: { kind: 'gitlab' } }],
    },
    {
      compose: 'services: {a: {image: x, labels: {backup.api-key: k3y-val-9f8e7d}}}',
      errors: [{ messageId: 'secret', path: ['labels', 'backup.api-key'] }],
    },
  ],
});
