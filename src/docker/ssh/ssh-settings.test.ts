import { describe, expect, it } from 'vitest';
import { sshSettings } from './ssh-settings.js';

const HOME = '/home/ops';
const files = (entries: Record<string, string>) => (path: string) => entries[path];

describe('ssh settings from ~/.ssh/config', () => {
  const config = [
    'Host prod',
    '  HostName 10.0.0.5',
    '  Port 2200',
    '  User deploy',
    '  IdentityFile ~/.ssh/prod_key',
    '  IdentityFile %d/.ssh/%r_%h',
    'Host quiet',
    '  IdentityAgent none',
    '  UserKnownHostsFile ~/.ssh/fleet_hosts',
    '  HostKeyAlias fleet-alias',
    'Host *',
    '  User fallback',
    '',
  ].join('\n');
  const read = files({ [`${HOME}/.ssh/config`]: config });

  it('follows a Host alias to its HostName, Port, User and IdentityFile, with ~ and tokens expanded', () => {
    expect(sshSettings({ host: 'prod', env: { SSH_AUTH_SOCK: '/tmp/agent' }, home: HOME, readOptional: read })).toEqual({
      alias: 'prod',
      hostname: '10.0.0.5',
      port: 2200,
      username: 'deploy',
      identityFiles: [`${HOME}/.ssh/prod_key`, `${HOME}/.ssh/deploy_10.0.0.5`],
      agent: '/tmp/agent',
      hostKeyName: '10.0.0.5',
      knownHostsFiles: [`${HOME}/.ssh/known_hosts`, `${HOME}/.ssh/known_hosts2`, '/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2'],
    });
  });

  it('lets the URL win over the config, and falls back to the default identities', () => {
    const settings = sshSettings({ host: 'other', port: 2022, username: 'root', env: {}, home: HOME, readOptional: read });
    expect(settings).toMatchObject({ hostname: 'other', port: 2022, username: 'root' });
    expect(settings.agent).toBeUndefined();
    expect(settings.identityFiles).toEqual(
      ['id_rsa', 'id_ecdsa', 'id_ecdsa_sk', 'id_ed25519', 'id_ed25519_sk'].map((name) => `${HOME}/.ssh/${name}`),
    );
    expect(sshSettings({ host: 'other', env: {}, home: HOME, readOptional: read }).username).toBe('fallback');
  });

  it('takes IdentityAgent none, UserKnownHostsFile and HostKeyAlias', () => {
    const settings = sshSettings({ host: 'quiet', env: { SSH_AUTH_SOCK: '/tmp/agent' }, home: HOME, readOptional: read });
    expect(settings.agent).toBeUndefined();
    expect(settings.knownHostsFiles[0]).toBe(`${HOME}/.ssh/fleet_hosts`);
    expect(settings.hostKeyName).toBe('fleet-alias');
  });
});
