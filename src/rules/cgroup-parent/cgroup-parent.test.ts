import { testRule } from '../../../test/support/rule-tester.js';
import { cgroupParent } from './cgroup-parent.js';

testRule(cgroupParent, {
  valid: [{ inspect: { HostConfig: { CgroupParent: '' } } }],
  invalid: [
    {
      inspect: { HostConfig: { CgroupParent: 'batch.slice' } },
      errors: [{ messageId: 'custom', path: ['cgroupParent'], data: { parent: 'batch.slice' } }],
    },
  ],
});
