import { describe, expect, it } from 'vitest';
import { testRule } from '../../../test/support/rule-tester.js';
import { imageNotPinned, parseImageReference } from './image-not-pinned.js';

const image = (Image: string) => ({ Config: { Image } });
const digest = `sha256:${'a'.repeat(64)}`;

testRule(imageNotPinned, {
  valid: [{ inspect: image(`nginx:1.27@${digest}`) }, { inspect: image(`registry:5000/team/app@${digest}`) }, { inspect: image(digest) }],
  invalid: [
    { inspect: image('nginx'), why: 'no tag means latest', errors: [{ messageId: 'latest', path: ['image'] }] },
    { inspect: image('nginx:latest'), errors: [{ messageId: 'latest', path: ['image'] }] },
    { inspect: image('registry:5000/team/app'), why: 'a registry port is not a tag', errors: [{ messageId: 'latest', path: ['image'] }] },
    { inspect: image('nginx:1.27'), errors: [{ messageId: 'tag', path: ['image'], data: { image: 'nginx:1.27' } }] },
  ],
});

describe('parseImageReference', () => {
  it('splits tag and digest', () => {
    expect(parseImageReference('registry:5000/team/app:1.2')).toEqual({ tag: '1.2' });
    expect(parseImageReference(`app@${digest}`)).toEqual({ digest });
  });
});
