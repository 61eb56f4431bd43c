import { describe, expect, it } from 'vitest';
import { sshSettings } from './ssh-settings.js';

const HOME = '/home/ops';
const files = (entries: Record<string, string>) => (path: string) => entries[path];
const noFolders = () => [];
const isSocket = (path: string) => path === '/tmp/agent';

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
  /** The settings for a host under this config, with only what a case is about given. */
  const settingsFor = (host: string, inputs: Partial<Parameters<typeof sshSettings>[0]> = {}) =>
    sshSettings({ host, env: {}, home: HOME, readOptional: read, listFolder: noFolders, isSocket, ...inputs });

  it('follows a Host alias to its HostName, Port, User and IdentityFile, with ~ and tokens expanded', () => {
    expect(settingsFor('prod', { env: { SSH_AUTH_SOCK: '/tmp/agent' } })).toEqual({
      alias: 'prod',
      hostname: '10.0.0.5',
      port: 2200,
      username: 'deploy',
      identityFiles: [`${HOME}/.ssh/prod_key`, `${HOME}/.ssh/deploy_10.0.0.5`],
      agent: '/tmp/agent',
      hostKeyName: '[10.0.0.5]:2200',
      knownHostsFiles: [`${HOME}/.ssh/known_hosts`, `${HOME}/.ssh/known_hosts2`, '/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2'],
    });
  });

  it('lets the URL win over the config, and falls back to the default identities', () => {
    const settings = settingsFor('other', { port: 2022, username: 'root' });
    expect(settings).toMatchObject({ hostname: 'other', port: 2022, username: 'root' });
    expect(settings.agent).toBeUndefined();
    expect(settings.identityFiles).toEqual(
      ['id_rsa', 'id_ecdsa', 'id_ecdsa_sk', 'id_ed25519', 'id_ed25519_sk'].map((name) => `${HOME}/.ssh/${name}`),
    );
    expect(settingsFor('other').username).toBe('fallback');
  });

  it('names an agent socket that is not there, rather than offering it', () => {
    const settings = settingsFor('prod', { env: { SSH_AUTH_SOCK: '/tmp/gone' } });
    expect(settings.agent).toBeUndefined();
    expect(settings.missingAgent).toBe('/tmp/gone');
  });

  it('takes IdentityAgent none, UserKnownHostsFile and HostKeyAlias', () => {
    const settings = settingsFor('quiet', { env: { SSH_AUTH_SOCK: '/tmp/agent' } });
    expect(settings.agent).toBeUndefined();
    expect(settings.knownHostsFiles[0]).toBe(`${HOME}/.ssh/fleet_hosts`);
    expect(settings.hostKeyName).toBe('fleet-alias');
  });

  it('follows Include, with a wildcard, relative to ~/.ssh; starts the system file outside the last Host block', () => {
    const read = files({
      [`${HOME}/.ssh/config`]: 'Include config.d/*.conf\nHost last\n  User last-user\n',
      [`${HOME}/.ssh/config.d/10-fleet.conf`]: 'Host fleet-*\n  User fleet\n  Port 2201\n',
      [`${HOME}/.ssh/config.d/.hidden.conf`]: 'Host fleet-*\n  User hidden\n',
      '/etc/ssh/ssh_config': 'Port 2299\nHost *\n  User system\n',
    });
    const listFolder = (path: string) => (path === `${HOME}/.ssh/config.d` ? ['10-fleet.conf', '.hidden.conf', 'notes.txt'] : []);
    const inputs = { env: {}, home: HOME, readOptional: read, listFolder, isSocket };
    expect(sshSettings({ host: 'fleet-a', ...inputs })).toMatchObject({ username: 'fleet', port: 2201 });
    // The system file's first line applies to every host, not only to the user file's last block.
    expect(sshSettings({ host: 'other', ...inputs })).toMatchObject({ username: 'system', port: 2299 });
    expect(sshSettings({ host: 'last', ...inputs })).toMatchObject({ username: 'last-user', port: 2299 });
  });

  it('names a ProxyJump or ProxyCommand it will not follow, and takes none as none', () => {
    const read = files({ [`${HOME}/.ssh/config`]: 'Host inner\n  ProxyJump bastion\nHost direct\n  ProxyCommand none\n' });
    const inputs = { env: {}, home: HOME, readOptional: read, listFolder: noFolders, isSocket };
    expect(sshSettings({ host: 'inner', ...inputs }).proxy).toBe('ProxyJump bastion');
    expect(sshSettings({ host: 'direct', ...inputs }).proxy).toBeUndefined();
  });
});
