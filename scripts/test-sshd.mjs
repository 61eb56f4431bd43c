// Starts a private OpenSSH server for the test suite and the benchmark:
// Debian's sshd with its own configuration, host key and authorized keys, on
// 127.0.0.1 and a free port, never the machine's sshd service, port 22 or
// keys. Its sessions get DOCKER_HOST pointing at a private engine, so that
// `docker system dial-stdio` on the "remote" host reaches that engine.
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmod, copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './test-engine.mjs';

const run = promisify(execFile);

function accepts(port) {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/** A new ed25519 key pair without a passphrase: `path` and `path.pub`. */
export async function makeKey(path, comment = 'dockward-test') {
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', path]);
  return path;
}

export async function startTestSshd({ dockerHost }) {
  const dir = await mkdtemp(join(tmpdir(), 'dws-'));
  const hostKey = await makeKey(join(dir, 'host_ed25519'), 'dockward-test-host');
  const clientKey = await makeKey(join(dir, 'client_ed25519'));
  const authorizedKeys = join(dir, 'authorized_keys');
  await copyFile(`${clientKey}.pub`, authorizedKeys);
  await chmod(authorizedKeys, 0o600);
  const port = await freePort();
  const config = join(dir, 'sshd_config');
  await writeFile(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `AuthorizedKeysFile ${authorizedKeys}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      'UsePAM no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      // The temporary folder's modes are not a user's home's.
      'StrictModes no',
      `SetEnv DOCKER_HOST=${dockerHost}`,
      'LogLevel VERBOSE',
      '',
    ].join('\n'),
  );
  // Debian's sshd refuses to start without its privilege separation folder, which its service unit makes.
  await mkdir('/run/sshd', { recursive: true, mode: 0o755 });
  const daemon = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  let exited = false;
  daemon.stderr.on('data', (chunk) => (log += chunk.toString()));
  daemon.on('exit', () => (exited = true));
  const deadline = Date.now() + 20_000;
  while (!(await accepts(port))) {
    if (exited || Date.now() > deadline) {
      daemon.kill('SIGKILL');
      throw new Error(`the test sshd did not start:\n${log.slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const hostKeyLine = async () => `[127.0.0.1]:${port} ${(await run('cat', [`${hostKey}.pub`])).stdout.trim()}`;
  return {
    dir,
    port,
    clientKey,
    /** The known_hosts line of this server's key. */
    knownHostsLine: await hostKeyLine(),
    /** How many SSH connections the server has accepted so far. */
    connections: () => (log.match(/Accepted publickey for/g) ?? []).length,
    log: () => log,
    /**
     * Ends every open SSH connection, as a network failure would: sshd keeps
     * a process per connection, whose own child holds the socket too, so the
     * whole tree under the listener goes.
     */
    async dropConnections() {
      const childrenOf = (pid) =>
        run('pgrep', ['-P', String(pid)]).then(
          ({ stdout }) => stdout.split('\n').filter(Boolean).map(Number),
          () => [],
        );
      const tree = [];
      for (let level = await childrenOf(daemon.pid); level.length > 0;) {
        tree.push(...level);
        level = (await Promise.all(level.map(childrenOf))).flat();
      }
      for (const pid of tree) process.kill(pid, 'SIGKILL');
    },
    async stop() {
      if (!exited) {
        daemon.kill('SIGTERM');
        await once(daemon, 'exit').catch(() => {});
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
