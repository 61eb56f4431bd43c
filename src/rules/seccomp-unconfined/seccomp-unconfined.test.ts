import { testRule } from '../../../test/support/rule-tester.js';
import { seccompUnconfined } from './seccomp-unconfined.js';

testRule(seccompUnconfined, {
  valid: [
    { inspect: { HostConfig: { SecurityOpt: ['seccomp=/etc/docker/custom.json'] } } },
    { inspect: { HostConfig: { SecurityOpt: ['seccomp=unconfined', 'seccomp=/p.json'] } }, why: 'the last seccomp option is the one applied' },
    { inspect: { HostConfig: { Privileged: true } }, host: { seccomp: false }, why: 'a daemon without seccomp has nothing to lose' },
  ],
  invalid: [
    { inspect: { HostConfig: { SecurityOpt: ['seccomp=unconfined'] } }, errors: [{ messageId: 'explicit', path: ['securityOpt', 0] }] },
    { inspect: { HostConfig: { SecurityOpt: ['no-new-privileges', 'seccomp:unconfined'] } }, errors: [{ messageId: 'explicit', path: ['securityOpt', 1] }] },
    { inspect: { HostConfig: { Privileged: true } }, why: 'privileged implies unconfined (host unknown)', errors: [{ messageId: 'privileged', path: ['privileged'] }] },
    { inspect: { HostConfig: { Privileged: true } }, host: { seccomp: true }, errors: [{ messageId: 'privileged', path: ['privileged'] }] },
  ],
});
