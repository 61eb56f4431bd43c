import { testRule } from '../../../test/support/rule-tester.js';
import { podManifest } from '../../../test/support/kubernetes-case.js';
import { probeHost } from './probe-host.js';

testRule(probeHost, {
  valid: [
    { kubernetes: podManifest({ livenessProbe: { httpGet: { path: '/healthz', port: 8080 } } }) },
    { kubernetes: podManifest({ readinessProbe: { tcpSocket: { port: 8080, host: '' } } }), why: "an empty host is the pod's own address" },
    { run: 'docker run --health-cmd "curl -f http://169.254.169.254/" app', why: 'a Docker healthcheck runs in the container' },
  ],
  invalid: [
    {
      kubernetes: podManifest({ livenessProbe: { httpGet: { host: '169.254.169.254', path: '/latest/meta-data/', port: 80 } } }),
      errors: [{ messageId: 'host', path: ['probeHosts', 0], data: { host: '169.254.169.254' }, line: 12 }],
    },
    {
      kubernetes: podManifest({ lifecycle: { preStop: { httpGet: { host: 'admin.internal', port: 80, path: '/drain' } } } }),
      errors: [{ messageId: 'host', path: ['probeHosts', 0] }],
    },
    {
      kubernetes: podManifest({ startupProbe: { tcpSocket: { host: 'localhost', port: 5432 } } }),
      why: 'localhost too: it is the node there',
      errors: [{ messageId: 'host', path: ['probeHosts', 0] }],
    },
  ],
});
