import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { docker } from '../../scripts/test-engine.mjs';
import { makeKey, startTestSshd, type TestSshd } from '../../scripts/test-sshd.mjs';
import { runCli, type JsonReport } from '../support/cli.js';
import { startDockward } from '../support/plugin-process.js';

const run = promisify(execFile);
const dockerHost = inject('dockerHost');
const image = inject('testImage');
const NAMES = ['ssh-a', 'ssh-b', 'ssh-c', 'ssh-d', 'ssh-e', 'ssh-f', 'ssh-g', 'ssh-h', 'ssh-i', 'ssh-j', 'ssh-k', 'ssh-l'];

let sshd: TestSshd;
let dir: string;
let agent: ChildProcess | undefined;

/** A home folder of its own for each case: ~/.ssh/config, keys and known_hosts as given. */
async function home(name: string, files: { config?: string; knownHosts?: string; identity?: string }): Promise<string> {
  const path = join(dir, name);
  await mkdir(join(path, '.ssh'), { recursive: true, mode: 0o700 });
  if (files.config !== undefined) await writeFile(join(path, '.ssh', 'config'), files.config);
  if (files.knownHosts !== undefined) await writeFile(join(path, '.ssh', 'known_hosts'), files.knownHosts);
  if (files.identity !== undefined) await copyFile(sshd.clientKey, join(path, '.ssh', files.identity), 0);
  return path;
}

const scan = (host: string, env: Record<string, string>) =>
  runCli(['scan', '-H', host, '--name', 'ssh-*', '--format', 'json', '--fail-on', 'none'], { env });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dw-ssh-'));
  sshd = await startTestSshd({ dockerHost });
  for (const name of NAMES) await docker(dockerHost, ['create', '--name', name, '--cap-add', 'NET_ADMIN', image]);
}, 60_000);

