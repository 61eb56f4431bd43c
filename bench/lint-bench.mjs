// Lint benchmark: generates a Compose file with N services (default 1000), a
// shell script of M lines (default 5000) and a stream of K Kubernetes objects
// (default 10000, as `helm template` prints them), then times the whole
// `dockward lint` process on each, against the floor of starting Node and
// reading the same input.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, timeProcess } from './bench-support.mjs';

const SERVICES = Number(process.argv[2] ?? 1000);
const LINES = Number(process.argv[3] ?? 5000);
const OBJECTS = Number(process.argv[4] ?? 10000);
const REPEATS = 5;
const cli = fileURLToPath(new URL('../dist/bundle/main.js', import.meta.url));

function composeFile(count) {
  const lines = ['x-base: &base', '  cap_drop: [ALL]', '  security_opt: ["no-new-privileges:true"]', 'services:'];
  for (let i = 0; i < count; i++) {
    lines.push(
      `  svc${i}:`,
      '    <<: *base',
      `    image: registry.example/team/app${i}:1.${i}`,
      '    ports:',
      `      - "${i % 3 === 0 ? '' : '127.0.0.1:'}${10000 + i}:80"`,
      '    volumes:',
      `      - ${i % 7 === 0 ? '/etc' : './data'}:/data:ro`,
      '    environment:',
      `      LOG_LEVEL: info`,
      `      ${i % 5 === 0 ? 'DB_PASSWORD: not-a-real-one' : 'DB_PASSWORD_FILE: /run/secrets/db'}`,
      ...(i % 11 === 0 ? ['    privileged: true'] : []),
    );
  }
  return `${lines.join('\n')}\n`;
}

function shellScript(count) {
  const lines = ['#!/bin/sh', 'set -eu'];
  for (let i = 0; lines.length < count; i++) {
    if (i % 4 === 0)
      lines.push(
        `docker run -d --name app${i} --cap-drop=ALL \\`,
        `  -p ${10000 + i}:80 -e TOKEN_URL=https://x/${i} \\`,
        `  ${i % 3 === 0 ? '--privileged' : '--read-only'} app:${i}`,
      );
    else lines.push(`echo "step ${i}" && test -f /tmp/${i} || true`);
  }
  return `${lines.join('\n')}\n`;
}

