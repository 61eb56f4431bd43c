import { testRule } from '../../../test/support/rule-tester.js';
import { podManifest } from '../../../test/support/kubernetes-case.js';
import { readonlyRootfs } from './readonly-rootfs.js';

testRule(readonlyRootfs, {
  valid: [
    { kubernetes: podManifest({ securityContext: { readOnlyRootFilesystem: true } }) },
    { inspect: { HostConfig: { ReadonlyRootfs: true } } },
  ],
  invalid: [
    { kubernetes: podManifest(), errors: [{ messageId: 'writable', path: ['readonlyRootfs'] }] },

    { inspect: { HostConfig: { ReadonlyRootfs: false } }, errors: [{ messageId: 'writable', path: ['readonlyRootfs'] }] },
    { inspect: { HostConfig: {} }, errors: [{ messageId: 'writable', path: ['readonlyRootfs'] }] },
  ],
});
