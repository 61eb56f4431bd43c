import { testRule } from '../../../test/support/rule-tester.js';
import { podManifest } from '../../../test/support/kubernetes-case.js';
import { metadataApiExposure } from './metadata-api-exposure.js';

/** A NetworkPolicy of the case's namespace that restricts every pod's egress, its egress rules to follow. */
const NETWORK_POLICY =
  'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np, namespace: test}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n';

testRule(metadataApiExposure, {
  valid: [
    { kubernetes: podManifest(), why: 'Kubernetes: without policies in the manifests the report notes it once' },
    {
      kubernetes: `${podManifest()}---\n${NETWORK_POLICY}  egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0, except: [169.254.169.254/32]}}]}]\n`,
      why: 'Kubernetes: a policy blocks the address',
    },
    { inspect: { HostConfig: { NetworkMode: 'none' } } },
    { inspect: { HostConfig: { NetworkMode: 'backend' } } },
  ],
  invalid: [
    { kubernetes: podManifest({}, { hostNetwork: true }), errors: [{ messageId: 'hostNetwork', path: ['networkMode'] }] },
    {
      kubernetes: `${podManifest()}---\n${NETWORK_POLICY}  egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0}}]}]\n`,
      why: 'Kubernetes: the policy lets egress through to everything',
      errors: [{ messageId: 'policyAllows', path: ['metadataEgress'] }],
    },
    { inspect: { HostConfig: { NetworkMode: 'host' } }, errors: [{ messageId: 'hostNetwork', path: ['networkMode'] }] },
  ],
});
