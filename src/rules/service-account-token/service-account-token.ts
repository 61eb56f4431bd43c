import { SERVICE_ACCOUNT_TOKEN_PATH } from '../../model/host-paths.js';
import { defineRule } from '../define-rule.js';

/** The account every namespace has, which pods run under when they name none. */
const DEFAULT_ACCOUNT = 'default';

export const serviceAccountToken = defineRule({
  id: 'service-account-token',
  severity: 'medium',
  title: "Pod holds the default service account's API token",
  rationale:
    "Unless told otherwise, the kubelet mounts a token of the pod's service account at " +
    `${SERVICE_ACCOUNT_TOKEN_PATH}: a credential for the Kubernetes API, the cluster's engine socket. A pod that never calls ` +
    'the API gains nothing from it, and whatever Role the account is bound to, now or later, is one file read away from an attacker. ' +
    "Workloads that call the API are given an account of their own to bind a Role to, so the rule reports pods under the namespace's " +
    'default account: they hold a token nobody meant them to use.',
  attack:
    'An attacker who gets code execution in the pod reads the token and calls the API server with it: listing secrets, creating ' +
    "pods on other nodes or reading the configuration of the namespace, as far as the account's bindings reach.",
  remediation:
    'Set automountServiceAccountToken: false in the pod spec (or on its ServiceAccount) for every workload that does not call the ' +
    'Kubernetes API; give the ones that do a dedicated account bound to a narrow Role.',
  fix: {
    run: { notExpressible: 'Docker mounts no cluster credential into a container by itself' },
    compose: { notExpressible: 'Docker mounts no cluster credential into a container by itself' },
    kubernetes: "`automountServiceAccountToken: false` in the pod's spec (or on its ServiceAccount)",
    quadlet: { notExpressible: 'Podman mounts no cluster credential into a container by itself' },
  },
  verify: "kubectl get pod <pod> -o jsonpath='{.spec.automountServiceAccountToken} {.spec.serviceAccountName}'",
  references: [
    'https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting',
    'https://kubernetes.io/docs/concepts/security/service-accounts/',
  ],
  profiles: ['recommended'],
  // Only the team knows whether the workload calls the API.
  remedy: { kind: 'decide' },
  messages: {
    mounted:
      "mounts the token of its namespace's default service account at {{path}}, though a workload that calls the API runs under an " +
      'account of its own (automountServiceAccountToken is not false)',
  },
  check(spec) {
    // A pod that calls the API is given an account of its own to bind a Role to: the default account's token serves no purpose.
    if ((spec.serviceAccount ?? DEFAULT_ACCOUNT) !== DEFAULT_ACCOUNT) return [];
    const index = (spec.mounts ?? []).findIndex((mount) => mount.destination.replace(/\/+$/, '') === SERVICE_ACCOUNT_TOKEN_PATH);
    return index === -1 ? [] : [{ messageId: 'mounted', path: ['mounts', index], data: { path: SERVICE_ACCOUNT_TOKEN_PATH } }];
  },
});
