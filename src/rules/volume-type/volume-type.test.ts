import { testRule } from '../../../test/support/rule-tester.js';
import { podManifest } from '../../../test/support/kubernetes-case.js';
import { volumeType } from './volume-type.js';

const mounting = (volume: Record<string, unknown>) =>
  podManifest(
    { volumeMounts: [{ name: 'v', mountPath: '/mnt' }] },
    { automountServiceAccountToken: false, volumes: [{ name: 'v', ...volume }] },
  );

testRule(volumeType, {
  valid: [
    { kubernetes: mounting({ configMap: { name: 'c' } }) },
    { kubernetes: mounting({ persistentVolumeClaim: { claimName: 'data' } }) },
    { kubernetes: mounting({ image: { reference: 'registry.example/model:1' } }), why: 'image volumes are allowed from policy v1.33' },
    { kubernetes: podManifest(), why: "the service account token's projected volume" },
    { run: 'docker run -v data:/data app', why: 'a named Docker volume' },
  ],
  invalid: [
    {
      kubernetes: mounting({ nfs: { server: 'nfs.example', path: '/export' } }),
      errors: [{ messageId: 'volumeType', path: ['mounts', 0], data: { driver: 'nfs', volume: 'v' }, line: 12 }],
    },
    {
      kubernetes: mounting({ gitRepo: { repository: 'https://example.com/r.git' } }),
      errors: [{ messageId: 'volumeType', path: ['mounts', 0] }],
    },
  ],
});
