import { describe, expect, it } from 'vitest';
import { podManifest } from '../../../test/support/kubernetes-case.js';
import { ruleContext } from '../../../test/support/rule-context.js';
import { testRule } from '../../../test/support/rule-tester.js';
import { quadletUnit } from '../../../test/support/quadlet-case.js';
import { rootUser } from './root-user.js';

const user = (User: string) => ({ Config: { User } });

testRule(rootUser, {
  valid: [
    { quadlet: quadletUnit('User=10001', 'Group=10001') },
    {
      kubernetes: podManifest({}, { securityContext: { runAsNonRoot: true } }),
      why: 'Kubernetes: the kubelet refuses to start it as root',
    },
    { kubernetes: podManifest({ securityContext: { runAsNonRoot: true, runAsUser: 1000 } }) },

    { run: 'docker run alpine', why: 'without --user the image decides, which a run line cannot know' },
    { compose: 'services: {a: {image: x, user: "1000:1000"}}' },
    { inspect: user('10001') },
    { inspect: user('app') },
    { inspect: user('1000:1000') },
  ],
  invalid: [
    { quadlet: quadletUnit('User=0'), errors: [{ messageId: 'root', path: ['user'], line: 3, column: 1 }] },
    {
      kubernetes: podManifest(),
      why: 'Kubernetes: the restricted level asks for runAsNonRoot',
      errors: [{ messageId: 'nonRootNotRequired', path: ['runAsNonRoot'], profiles: ['restricted'] }],
    },
    {
      kubernetes: podManifest({ securityContext: { runAsUser: 1000 } }),
      why: 'Kubernetes: a non-root uid without runAsNonRoot (check_runAsNonRoot.go)',
      errors: [{ messageId: 'nonRootNotRequired', path: ['runAsNonRoot'], profiles: ['restricted'] }],
    },
    {
      kubernetes: podManifest({ securityContext: { runAsUser: 0 } }, { securityContext: { runAsNonRoot: true } }),
      errors: [{ messageId: 'root', path: ['user'] }],
    },
    {
      kubernetes: podManifest({ securityContext: { runAsUser: 1000, runAsGroup: 0, runAsNonRoot: true } }),
      why: 'Kubernetes: Pod Security judges the user alone',
      errors: [{ messageId: 'rootGroup', path: ['user'], profiles: ['recommended'] }],
    },
    {
      kubernetes: podManifest({ securityContext: { runAsNonRoot: false } }, { securityContext: { runAsNonRoot: true } }),
      why: 'Kubernetes: the container overrides its pod',
      errors: [{ messageId: 'nonRootNotRequired', path: ['runAsNonRoot'], profiles: ['restricted'] }],
    },

    { run: 'docker run -u 0 alpine', errors: [{ messageId: 'root', path: ['user'] }] },
    // Regression: root by other spellings, and an empty user part, which the runtime fills with uid 0.
    { inspect: user('00'), errors: [{ messageId: 'root', path: ['user'] }] },
    { inspect: user('+0:1000'), errors: [{ messageId: 'root', path: ['user'] }] },
    { inspect: user(':1000'), errors: [{ messageId: 'root', path: ['user'] }] },
    { compose: 'services: {a: {image: x, user: root}}', errors: [{ messageId: 'root', path: ['user'] }] },

    { inspect: user(''), errors: [{ messageId: 'noUser', path: ['user'] }] },
    { inspect: {}, errors: [{ messageId: 'noUser', path: ['user'] }] },
    { inspect: user('0'), errors: [{ messageId: 'root', path: ['user'] }] },
    { inspect: user('root'), errors: [{ messageId: 'root', path: ['user'] }] },
    { inspect: user('0:1000'), errors: [{ messageId: 'root', path: ['user'] }] },
    { inspect: user('1000:0'), why: 'a 0 group', errors: [{ messageId: 'rootGroup', path: ['user'] }] },
  ],
});

describe('with userns-remap', () => {
  it('lowers the severity, since container root is not host root', () => {
    const [violation] = rootUser.check({ user: '0' }, ruleContext({ host: { userns: true } }));
    expect(violation?.severity).toBe('low');
  });
});
