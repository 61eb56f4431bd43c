import { testRule } from '../../../test/support/rule-tester.js';
import { podManifest } from '../../../test/support/kubernetes-case.js';
import { serviceAccountToken } from './service-account-token.js';

const ACCOUNT_WITHOUT_TOKEN =
  'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: quiet, namespace: test}\nautomountServiceAccountToken: false\n---\n';

testRule(serviceAccountToken, {
  valid: [
    { kubernetes: podManifest({}, { automountServiceAccountToken: false }) },
    { kubernetes: ACCOUNT_WITHOUT_TOKEN + podManifest({}, { serviceAccountName: 'quiet' }), why: 'its account mounts no token' },
    { run: 'docker run -d nginx:1.27', why: 'Docker mounts no cluster credential' },
    { kubernetes: podManifest({}, { serviceAccountName: 'ingress-controller' }), why: 'an account of its own is there to call the API' },
  ],
  invalid: [
    {
      kubernetes: podManifest(),
      why: "the kubelet mounts the default account's token",
      errors: [{ messageId: 'mounted', path: ['mounts', 0], line: 8 }],
    },
    {
      kubernetes: podManifest({}, { serviceAccountName: 'default', automountServiceAccountToken: true }),
      why: 'the default account named, and the token asked for',
      errors: [{ messageId: 'mounted', path: ['mounts', 0], line: 11 }],
    },
  ],
});
