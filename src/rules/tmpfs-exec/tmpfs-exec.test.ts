import { testRule } from '../../../test/support/rule-tester.js';
import { tmpfsExec } from './tmpfs-exec.js';

testRule(tmpfsExec, {
  valid: [
    { inspect: { HostConfig: { Tmpfs: { '/tmp': '' } } }, why: "Docker's defaults are noexec,nosuid" },
    { inspect: { HostConfig: { Tmpfs: { '/tmp': 'rw,size=64m' } } } },
    { inspect: { HostConfig: { Tmpfs: { '/tmp': 'exec,noexec' } } }, why: 'the last option wins' },
    { inspect: { HostConfig: { Mounts: [{ Type: 'tmpfs', Target: '/run' }] } } },
  ],
  invalid: [
    { run: 'docker run --tmpfs /tmp:rw,exec alpine', errors: [{ messageId: 'weakened', path: ['tmpfs', 0] }] },
    { compose: 'services: {a: {image: x, tmpfs: /run:exec}}', errors: [{ messageId: 'weakened', path: ['tmpfs', 0] }] },

    {
      inspect: { HostConfig: { Tmpfs: { '/tmp': 'rw,exec' } } },
      errors: [{ messageId: 'weakened', path: ['tmpfs', 0], data: { destination: '/tmp', options: 'exec' } }],
    },
    {
      inspect: { HostConfig: { Tmpfs: { '/a': '', '/b': 'suid,exec' } } },
      errors: [{ messageId: 'weakened', path: ['tmpfs', 1], data: { options: 'exec,suid' } }],
    },
    {
      inspect: { HostConfig: { Mounts: [{ Type: 'tmpfs', Target: '/run', TmpfsOptions: { Options: [['exec']] } }] } },
      why: '--mount type=tmpfs options (API 1.46)',
      errors: [{ messageId: 'weakened', path: ['tmpfs', 0], data: { destination: '/run' } }],
    },
  ],
});
