import { testEngineRule } from '../../../test/support/rule-tester.js';
import { daemonUsernsRemap } from './daemon-userns-remap.js';

const security = { appArmor: true, selinux: false, seccomp: true };

testEngineRule(daemonUsernsRemap, {
  valid: [
    { why: 'userns-remap on' },
    { facts: { security: { ...security, userns: false, rootless: true } }, why: 'a rootless engine maps users by itself' },
    { facts: { product: 'podman', security: { ...security, userns: false, rootless: true } }, why: 'rootless Podman' },
  ],
  invalid: [
    {
      facts: { security: { ...security, userns: false, rootless: false } },
      errors: [{ messageId: 'off', path: ['security', 'userns'] }],
    },
    {
      facts: { product: 'podman', security: { ...security, userns: false, rootless: false } },
      why: 'rootful Podman is told about containers.conf, not daemon.json',
      errors: [
        {
          messageId: 'podmanRootful',
          path: ['security', 'rootless'],
          fix: 'run Podman rootless, or set userns = "auto" under [containers] in containers.conf (or --userns=auto per container)',
        },
      ],
    },
  ],
});
