import { testRule } from '../../../test/support/rule-tester.js';
import { podManifest } from '../../../test/support/kubernetes-case.js';
import { mountPropagation } from './mount-propagation.js';

const bind = (Propagation: string, Type = 'bind') => ({
  Mounts: [{ Type, Source: '/srv/data', Destination: '/data', RW: true, Propagation }],
});

testRule(mountPropagation, {
  valid: [
    { inspect: bind('rprivate') },
    { inspect: bind('') },
    { inspect: bind('rshared', 'volume'), why: 'volumes have no bind propagation' },
  ],
  invalid: [
    {
      kubernetes: podManifest(
        { volumeMounts: [{ name: 'data', mountPath: '/data', mountPropagation: 'Bidirectional' }] },
        { automountServiceAccountToken: false, volumes: [{ name: 'data', hostPath: { path: '/srv/data' } }] },
      ),
      errors: [{ messageId: 'shared', path: ['mounts', 0] }],
    },

    { inspect: bind('shared'), errors: [{ messageId: 'shared', path: ['mounts', 0], data: { propagation: 'shared' } }] },
    { inspect: bind('rshared'), errors: [{ messageId: 'shared', path: ['mounts', 0] }] },
    { inspect: bind('slave'), errors: [{ messageId: 'slave', path: ['mounts', 0] }] },
    { inspect: bind('rslave'), errors: [{ messageId: 'slave', path: ['mounts', 0], data: { source: '/srv/data' } }] },
  ],
});
