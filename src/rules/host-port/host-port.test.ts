import { testRule } from '../../../test/support/rule-tester.js';
import { podManifest } from '../../../test/support/kubernetes-case.js';
import { hostPort } from './host-port.js';

testRule(hostPort, {
  valid: [
    { kubernetes: podManifest({ ports: [{ containerPort: 8080 }] }) },
    { kubernetes: podManifest({ ports: [{ containerPort: 8080, hostPort: 0 }] }), why: 'hostPort 0 is none' },
    { run: 'docker run -p 127.0.0.1:8080:80 nginx:1.27', why: 'publishing is how Docker containers take traffic' },
  ],
  invalid: [
    {
      kubernetes: podManifest({ ports: [{ containerPort: 8080, hostPort: 8080, hostIP: '127.0.0.1' }] }),
      why: 'any hostPort, on any address',
      errors: [{ messageId: 'hostPort', path: ['portBindings', 0], data: { port: '8080', containerPort: '8080/tcp' }, line: 12 }],
    },
    {
      kubernetes: podManifest({ ports: [{ containerPort: 53, hostPort: 53, protocol: 'UDP' }] }),
      errors: [{ messageId: 'hostPort', path: ['portBindings', 0], data: { containerPort: '53/udp' } }],
    },
  ],
});