afterAll(async () => {
  agent?.kill();
  await docker(dockerHost, ['rm', '-f', ...NAMES]).catch(() => undefined);
  await sshd?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('ssh:// as the docker CLI does it', () => {
  it('follows a Host alias of ~/.ssh/config to its HostName, Port, User and IdentityFile, over one SSH connection', async () => {
    const config = `Host prod-docker\n  HostName 127.0.0.1\n  Port ${sshd.port}\n  User root\n  IdentityFile ~/.ssh/deploy_key\n`;
    const path = await home('alias', { config, knownHosts: `${sshd.knownHostsLine}\n`, identity: 'deploy_key' });
    const before = sshd.connections();
    const { code, stdout, stderr } = await scan('ssh://prod-docker', { HOME: path });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as JsonReport;
    expect(report.engine).toMatchObject({ source: 'engine', endpoint: 'ssh://prod-docker', product: 'docker' });
    const audited = report.targets.filter((target) => target.kind === 'container').map((target) => target.name);
    expect(audited.sort()).toEqual(NAMES);
    expect(report.findings.filter((finding) => finding.ruleId === 'dangerous-capability')).toHaveLength(NAMES.length);
    // Twelve inspects, eight at a time, one /info, one /version, a list and a network: all on one connection.
    expect(sshd.connections() - before).toBe(1);
  });

  it('uses a default identity file and the user in the URL', async () => {
    const path = await home('default-identity', { knownHosts: `${sshd.knownHostsLine}\n`, identity: 'id_ed25519' });
    const { code, stderr } = await scan(`ssh://root@127.0.0.1:${sshd.port}`, { HOME: path });
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('authenticates with the ssh agent of SSH_AUTH_SOCK', async () => {
    const socket = join(dir, 'agent.sock');
    agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
    for (let tries = 0; tries < 50; tries++) {
      const ready = await run('ssh-add', ['-l'], { env: { SSH_AUTH_SOCK: socket } }).then(
        () => true,
        // ssh-add -l exits 1 for an agent that holds no key yet, 2 while nothing listens.
        (error: unknown) => (error as { code?: number }).code === 1,
      );
      if (ready) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await run('ssh-add', [sshd.clientKey], { env: { SSH_AUTH_SOCK: socket } });
    // No identity file at all: only the agent holds the key.
    const path = await home('agent', { knownHosts: `${sshd.knownHostsLine}\n` });
    const { code, stderr } = await scan(`ssh://root@127.0.0.1:${sshd.port}`, { HOME: path, SSH_AUTH_SOCK: socket });
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('goes on past what it cannot use, as OpenSSH does: a stale agent socket, folders where files belong', async () => {
    const path = await home('odd-files', { knownHosts: `${sshd.knownHostsLine}\n`, identity: 'id_ed25519' });
    for (const folder of ['config', 'known_hosts2', 'id_rsa']) await mkdir(join(path, '.ssh', folder));
    const { code, stderr } = await scan(`ssh://root@127.0.0.1:${sshd.port}`, { HOME: path, SSH_AUTH_SOCK: join(dir, 'no-agent.sock') });
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('looks a HostKeyAlias up as it is written, as OpenSSH does', async () => {
    const [, type, key] = sshd.knownHostsLine.split(' ');
    const config = `Host aliased\n  HostName 127.0.0.1\n  Port ${sshd.port}\n  User root\n  HostKeyAlias fleet-node-7\n`;
    const path = await home('host-key-alias', { config, knownHosts: `fleet-node-7 ${type} ${key}\n`, identity: 'id_ed25519' });
    const { code, stderr } = await scan('ssh://aliased', { HOME: path });
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('refuses a host whose key is not in known_hosts, with its fingerprint and how to add it', async () => {
    const path = await home('unknown-host', { knownHosts: '', identity: 'id_ed25519' });
    const { code, stdout, stderr } = await scan(`ssh://root@127.0.0.1:${sshd.port}`, { HOME: path });
    expect(code).toBe(3);
    expect(stdout).toBe('');
    const fingerprint = (await run('ssh-keygen', ['-l', '-f', join(sshd.dir, 'host_ed25519.pub')])).stdout.split(' ')[1];
    expect(stderr).toContain(`the SSH host key of 127.0.0.1:${sshd.port} (ssh-ed25519 ${fingerprint}) is not in ${path}/.ssh/known_hosts`);
    expect(stderr).toContain(`ssh-keyscan -p ${sshd.port} 127.0.0.1`);
  });

  it('refuses a host whose key changed, and a revoked one', async () => {
    const other = await makeKey(join(dir, 'impostor'));
    const otherLine = `[127.0.0.1]:${sshd.port} ${(await run('cat', [`${other}.pub`])).stdout.trim()}`;
    const changed = await home('changed-host', { knownHosts: `${otherLine}\n`, identity: 'id_ed25519' });
    const result = await scan(`ssh://root@127.0.0.1:${sshd.port}`, { HOME: changed });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(
      /the SSH host key of 127\.0\.0\.1:\d+ has CHANGED: it offered ssh-ed25519 SHA256:\S+, which is not the ssh-ed25519 key known/,
    );
    const revoked = await home('revoked-host', { knownHosts: `@revoked ${sshd.knownHostsLine}\n`, identity: 'id_ed25519' });
    expect((await scan(`ssh://root@127.0.0.1:${sshd.port}`, { HOME: revoked })).stderr).toMatch(/is marked @revoked/);
  });

  it('knows a host from a hashed known_hosts entry', async () => {
    const path = await home('hashed', { knownHosts: `${sshd.knownHostsLine}\n`, identity: 'id_ed25519' });
    await run('ssh-keygen', ['-H', '-f', join(path, '.ssh', 'known_hosts')]);
    const { code, stderr } = await scan(`ssh://root@127.0.0.1:${sshd.port}`, { HOME: path });
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('says which keys it tried when the server accepts none', async () => {
    const path = await home('no-key', { knownHosts: `${sshd.knownHostsLine}\n` });
    await makeKey(join(path, '.ssh', 'id_ed25519'));
    const { code, stderr } = await scan(`ssh://root@127.0.0.1:${sshd.port}`, { HOME: path });
    expect(code).toBe(3);
    expect(stderr).toContain(`the SSH server at 127.0.0.1:${sshd.port} accepted no key for root (tried: ${path}/.ssh/id_ed25519)`);
  });

  it('refuses a ProxyJump it would not follow, rather than connecting around it', async () => {
    const config = `Host behind-bastion\n  HostName 127.0.0.1\n  Port ${sshd.port}\n  User root\n  ProxyJump bastion.example\n`;
    const path = await home('proxy', { config, knownHosts: `${sshd.knownHostsLine}\n`, identity: 'id_ed25519' });
    const before = sshd.connections();
    const { code, stderr } = await scan('ssh://behind-bastion', { HOME: path });
    expect(code).toBe(3);
    expect(stderr).toContain("reaches behind-bastion through ProxyJump bastion.example, which dockward's SSH client does not follow");
    expect(sshd.connections()).toBe(before);
  });

  it('keeps watching over ssh:// when the connection drops: a new one carries the stream and what happened meanwhile', async () => {
    const path = await home('watch', { knownHosts: `${sshd.knownHostsLine}\n`, identity: 'id_ed25519' });
    const watch = startDockward(['watch', '-H', `ssh://root@127.0.0.1:${sshd.port}`, '--format', 'json'], { HOME: path });
    try {
      await watch.waitFor(/watching ssh:\/\/root@127\.0\.0\.1/);
      await docker(dockerHost, ['create', '--name', 'ssh-watch-1', '--privileged', image]);
      await watch.waitFor(/"target":"ssh-watch-1","targetId":"[0-9a-f]+","engine":"ssh:\/\/root@127\.0\.0\.1:\d+"/);
      const before = sshd.connections();
      await sshd.dropConnections();
      await docker(dockerHost, ['create', '--name', 'ssh-watch-2', '--pid', 'host', image]);
      await watch.waitFor(/"target":"ssh-watch-2"/, 30_000).catch((error: unknown) => {
        throw new Error(`${String(error)}\nstderr: ${watch.stderr()}`);
      });
      expect(sshd.connections()).toBeGreaterThan(before);
      expect(watch.stderr()).not.toMatch(/internal error|Error:/);
    } finally {
      await watch.stop();
      await docker(dockerHost, ['rm', '-f', 'ssh-watch-1', 'ssh-watch-2']).catch(() => undefined);
    }
  }, 60_000);
});
