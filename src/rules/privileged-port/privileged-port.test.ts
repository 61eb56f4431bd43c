import { testRule } from '../../../test/support/rule-tester.js';
import { privilegedPort } from './privileged-port.js';

const bind = (HostPort: string) => ({ HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort }] } } });

testRule(privilegedPort, {
  valid: [{ inspect: bind('8080') }, { inspect: bind('') }, { inspect: bind('1024') }],
  invalid: [
    { inspect: bind('80'), errors: [{ messageId: 'privileged', path: ['portBindings', 0], data: { hostPort: '80' } }] },
    { inspect: bind('1000-1100'), errors: [{ messageId: 'privileged', path: ['portBindings', 0] }] },
  ],
});
