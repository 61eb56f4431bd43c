import { testRule } from '../../../test/support/rule-tester.js';
import { readonlyRootfs } from './readonly-rootfs.js';

testRule(readonlyRootfs, {
  valid: [{ inspect: { HostConfig: { ReadonlyRootfs: true } } }],
  invalid: [
    { inspect: { HostConfig: { ReadonlyRootfs: false } }, errors: [{ messageId: 'writable', path: ['readonlyRootfs'] }] },
    { inspect: { HostConfig: {} }, errors: [{ messageId: 'writable', path: ['readonlyRootfs'] }] },
  ],
});
