import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KnownHosts, knownHostName } from './known-hosts.js';

const key = (seed: string) => Buffer.from(`key-${seed}`);
const line = (patterns: string, seed: string, type = 'ssh-ed25519') => `${patterns} ${type} ${key(seed).toString('base64')}`;
const hashed = (name: string) => {
  const salt = randomBytes(20);
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
};

describe('known_hosts', () => {
  it('names a host on another port as [host]:port', () => {
    expect(knownHostName('h.example', 22)).toBe('h.example');
    expect(knownHostName('127.0.0.1', 2222)).toBe('[127.0.0.1]:2222');
  });

  it('knows a host by a plain, listed, wildcard or hashed pattern, and not by a negated one', () => {
    const texts = [
      ['# a comment', line('other.example', 'x'), line('a.example,b.example', 'ab'), line('*.lan,!bad.lan', 'lan')].join('\n'),
      line(hashed('[127.0.0.1]:2222'), 'local'),
    ];
    expect(new KnownHosts(texts, 'b.example').judge(key('ab'))).toEqual({ verdict: 'known' });
    expect(new KnownHosts(texts, 'node.lan').judge(key('lan'))).toEqual({ verdict: 'known' });
    expect(new KnownHosts(texts, 'bad.lan').judge(key('lan'))).toEqual({ verdict: 'unknown' });
    expect(new KnownHosts(texts, '[127.0.0.1]:2222').judge(key('local'))).toEqual({ verdict: 'known' });
    expect(new KnownHosts(texts, '127.0.0.1').judge(key('local'))).toEqual({ verdict: 'unknown' });
  });

  it('says a key changed when the host is known with other keys, and lists their types for the handshake', () => {
    const known = new KnownHosts([[line('h', 'one'), line('h', 'two', 'ssh-rsa')].join('\n')], 'h');
    expect(known.keyTypes()).toEqual(['ssh-ed25519', 'ssh-rsa']);
    expect(known.judge(key('three'))).toEqual({ verdict: 'changed', knownTypes: ['ssh-ed25519', 'ssh-rsa'] });
  });

  it('refuses a revoked key even when a plain line lists it, and does not take a certificate authority as the host key', () => {
    const texts = [[line('h', 'k'), `@revoked ${line('*', 'k')}`, `@cert-authority ${line('*', 'ca')}`].join('\n')];
    expect(new KnownHosts(texts, 'h').judge(key('k'))).toEqual({ verdict: 'revoked' });
    expect(new KnownHosts(texts, 'h').judge(key('ca'))).toEqual({ verdict: 'changed', knownTypes: ['ssh-ed25519'] });
  });
});