/** A multi-document stream: a Deployment of two containers in every fourth object, Services and ConfigMaps between, a NetworkPolicy per namespace. */
function kubernetesStream(count) {
  const documents = [];
  for (let i = 0; documents.length < count; i++) {
    const namespace = `team${i % 20}`;
    if (i < 20)
      documents.push(
        `# Source: chart/templates/policy.yaml\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: egress, namespace: ${namespace}}\n` +
          'spec:\n  podSelector: {}\n  egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0, except: [169.254.169.254/32]}}]}]',
      );
    else if (i % 4 === 0)
      documents.push(
        `# Source: chart/templates/deployment.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app${i}, namespace: ${namespace}}\nspec:\n` +
          `  replicas: 2\n  template:\n    metadata: {labels: {app: app${i}}}\n    spec:\n      ${i % 11 === 0 ? 'hostNetwork: true' : 'automountServiceAccountToken: false'}\n` +
          '      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}\n      containers:\n' +
          `        - name: app\n          image: registry.example/app${i}:1.${i}\n          ports: [{containerPort: 8080}]\n` +
          `          env: [{name: LOG_LEVEL, value: info}, {name: DB_PASSWORD, ${i % 5 === 0 ? 'value: not-a-real-one' : 'valueFrom: {secretKeyRef: {name: db, key: pw}}'}}]\n` +
          '          securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}\n' +
          '          resources: {limits: {memory: 256Mi, cpu: 500m}}\n' +
          `        - name: sidecar\n          image: registry.example/proxy:2\n          volumeMounts: [{name: logs, mountPath: /logs}]\n` +
          `      volumes: [{name: logs, ${i % 7 === 0 ? 'hostPath: {path: /var/log}' : 'emptyDir: {}'}}]`,
      );
    else if (i % 4 === 1)
      documents.push(
        `apiVersion: v1\nkind: Service\nmetadata: {name: app${i}, namespace: ${namespace}}\nspec:\n  ports: [{port: 80, targetPort: 8080}]`,
      );
    else documents.push(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: conf${i}, namespace: ${namespace}}\ndata: {LOG_LEVEL: info}`);
  }
  return `${documents.join('\n---\n')}\n`;
}

/** The process's wall time in ms; `accepted` are the exit codes of a run that worked (fix exits 1 while a decision is left). */
const time = async (args, input, accepted) => (await timeProcess(args, {}, { input, accepted })).ms;

const dir = await mkdtemp(join(tmpdir(), 'dw-lint-bench-'));
try {
  const compose = join(dir, 'compose.yaml');
  const script = join(dir, 'deploy.sh');
  await writeFile(compose, composeFile(SERVICES));
  await writeFile(script, shellScript(LINES));
  console.log(
    `\ndockward lint benchmark: a ${SERVICES}-service Compose file and a ${LINES}-line script, whole process, median of ${REPEATS}`,
  );
  // Issue 22's target for the Compose file; the script has none of its own.
  for (const [label, file, target] of [
    [`Compose, ${SERVICES} services`, compose, 500],
    [`shell script, ${LINES} lines`, script, undefined],
  ]) {
    const floor = [];
    const lint = [];
    for (let i = 0; i < REPEATS; i++) {
      floor.push(await time(['-e', `require('fs').readFileSync(${JSON.stringify(file)}, 'utf8')`]));
      lint.push(await time([cli, 'lint', file, '--format', 'json', '--fail-on', 'none']));
    }
    console.log(
      `  ${label.padEnd(28)} dockward ${median(lint).toFixed(0)} ms${target === undefined ? '' : ` (target < ${target} ms)`}; floor (node reading the file) ${median(floor).toFixed(0)} ms; ratio ${(median(lint) / median(floor)).toFixed(1)}x`,
    );
  }
  // Issue 19: a rendered chart or `kubectl get -o yaml` on standard input, as `dockward lint -` reads it.
  const stream = kubernetesStream(OBJECTS);
  const floor = [];
  const lint = [];
  for (let i = 0; i < REPEATS; i++) {
    floor.push(await time(['-e', "let n = 0; process.stdin.on('data', (c) => (n += c.length))"], stream));
    lint.push(await time([cli, 'lint', '-', '--format', 'json', '--fail-on', 'none'], stream));
  }
  console.log(
    `  ${`Kubernetes, ${OBJECTS} objects`.padEnd(28)} dockward ${median(lint).toFixed(0)} ms (target < 1000 ms); floor (node reading standard input) ${median(floor).toFixed(0)} ms; ratio ${(median(lint) / median(floor)).toFixed(1)}x`,
  );

  // Each report format at N and 10N services: the work past the process's start should grow ten times, not a hundred (issue 17).
  const large = join(dir, 'compose-large.yaml');
  await writeFile(large, composeFile(SERVICES * 10));
  const start = median(await Promise.all([0, 1, 2].map(() => time(['-e', '0']))));
  console.log(
    `\nreport formats, ${SERVICES} and ${SERVICES * 10} services, one run each (node's own start, ${start.toFixed(0)} ms, taken off)`,
  );
  for (const format of ['table', 'json', 'sarif', 'junit', 'markdown', 'github', 'html']) {
    const args = (file) => [cli, 'lint', file, '--format', format, '--fail-on', 'none'];
    const small = (await time(args(compose))) - start;
    const big = (await time(args(large))) - start;
    console.log(
      `  ${format.padEnd(9)} ${small.toFixed(0).padStart(6)} ms, ${big.toFixed(0).padStart(6)} ms: ${(big / small).toFixed(1)}x for 10x the services`,
    );
  }

  // fix --write of a stream at N and 4N objects: the work past the process's start should grow four times, not sixteen.
  console.log(
    `\nfix --write of a Kubernetes stream, ${OBJECTS / 10} and ${(OBJECTS * 4) / 10} objects, one run each (node's start taken off)`,
  );
  const fixTimes = [];
  for (const count of [OBJECTS / 10, (OBJECTS * 4) / 10]) {
    const manifests = join(dir, `fix-${count}.yaml`);
    await writeFile(manifests, kubernetesStream(count));
    fixTimes.push((await time([cli, 'fix', '--write', manifests], undefined, [0, 1])) - start);
  }
  console.log(
    `  ${fixTimes.map((ms) => `${ms.toFixed(0)} ms`).join(', ')}: ${((fixTimes[1] ?? 0) / (fixTimes[0] ?? 1)).toFixed(1)}x for 4x the objects`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
