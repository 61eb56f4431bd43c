import { testRule } from '../../../test/support/rule-tester.js';
import { podManifest } from '../../../test/support/kubernetes-case.js';
import { hostPathVolume } from './host-path-volume.js';

const mounting = (path: string, volume: Record<string, unknown> = { hostPath: { path } }) =>
  podManifest(
    { volumeMounts: [{ name: 'v', mountPath: '/mnt' }] },
    { automountServiceAccountToken: false, volumes: [{ name: 'v', ...volume }] },
  );

testRule(hostPathVolume, {
  valid: [
    { kubernetes: mounting('', { emptyDir: {} }) },
    { kubernetes: mounting('', { persistentVolumeClaim: { claimName: 'data' } }) },
    { kubernetes: mounting('/etc'), why: "a critical path is sensitive-host-mount's finding" },
    { kubernetes: mounting('/run/containerd/containerd.sock'), why: "an engine socket is docker-socket-mount's" },
    { run: 'docker run -v /srv/data:/data app', why: 'a bind mount is how Docker containers get files' },
  ],
  invalid: [
    { kubernetes: mounting('/srv/data'), errors: [{ messageId: 'hostPath', path: ['mounts', 0, 'source'], line: 17 }] },
    { kubernetes: mounting('/var/lib/app/'), errors: [{ messageId: 'hostPath', path: ['mounts', 0, 'source'] }] },
  ],
});
