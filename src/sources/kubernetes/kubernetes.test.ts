import { describe, expect, it } from 'vitest';
import { readNamedText, type SourceReading } from '../source-adapter.js';
import { kubernetesAdapter } from './kubernetes-adapter.js';
import { parseQuantity } from './quantity.js';

const read = (text: string, file = 'k8s.yaml'): Promise<SourceReading> => readNamedText(kubernetesAdapter, file, text);

/** The one target of a manifest, with its spec. */
async function only(text: string) {
  const reading = await read(text);
  expect(reading.problems.map((problem) => problem.message)).toEqual([]);
  expect(reading.targets).toHaveLength(1);
  const [target] = reading.targets;
  if (!target) throw new Error('no target');
  return target;
}

const DEPLOYMENT = `# Source: web/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 2
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
`;

describe('the Kubernetes source', () => {
  it.each([
    ['Pod', 'spec:\n  containers: [{name: c, image: i}]'],
    ['PodTemplate', 'template:\n  spec:\n    containers: [{name: c, image: i}]'],
    ['Deployment', 'spec:\n  template:\n    spec:\n      containers: [{name: c, image: i}]'],
    ['StatefulSet', 'spec:\n  template:\n    spec:\n      containers: [{name: c, image: i}]'],
    ['DaemonSet', 'spec:\n  template:\n    spec:\n      containers: [{name: c, image: i}]'],
    ['ReplicaSet', 'spec:\n  template:\n    spec:\n      containers: [{name: c, image: i}]'],
    ['ReplicationController', 'spec:\n  template:\n    spec:\n      containers: [{name: c, image: i}]'],
    ['Job', 'spec:\n  template:\n    spec:\n      containers: [{name: c, image: i}]'],
    [
      'CronJob',
      'spec:\n  schedule: "* * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers: [{name: c, image: i}]',
    ],
  ])('reads the pod template of a %s', async (kind, body) => {
    const target = await only(`apiVersion: v1\nkind: ${kind}\nmetadata: {name: w, namespace: ns}\n${body}\n`);
    expect(target.name).toBe(`ns/${kind}/w/c`);
    expect(target.spec.image).toBe('i');
    expect(target.source.kind.syntax).toBe('kubernetes');
  });

  it('names targets by namespace, kind, workload and container, with the helm template they came from', async () => {
    const target = await only(DEPLOYMENT);
    expect(target).toMatchObject({
      name: 'shop/Deployment/web/nginx',
      source: { file: 'k8s.yaml', template: 'web/templates/deployment.yaml' },
    });
    expect(target.sourceMap.locate(['image'])).toEqual({ file: 'k8s.yaml', line: 15, column: 18 });
  });

  it('reads init and ephemeral containers, multi-document streams and Lists, and skips other kinds without a word', async () => {
    const text = `apiVersion: v1
kind: Service
metadata: {name: web}
spec: {ports: [{port: 80}]}
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: w}
spec: {containers: [{name: not-a-pod}]}
---
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Pod
    metadata: {name: p, namespace: ns}
    spec:
      initContainers: [{name: init, image: busybox}]
      containers: [{name: main, image: app}]
      ephemeralContainers: [{name: debug, image: busybox}]
    status: {phase: Running}
  - apiVersion: v1
    kind: ConfigMap
    metadata: {name: c}
`;
    const reading = await read(text);
    expect(reading.problems).toEqual([]);
    expect(reading.targets.map((target) => target.name)).toEqual([
      'ns/Pod/p/main',
      'ns/Pod/p/init (init container)',
      'ns/Pod/p/debug (ephemeral container)',
    ]);
  });

  it('applies a container securityContext over its pod, and the fields over the older annotations', async () => {
    const target = await only(`apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    container.apparmor.security.beta.kubernetes.io/app: unconfined
    seccomp.security.alpha.kubernetes.io/pod: runtime/default
spec:
  securityContext:
    runAsUser: 1000
    runAsGroup: 0
    runAsNonRoot: true
    seccompProfile: {type: Unconfined}
    seLinuxOptions: {type: spc_t, level: "s0:c1,c2"}
    sysctls: [{name: kernel.msgmax, value: "65536"}]
  containers:
    - name: app
      image: app
      securityContext:
        runAsUser: 2000
        runAsNonRoot: false
        seccompProfile: {type: Localhost, localhostProfile: profiles/app.json}
        allowPrivilegeEscalation: false
        readOnlyRootFilesystem: true
        procMount: Unmasked
        capabilities: {add: [NET_ADMIN], drop: [all]}
`);
    expect(target.spec).toMatchObject({
      user: '2000:0',
      runAsNonRoot: false,
      readonlyRootfs: true,
      capAdd: ['NET_ADMIN'],
      capDrop: ['all'],
      maskedPaths: [],
      readonlyPaths: [],
      sysctls: { 'kernel.msgmax': '65536' },
      securityOpt: [
        'seccomp=localhost/profiles/app.json',
        'apparmor=unconfined',
        'label=type:spc_t',
        'label=level:s0:c1,c2',
        'no-new-privileges=true',
      ],
    });
    expect(target.sourceMap.locate(['securityOpt', 2])).toMatchObject({ line: 14, column: 28 });
    expect(target.sourceMap.locate(['user'])).toMatchObject({ line: 20, column: 20 });
  });

  it('maps the host namespaces, hostPath volumes with their propagation, host ports and resources', async () => {
    const target = await only(`apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  template:
    spec:
      hostNetwork: true
      hostPID: true
      hostIPC: false
      automountServiceAccountToken: false
      volumes:
        - {name: logs, hostPath: {path: /var/log}}
        - {name: sock, hostPath: {path: /run/containerd/containerd.sock, type: Socket}}
        - {name: data, nfs: {server: nfs.example, path: /export}}
      containers:
        - name: agent
          image: agent:1
          ports:
            - {containerPort: 9100, hostPort: 9100, hostIP: 127.0.0.1}
            - {containerPort: 53, hostPort: 5353, protocol: UDP}
            - {containerPort: 8080}
          volumeMounts:
            - {name: logs, mountPath: /host/logs, readOnly: true, mountPropagation: HostToContainer, subPath: pods}
            - {name: sock, mountPath: /run/containerd/containerd.sock}
            - {name: data, mountPath: /data}
          resources:
            limits: {memory: 512Mi, cpu: 500m}
            requests: {cpu: "0.25"}
`);
    expect(target.spec).toMatchObject({
      networkMode: 'host',
      pidMode: 'host',
      memory: 512 * 2 ** 20,
      nanoCpus: 500_000_000,
      cpuShares: 256,
      portBindings: [
        { containerPort: '53/udp', hostIp: '', hostPort: '5353' },
        { containerPort: '9100/tcp', hostIp: '127.0.0.1', hostPort: '9100' },
      ],
      mounts: [
        { type: 'volume', source: 'data', destination: '/data', readOnly: false, driver: 'nfs' },
        { type: 'bind', source: '/var/log/pods', destination: '/host/logs', readOnly: true, propagation: 'rslave' },
        { type: 'bind', source: '/run/containerd/containerd.sock', destination: '/run/containerd/containerd.sock', readOnly: false },
      ],
    });
    expect(target.spec.ipcMode).toBeUndefined();
    // A finding about a hostPath mount's source points at the volume's path, where the node path is written.
    expect(target.sourceMap.locate(['mounts', 2, 'source'])).toMatchObject({ line: 13, column: 41 });
  });

  it('reads env values, but not what valueFrom and envFrom read at start', async () => {
    const target = await only(`apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  automountServiceAccountToken: false
  containers:
    - name: app
      image: app
      command: [/bin/app]
      args: [--password, hunter2-but-longer]
      envFrom: [{secretRef: {name: app}}]
      env:
        - {name: PLAIN, value: "x"}
        - name: FROM_SECRET
          valueFrom: {secretKeyRef: {name: s, key: k}}
`);
    expect(target.spec.env).toEqual([{ name: 'FROM_SECRET' }, { name: 'PLAIN', value: 'x' }]);
    expect(target.spec.entrypoint).toEqual(['/bin/app']);
    expect(target.spec.command).toEqual(['--password', 'hunter2-but-longer']);
  });

  describe('the service account token', () => {
    const pod = (spec: string, more = '') => `apiVersion: v1
kind: Pod
metadata: {name: p, namespace: ns}
spec:
${spec}
  containers:
    - name: app
      image: app
${more}`;
    const tokenMounts = async (text: string) =>
      ((await read(text)).targets[0]?.spec.mounts ?? []).filter(
        (mount) => mount.destination === '/var/run/secrets/kubernetes.io/serviceaccount',
      );

    it('is mounted unless the pod or its account says not to', async () => {
      expect(await tokenMounts(pod('  serviceAccountName: web'))).toHaveLength(1);
      expect(await tokenMounts(pod('  automountServiceAccountToken: false'))).toEqual([]);
      const account =
        'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: web, namespace: ns}\nautomountServiceAccountToken: false\n---\n';
      expect(await tokenMounts(account + pod('  serviceAccountName: web'))).toEqual([]);
      // The pod's own setting wins over its account's.
      expect(await tokenMounts(account + pod('  serviceAccountName: web\n  automountServiceAccountToken: true'))).toHaveLength(1);
      // An account of the same name in another namespace is another account.
      expect(await tokenMounts(account.replace('namespace: ns', 'namespace: other') + pod('  serviceAccountName: web'))).toHaveLength(1);
    });

    it('is not mounted twice where the pod mounts its own volume there, as kubectl get pods shows', async () => {
      const explicit = pod(
        '  volumes: [{name: kube-api-access-x, projected: {sources: [{serviceAccountToken: {path: token}}]}}]',
        '      volumeMounts: [{name: kube-api-access-x, mountPath: /var/run/secrets/kubernetes.io/serviceaccount, readOnly: true}]\n',
      );
      expect(await tokenMounts(explicit)).toEqual([
        {
          type: 'volume',
          source: 'kube-api-access-x',
          destination: '/var/run/secrets/kubernetes.io/serviceaccount',
          readOnly: true,
          driver: 'projected',
        },
      ]);
    });
  });

  describe('NetworkPolicies and the metadata address', () => {
    const pod = (namespace: string, labels = '{app: web}') =>
      `apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ${namespace}, labels: ${labels}}\nspec:\n  containers: [{name: app, image: app}]\n`;
    const policy = (namespace: string, spec: string) =>
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np, namespace: ${namespace}}\nspec:\n${spec}\n---\n`;
    const egressOf = async (text: string) => (await read(text)).targets.map((target) => target.spec.metadataEgress);

    it.each([
      ['no policy selects the pod for egress', '  podSelector: {matchLabels: {app: other}}\n  policyTypes: [Egress]', 'allowed'],
      ['an ingress-only policy', '  podSelector: {}\n  ingress: [{}]', 'allowed'],
      ['egress denied to all', '  podSelector: {}\n  policyTypes: [Egress]', 'blocked'],
      ['egress to anywhere', '  podSelector: {}\n  policyTypes: [Egress]\n  egress: [{}]', 'allowed'],
      ['egress to 0.0.0.0/0', '  podSelector: {}\n  egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0}}]}]', 'allowed'],
      [
        'egress to 0.0.0.0/0 except the metadata address',
        '  podSelector: {}\n  egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0, except: [169.254.169.254/32]}}]}]',
        'blocked',
      ],
      ['egress to DNS only', '  podSelector: {}\n  egress: [{ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]}]', 'blocked'],
      ['egress on a port range holding 80', '  podSelector: {}\n  egress: [{ports: [{port: 1, endPort: 1024}]}]', 'allowed'],
      ['egress to other pods only', '  podSelector: {}\n  egress: [{to: [{podSelector: {}}, {namespaceSelector: {}}]}]', 'blocked'],
      [
        'a matchExpressions selector that selects the pod',
        '  podSelector: {matchExpressions: [{key: app, operator: In, values: [web, api]}]}\n  policyTypes: [Egress]',
        'blocked',
      ],
      [
        'a NotIn selector that leaves it out',
        '  podSelector: {matchExpressions: [{key: app, operator: NotIn, values: [web]}]}\n  policyTypes: [Egress]',
        'allowed',
      ],
    ])('%s: %s', async (_, spec, expected) => {
      expect(await egressOf(policy('ns', spec) + pod('ns'))).toEqual([expected]);
    });

    it('applies a policy written after the pods, in another file, or in a List, and keeps the targets in the order written', async () => {
      const blocking = policy('ns', '  podSelector: {}\n  policyTypes: [Egress]');
      const named = (name: string) => pod('ns').replace('name: p', `name: ${name}`);
      const after = await read(`${named('first')}---\n${blocking}${named('second')}`);
      expect(after.targets.map((target) => [target.name, target.spec.metadataEgress])).toEqual([
        ['ns/Pod/first/app', 'blocked'],
        ['ns/Pod/second/app', 'blocked'],
      ]);
      const listed = await read(
        `${named('first')}---\napiVersion: v1\nkind: List\nitems:\n` +
          `  - apiVersion: networking.k8s.io/v1\n    kind: NetworkPolicy\n    metadata: {name: np, namespace: ns}\n    spec: {podSelector: {}, policyTypes: [Egress]}\n` +
          `  - apiVersion: v1\n    kind: Pod\n    metadata: {name: listed, namespace: ns}\n    spec: {containers: [{name: app, image: app}]}\n---\n${named('last')}`,
      );
      expect(listed.targets.map((target) => [target.name, target.spec.metadataEgress])).toEqual([
        ['ns/Pod/first/app', 'blocked'],
        ['ns/Pod/listed/app', 'blocked'],
        ['ns/Pod/last/app', 'blocked'],
      ]);
      const files = new Map([
        ['pods.yaml', named('elsewhere')],
        ['policy.yaml', blocking],
      ]);
      const across = await kubernetesAdapter.read([...files.keys()], (file) => files.get(file) ?? '');
      expect(across.targets.map((target) => [target.name, target.spec.metadataEgress])).toEqual([['ns/Pod/elsewhere/app', 'blocked']]);
    });

    it('reads a whole stream again, once, when one of its documents cannot be read alone', async () => {
      const broken = `${pod('ns')}---\n${policy('ns', '  podSelector: {}\n  policyTypes: [Egress]')}${pod('ns').replace('name: p', 'name: q')}---\nkind: [unclosed\n`;
      const reading = await read(broken);
      expect(reading.targets.map((target) => target.name)).toEqual(['ns/Pod/p/app', 'ns/Pod/q/app']);
      expect(reading.problems.map((problem) => problem.message)).toHaveLength(1);
    });

    it('says nothing of a namespace none of the policies is in, and notes it once', async () => {
      const reading = await read(
        policy('ns', '  podSelector: {}\n  policyTypes: [Egress]') + pod('other') + '---\n' + pod('other').replace('name: p', 'name: q'),
      );
      expect(reading.targets.map((target) => target.spec.metadataEgress)).toEqual([undefined, undefined]);
      expect(reading.notes).toEqual([
        'no NetworkPolicy for namespace other is among the manifests: whether their pods reach the cloud metadata API (169.254.169.254) depends on policies in the cluster',
      ]);
    });
  });

  describe('bad input', () => {
    it('reports a wrong type at its line and still audits the rest of the stream', async () => {
      const reading = await read(`apiVersion: v1
kind: Pod
metadata: {name: a}
spec:
  hostNetwork: "yes please"
  containers:
    - name: app
      image: app
      securityContext:
        privileged: true
        capabilities: {add: NET_ADMIN}
      env: [{name: PORT, value: 8080}]
---
just a string
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: no-spec}
---
apiVersion: v1
kind: Pod
metadata: {name: b}
spec:
  containers: [{name: other, image: app, unknownField: 1}]
---
key: [unclosed
`);
      expect(reading.problems.map((problem) => problem.message)).toEqual([
        'k8s.yaml:5:16: spec.hostNetwork: must be true or false',
        'k8s.yaml:11:29: spec.containers[0].securityContext.capabilities.add: must be a list',
        'k8s.yaml:12:33: spec.containers[0].env[0].value: must be a string (quote it)',
        'k8s.yaml:14:1: a manifest document must be a mapping (an object with apiVersion and kind)',
        'k8s.yaml:16:1: spec: is missing: a Deployment describes its pods there',
        'k8s.yaml:27:1: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
      ]);
      expect(reading.targets.map((target) => target.name)).toEqual(['Pod/a/app', 'Pod/b/other']);
      // The rest of the broken pod is still read, the number given for a string too.
      expect(reading.targets[0]?.spec).toMatchObject({ privileged: true, env: [{ name: 'PORT', value: '8080' }] });
    });

    it('reports a pod-level problem once, not once per container', async () => {
      const reading = await read(
        'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  hostPID: 1\n  containers: [{name: a}, {name: b}, {name: c}]\n',
      );
      expect(reading.problems.map((problem) => problem.message)).toEqual(['k8s.yaml:5:12: spec.hostPID: must be true or false']);
      expect(reading.targets).toHaveLength(3);
    });
  });

  it.each([
    ['512Mi', 536_870_912],
    ['1G', 1e9],
    ['500m', 0.5],
    ['2', 2],
    ['1e3', 1000],
    ['0.5Gi', 2 ** 29],
    [4, 4],
  ])('reads the quantity %s', (text, value) => {
    expect(parseQuantity(text)).toBe(value);
  });
  it.each(['', 'lots', '5 Mi', '1Q'])('refuses the quantity %j', (text) => {
    expect(parseQuantity(text)).toBeUndefined();
  });
});
