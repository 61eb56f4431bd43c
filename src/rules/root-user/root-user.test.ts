import { describe, expect, it } from 'vitest';
import { ruleContext } from '../../../test/support/rule-context.js';
import { testRule } from '../../../test/support/rule-tester.js';
import { rootUser } from './root-user.js';

const user = (User: string) => ({ Config: { User } });

testRule(rootUser, {
  valid: [
    { run: 'docker run alpine', why: 'without --user the image decides, which a run line cannot know' },
    { compose: 'services: {a: {image: x, user: "1000:1000"}}' },
    { inspect: user('10001') },
    { inspect: user('app') },
    { inspect: user('1000:1000') },
  ],
  invalid: [
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
