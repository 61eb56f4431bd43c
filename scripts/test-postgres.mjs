// Starts a private PostgreSQL server for the test suite: Debian's postgresql
// binaries run as the postgres user (PostgreSQL refuses root) on a data
// directory of their own under a fresh temporary folder, listening on a unix
// socket in that folder only (no TCP), trust authentication for that socket,
// stopped and removed at the end. Never the machine's own cluster.
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chown, mkdtemp, readdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function binaries() {
  const root = '/usr/lib/postgresql';
  const versions = (await readdir(root)).filter((name) => existsSync(join(root, name, 'bin', 'postgres'))).sort((a, b) => b - a);
  if (versions.length === 0) throw new Error('no PostgreSQL server under /usr/lib/postgresql (Debian package postgresql)');
  return join(root, versions[0], 'bin');
}

export async function startTestPostgres() {
  const bin = await binaries();
  const uid = Number((await run('id', ['-u', 'postgres'])).stdout);
  const gid = Number((await run('id', ['-g', 'postgres'])).stdout);
  const as = { uid, gid, env: { PATH: process.env.PATH, LANG: 'C.UTF-8' } };
  const dir = await mkdtemp(join(tmpdir(), 'dwpg-'));
  await chown(dir, uid, gid);
  const data = join(dir, 'data');
  await run(join(bin, 'initdb'), ['-D', data, '-U', 'dockward', '--auth=trust', '-E', 'UTF8', '--no-sync'], as);
  const server = spawn(
    join(bin, 'postgres'),
    ['-D', data, '-k', dir, '-c', 'listen_addresses=', '-c', 'fsync=off', '-c', 'max_connections=50'],
    { ...as, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  let exited = false;
  server.stderr.on('data', (chunk) => (log += chunk));
  server.on('exit', () => (exited = true));
  const deadline = Date.now() + 30_000;
  for (;;) {
    const ready = await run(join(bin, 'pg_isready'), ['-h', dir, '-U', 'dockward', '-d', 'postgres']).then(
      () => true,
      () => false,
    );
    if (ready) break;
    if (exited || Date.now() > deadline) {
      server.kill('SIGKILL');
      throw new Error(`the test PostgreSQL server did not start:\n${log.slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  let databases = 0;
  return {
    dir,
    /** A new, empty database on the server, as a postgresql:// URL over the unix socket. */
    async createDatabase() {
      const name = `history_${++databases}`;
      await run(join(bin, 'createdb'), ['-h', dir, '-U', 'dockward', name]);
      return `postgresql://dockward@/${name}?host=${encodeURIComponent(dir)}`;
    },
    async stop() {
      if (!exited) {
        // Fast shutdown: sessions are ended, nothing is kept.
        server.kill('SIGINT');
        await once(server, 'exit').catch(() => {});
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
