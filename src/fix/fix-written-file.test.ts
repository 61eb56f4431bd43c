import { describe, expect, it } from 'vitest';
import { fingerprinter } from '../secrets/classify.js';
import { fixManifestFile } from './fix-written-file.js';

const policy = { profile: 'recommended' as const, today: '2026-12-03' };
const options = { addLimits: false, secretFingerprint: fingerprinter('test-key') };
const read = (text: string) => (path: string) => {
  if (path !== 'k8s.yaml') throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
  return text;
};

const MANIFEST = `# Source: web/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web   # the storefront
  namespace: shop
spec:
  template:
    spec:
      automountServiceAccountToken: false
      securityContext:
        seccompProfile: {type: Unconfined}
      containers:
        - name: app
          image: registry.example/app:1
          # the port the Service targets
          ports: [{containerPort: 8080}]
          securityContext:
            runAsNonRoot: true
        - name: proxy
          image: registry.example/proxy:2
          env:
            - {name: UPSTREAM_TOKEN, value: "ghp_1234567890abcdefghijklmnopqrstuvwxyzAB"}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}   # untouched
spec: {ports: [{port: 80, targetPort: 8080}]}
`;

describe('fix on Kubernetes manifests', () => {
  it('writes allowPrivilegeEscalation, a seccomp profile and dropped capabilities into each container, keeping every other line', async () => {
    const result = await fixManifestFile('k8s.yaml', read(MANIFEST), policy, options);
    expect(result.problems).toEqual([]);
    const hardened = (indent: string) =>
      ['allowPrivilegeEscalation: false', 'seccompProfile:', '  type: RuntimeDefault', 'capabilities:', '  drop:', '    - ALL']
        .map((line) => `${indent}${line}\n`)
        .join('');
    // Each container gets its own securityContext, the one it has or a new one; the Service and every comment stay as written.
    expect(result.fixed).toBe(
      MANIFEST.replace('            runAsNonRoot: true\n', `            runAsNonRoot: true\n${hardened('            ')}`).replace(
        'ghp_1234567890abcdefghijklmnopqrstuvwxyzAB"}\n',
        `ghp_1234567890abcdefghijklmnopqrstuvwxyzAB"}\n          securityContext:\n${hardened('            ')}`,
      ),
    );
    // Linting the result raises none of the findings the fix claims, for either container.
    expect(result.unresolved).toEqual(new Map());
  });

  it('leaves what it does not write to a manifest to the user, as a decision, and plans no secret file for it', async () => {
    const result = await fixManifestFile('k8s.yaml', read(MANIFEST), policy, options);
    const proxy = result.plans.get('shop/Deployment/web/proxy');
    expect(proxy?.secrets).toEqual([]);
    expect(proxy?.decisions.map((decision) => decision.rule)).toContain('env-secret');
    expect(proxy?.changes.map((change) => change.rule)).not.toContain('env-secret');
    expect(result.fixed).toContain('ghp_1234567890abcdefghijklmnopqrstuvwxyzAB');
  });

  it('writes each fix into its own document where documents name their containers alike', async () => {
    const pod = (name: string, extra: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec:\n  automountServiceAccountToken: false\n  containers:\n    - name: app\n      image: app\n${extra}`;
    const done =
      '      securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}, seccompProfile: {type: RuntimeDefault}}\n';
    const stream = [pod('first', ''), pod('done', done), pod('third', '      # last\n')].join('---\n');
    const result = await fixManifestFile('k8s.yaml', read(stream), policy, options);
    const added =
      '      securityContext:\n        seccompProfile:\n          type: RuntimeDefault\n        allowPrivilegeEscalation: false\n' +
      '        capabilities:\n          drop:\n            - ALL\n';
    expect(result.fixed).toBe([pod('first', added), pod('done', done), pod('third', `${added}      # last\n`)].join('---\n'));
  });

  it('changes nothing in a manifest with nothing to fix', async () => {
    const clean =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  automountServiceAccountToken: false\n  containers:\n    - name: a\n      image: a\n' +
      '      securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}, seccompProfile: {type: RuntimeDefault}}\n';
    const result = await fixManifestFile('k8s.yaml', read(clean), policy, options);
    expect(result.fixed).toBe(clean);
  });
});
