import { testEngineRule } from '../../../test/support/rule-tester.js';
import { daemonUsernsRemap } from './daemon-userns-remap.js';

const security = { appArmor: true, selinux: false, seccomp: true };

testEngineRule(daemonUsernsRemap, {
  valid: [
    { why: 'userns-remap on' },
    { facts: { security: { ...security, userns: false, rootless: true } }, why: 'a rootless engine maps users by itself' },
  ],
  invalid: [
    {
      facts: { security: { ...security, userns: false, rootless: false } },
      errors: [{ messageId: 'off', path: ['security', 'userns'] }],
    },
  ],
});
