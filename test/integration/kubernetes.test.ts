/**
 * Issue 19: Kubernetes manifests through lint, as users give them: `helm
 * template` and `kubectl get` output on standard input, folders of
 * manifests beside other YAML, and streams with a broken document.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

interface JsonReport {
  engine: { notes?: string[] };
  targets: { name: string; syntax: string; template?: string }[];
  findings: { ruleId: string; target: string; message: string; location?: { file: string; line: number } }[];
}

const HELM_OUTPUT = `---
# Source: shop/templates/serviceaccount.yaml
apiVersion: v1
kind: ServiceAccount
metadata: {name: shop, namespace: shop}
---
# Source: shop/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata: {name: shop-web, namespace: shop}
spec:
  template:
    metadata: {labels: {app: web}}
    spec:
      hostNetwork: true
      containers:
        - name: web
          image: registry.example/shop:1.4
          securityContext: {privileged: true}
---
# Source: shop/templates/worker.yaml
apiVersion: batch/v1
kind: CronJob
metadata: {name: shop-report, namespace: shop}
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: report
              image: registry.example/report:2.0
`;

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dw-kubernetes-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function write(folder: string, name: string, text: string): Promise<string> {
  await mkdir(join(dir, folder), { recursive: true });
  const file = join(dir, folder, name);
  await writeFile(file, text);
  return file;
}

describe('dockward lint on Kubernetes manifests', () => {
  it('reads helm template output on standard input, each finding at its line and the workload it is in', async () => {
    const { code, stdout } = await runCli(['lint', '-', '-f', 'json'], { input: HELM_OUTPUT });
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as JsonReport;
    expect(report.targets.map(({ name, syntax, template }) => ({ name, syntax, template }))).toEqual([
      { name: 'shop/Deployment/shop-web/web', syntax: 'kubernetes', template: 'shop/templates/deployment.yaml' },
      { name: 'shop/CronJob/shop-report/report', syntax: 'kubernetes', template: 'shop/templates/worker.yaml' },
    ]);
    expect(report.findings.find((finding) => finding.ruleId === 'privileged')).toMatchObject({
      target: 'shop/Deployment/shop-web/web',
      location: { file: '<stdin>', line: 19 },
    });
    expect(report.findings.find((finding) => finding.ruleId === 'host-network')?.location?.line).toBe(15);
    // Settings a manifest cannot hold are not reported missing: no restart policy, pids limit or log driver per container.
    expect(report.findings.map((finding) => finding.ruleId)).not.toEqual(expect.arrayContaining(['restart-policy']));
    expect(report.engine.notes).toEqual([
      'no NetworkPolicy for namespace shop is among the manifests: whether their pods reach the cloud metadata API (169.254.169.254) depends on policies in the cluster',
    ]);
  });

  it('says in the table once, not once per pod, that no NetworkPolicy was given, and names the file by --stdin-filename', async () => {
    const { stdout } = await runCli(['lint', '-', '--stdin-filename', 'rendered.yaml'], { input: HELM_OUTPUT, env: { NO_COLOR: '1' } });
    expect(stdout.match(/note: no NetworkPolicy/g)).toHaveLength(1);
    expect(stdout).toContain('rendered.yaml\n');
    expect(stdout).toMatch(/19:\d+ +CRITICAL +privileged +shop\/Deployment\/shop-web\/web: runs privileged/);
    expect(stdout).toContain('fix: remove `privileged: true` from the `securityContext`');
  });

  it('finds manifests in a folder by their content, beside a Kustomization and a CI workflow, and applies policies across files', async () => {
    await write(
      'repo/k8s',
      'kustomization.yaml',
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [app.yaml, policy.yaml]\n',
    );
    await write(
      'repo/k8s',
      'app.yaml',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: api, namespace: prod, labels: {app: api}}\nspec:\n  containers: [{name: api, image: api:1}]\n',
    );
    await write(
      'repo/k8s',
      'policy.yaml',
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: open, namespace: prod}\nspec:\n  podSelector: {}\n  egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0}}]}]\n',
    );
    await write(
      'repo/.github/workflows',
      'ci.yml',
      'on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker run --privileged busybox true\n',
    );
    const { code, stdout } = await runCli(['lint', join(dir, 'repo'), '-f', 'json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as JsonReport;
    expect(report.targets.map((target) => target.syntax).sort()).toEqual(['kubernetes', 'run']);
    expect(report.findings.find((finding) => finding.ruleId === 'metadata-api-exposure')).toMatchObject({
      target: 'prod/Pod/api/api',
      message: 'no NetworkPolicy of its namespace blocks its egress to the metadata service (169.254.169.254)',
    });
    expect(report.engine.notes).toBeUndefined();
  });

  it('reports a wrong type at its line with exit 2, and still audits the rest of the stream', async () => {
    const file = await write(
      'broken',
      'pods.yaml',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  hostPID: maybe\n  containers: [{name: a, image: a, securityContext: {privileged: true}}]\n' +
        '---\n- not\n- an object\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: b}\nspec:\n  containers: [{name: b, image: b, securityContext: {privileged: true}}]\n',
    );
    const { code, stdout, stderr } = await runCli(['lint', file, '-f', 'json']);
    expect(code).toBe(2);
    expect(stderr).toContain(`${file}:5:12: spec.hostPID: must be true or false`);
    expect(stderr).toContain(`${file}:8:1: a manifest document must be a mapping`);
    const report = JSON.parse(stdout) as JsonReport;
    expect(report.findings.filter((finding) => finding.ruleId === 'privileged').map((finding) => finding.target)).toEqual([
      'Pod/a/a',
      'Pod/b/b',
    ]);
  });

  it('audits the rest of a named stream, and of a named manifest, whose first document is broken YAML', async () => {
    const brokenFirst = 'apiVersion: v1\nkind: ConfigMap\ndata: [unclosed\n';
    const pod =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: b}\nspec:\n  containers: [{name: b, image: b, securityContext: {privileged: true}}]\n';
    const stream = await write('broken-first', 'stream.yaml', `${brokenFirst}---\n${pod}`);
    const named = await runCli(['lint', stream, '-f', 'json']);
    expect(named.code).toBe(2);
    expect(named.stderr.trim().split('\n')).toEqual([
      `dockward: ${stream}:4:1: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]`,
    ]);
    expect((JSON.parse(named.stdout) as JsonReport).targets.map((target) => target.name)).toEqual(['Pod/b/b']);

    // One document, broken after its kind: the Compose detector's look at it must not keep the manifest from its reader.
    const single = await write('broken-first', 'pod.yaml', `${pod}  volumes: [unclosed\n`);
    const alone = await runCli(['lint', single, '-f', 'json']);
    expect(alone.code).toBe(2);
    expect(alone.stderr.trim().split('\n')).toHaveLength(1);
    expect(alone.stderr).toContain(`${single}:`);
    expect(alone.stderr).toContain('invalid YAML');
  });

  it('judges a pod as Pod Security does under --profile baseline and restricted', async () => {
    const file = await write(
      'levels',
      'pod.yaml',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1\n      ports: [{containerPort: 80}]\n',
    );
    const baseline = await runCli(['lint', file, '--profile', 'baseline', '-f', 'json']);
    expect(baseline.code).toBe(0);
    const restricted = await runCli(['lint', file, '--profile', 'restricted', '-f', 'json']);
    expect(restricted.code).toBe(1);
    expect(new Set((JSON.parse(restricted.stdout) as JsonReport).findings.map((finding) => finding.ruleId))).toEqual(
      new Set(['capabilities-not-dropped', 'net-raw', 'seccomp-unconfined', 'no-new-privileges', 'root-user']),
    );
  });

  it('fixes a manifest as it fixes a Compose file: a diff, --write, and exit 1 while a decision is left', async () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}  # keep\nspec:\n  automountServiceAccountToken: false\n  containers:\n' +
      '    - name: app\n      image: app:1\n      env: [{name: API_TOKEN, value: "ghp_1234567890abcdefghijklmnopqrstuvwxyzAB"}]\n';
    const file = await write('fix', 'pod.yaml', text);
    const diff = await runCli(['fix', file]);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toContain('+      securityContext:\n');
    expect(diff.stdout).toContain('+        allowPrivilegeEscalation: false\n');
    // The token is masked in the diff, and left where it is: moving it is the user's decision.
    expect(diff.stdout).not.toContain('ghp_1234567890');
    expect(diff.stderr).toContain('decide     env-secret');
    const written = await runCli(['fix', file, '--write']);
    expect(written.code).toBe(1);
    const after = await runCli(['lint', file, '-f', 'json']);
    const rules = (JSON.parse(after.stdout) as JsonReport).findings.map((finding) => finding.ruleId);
    expect(rules).toEqual(['env-secret']);
    expect(await readFile(file, 'utf8')).toContain('metadata: {name: p}  # keep\n');
    expect(await readdir(join(dir, 'fix'))).toEqual(['pod.yaml']);
  });

  it("notes a Helm chart's templates, which are YAML only once rendered, instead of reporting them as broken", async () => {
    await write('chart', 'Chart.yaml', 'apiVersion: v2\nname: web\nversion: 0.1.0\n');
    await write(
      'chart/templates',
      'deployment.yaml',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "web.fullname" . }}\n  labels:\n    {{- include "web.labels" . | nindent 4 }}\n' +
        'spec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: "{{ .Values.image }}"\n',
    );
    // A rendered manifest with template text in its strings (an alert's message) is YAML, and audited.
    await write(
      'chart/rendered',
      'pod.yaml',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p, annotations: {summary: "{{ $labels.instance }} is down"}}\nspec:\n  containers: [{name: a, image: a, securityContext: {privileged: true}}]\n',
    );
    const { code, stdout, stderr } = await runCli(['lint', join(dir, 'chart'), '-f', 'json']);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as JsonReport;
    expect(report.findings.map((finding) => `${finding.target} ${finding.ruleId}`)).toContain('Pod/p/a privileged');
    expect(report.engine.notes?.[0]).toBe(
      `${join(dir, 'chart/templates/deployment.yaml')} is a Helm template, which is YAML only once rendered: audit the chart with helm template <chart> | dockward lint -`,
    );
  });
});
