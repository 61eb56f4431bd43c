import { testRule } from '../../../test/support/rule-tester.js';
import { systempathsUnconfined } from './systempaths-unconfined.js';

testRule(systempathsUnconfined, {
  valid: [
    { inspect: { HostConfig: { SecurityOpt: ['no-new-privileges'] } } },
    { inspect: { HostConfig: { SecurityOpt: null, MaskedPaths: ['/proc/kcore', '/sys/firmware'] } }, why: 'the daemon\'s default list' },
    { inspect: { HostConfig: { Privileged: true, MaskedPaths: null } } },
  ],
  invalid: [
    { inspect: { HostConfig: { SecurityOpt: ['systempaths=unconfined'] } }, why: 'as an API client may send it', errors: [{ messageId: 'unconfined', path: ['securityOpt', 0] }] },
    { inspect: { HostConfig: { SecurityOpt: [], MaskedPaths: [], ReadonlyPaths: [] } }, why: 'as the docker CLI sends it', errors: [{ messageId: 'emptied', path: ['maskedPaths'] }] },
  ],
});
