import { testEngineRule } from '../../../test/support/rule-tester.js';
import { unauthenticatedTcpApi } from './unauthenticated-tcp-api.js';

testEngineRule(unauthenticatedTcpApi, {
  valid: [
    { why: 'a local unix socket' },
    { facts: { endpoint: { url: 'tcp://10.0.0.5:2376', protocol: 'https', local: false } }, why: 'TCP with TLS' },
    { facts: { endpoint: { url: 'ssh://ops@h', protocol: 'ssh', local: false } }, why: 'over SSH' },
  ],
  invalid: [
    {
      facts: { endpoint: { url: 'tcp://10.0.0.5:2375', protocol: 'http', local: false } },
      errors: [{ messageId: 'plain', path: ['endpoint'], data: { url: 'tcp://10.0.0.5:2375' } }],
    },
    {
      facts: { product: 'podman', endpoint: { url: 'tcp://10.0.0.5:8080', protocol: 'http', local: false } },
      why: 'Podman over plain TCP is told to go through SSH',
      errors: [
        {
          messageId: 'plain',
          path: ['endpoint'],
          data: { url: 'tcp://10.0.0.5:8080' },
          fix: 'podman system service unix:///run/podman/podman.sock, reached as ssh://<user>@<host>/run/podman/podman.sock',
        },
      ],
    },
  ],
});
