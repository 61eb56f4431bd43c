import { once } from 'node:events';
import { mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createServer as createSocketServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestImage, docker, freePort, startTestEngine } from '../../scripts/test-engine.mjs';
import { startDockward, type DockwardProcess } from '../support/plugin-process.js';

let engine: Awaited<ReturnType<typeof startTestEngine>>;
/** A second engine the same watch process follows: it must go on while the first restarts. */
let second: Awaited<ReturnType<typeof startTestEngine>>;
let image: string;
let watch: DockwardProcess;
let receiver: Server;
const received: { ruleId: string; target: string }[] = [];
let webhookCalls = 0;
let metricsPort: number;
let scratch: string;

interface Line {
  ruleId: string;
  target: string;
  engine: string;
  event: { action: string };
}

const lines = (): Line[] =>
  watch
    .stdout()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Line);
const count = (target: string, ruleId: string) => lines().filter((line) => line.target === target && line.ruleId === ruleId).length;

const metricsText = async () => (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}; watch stdout:\n${watch.stdout()}\nstderr:\n${watch.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  engine = await startTestEngine();
  image = await buildTestImage(engine.host);
  scratch = await mkdtemp(join(tmpdir(), 'dw-watch-'));
  // A webhook receiver on loopback that fails its first call, so the retry is exercised.
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      if (webhookCalls++ === 0) return response.writeHead(503).end();
      received.push(JSON.parse(body) as { ruleId: string; target: string });
      response.writeHead(204).end();
    });
  }).listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  metricsPort = await freePort();
  second = await startTestEngine();
  await buildTestImage(second.host);
  watch = startDockward([
    'watch',
    '--host',
    engine.host,
    '--host',
    second.host,
    '--format',
    'json',
    '--webhook',
    `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/findings`,
    '--metrics-port',
    String(metricsPort),
  ]);
  await watch.waitFor(new RegExp(`watching ${second.host}`));
  await watch.waitFor(new RegExp(`watching ${engine.host}`));
}, 120_000);

afterAll(async () => {
  await watch?.stop();
  receiver?.close();
  await engine?.stop();
  await second?.stop();
  await rm(scratch, { recursive: true, force: true });
}, 60_000);

describe('dockward watch', () => {
  it('reports a risky container created after it started, once per finding across create and start', async () => {
    await docker(engine.host, ['create', '--name', 'w-risky', '--privileged', image]);
    await until(() => count('w-risky', 'privileged') === 1, 'the privileged finding');
    await docker(engine.host, [
      'run',
      '-d',
      '--name',
      'w-live',
      '--network',
      'none',
      '--cap-add',
      'NET_ADMIN',
      image,
      '/busybox',
      'sleep',
      '120',
    ]);
    // The start audit finds nothing the create audit did not: it shows in the metrics only.
    await until(
      async () => /dockward_containers_audited_total\{engine="[^"]+",event="start"\} [1-9]/.test(await metricsText()),
      'an audit on start',
    );
    expect(count('w-live', 'dangerous-capability')).toBe(1);
  });

  it('follows a second engine in the same process, naming the engine of every finding', async () => {
    await docker(second.host, ['create', '--name', 'w-elsewhere', '--privileged', image]);
    await until(() => count('w-elsewhere', 'privileged') === 1, 'the finding on the second engine');
    expect(lines().find((line) => line.target === 'w-elsewhere')?.engine).toBe(second.host);
    expect(lines().find((line) => line.target === 'w-risky')?.engine).toBe(engine.host);
  });

  it('audits exec sessions as they are created', async () => {
    // The session is created (and audited) even where this machine then refuses to start a privileged process.
    await docker(engine.host, ['exec', '--privileged', 'w-live', '/busybox', 'true']).catch(() => undefined);
    await until(() => count('w-live', 'exec-privileged') === 1, 'the exec-privileged finding');
    expect(lines().find((line) => line.ruleId === 'exec-privileged')?.event.action).toBe('exec_create');
  });

  it('times events as finely as the engine does, not to the whole second', () => {
    const times = lines().map((line) => (line.event as unknown as { time: string }).time);
    expect(times.length).toBeGreaterThan(1);
    expect(
      times.some((time) => !time.endsWith('.000Z')),
      times.join(', '),
    ).toBe(true);
  });

  it('reconnects after the engine restarts and replays what it missed, without repeating a finding', async () => {
    // A running container would hold the restart up for its stop timeout.
    await docker(engine.host, ['rm', '-f', 'w-live']);
    await engine.restart();
    // The other engine's stream is its own: what happens there meanwhile is reported as ever.
    await docker(second.host, ['create', '--name', 'w-steady', '--network', 'host', image]);
    // Created before watch has reconnected (its backoff starts at 250 ms): only the replay can show it.
    await docker(engine.host, ['create', '--name', 'w-after', '--pid', 'host', image]);
    await until(() => count('w-after', 'host-pid') === 1, 'the finding of the container created across the restart');
    await docker(engine.host, ['create', '--name', 'w-later', '--ipc', 'host', image]);
    await until(() => count('w-later', 'host-ipc') === 1, 'a finding after the reconnect');
    await until(() => count('w-steady', 'host-network') === 1, 'the finding on the engine that did not restart');
    const keys = lines().map((line) => `${line.target} ${line.ruleId} ${JSON.stringify(line)}`);
    const findingKeys = lines().map((line) => `${line.target}|${(line as unknown as { fingerprint: string }).fingerprint}`);
    expect(new Set(findingKeys).size, keys.join('\n')).toBe(findingKeys.length);
    expect(count('w-risky', 'privileged')).toBe(1);
  });

  it('serves Prometheus metrics and delivers every finding to the webhook, retrying a failure', async () => {
    const metrics = await metricsText();
    const first = `engine="${engine.host}"`;
    expect(metrics).toContain(`dockward_findings_total{${first},rule="privileged",severity="critical"} 1`);
    expect(metrics).toContain(`dockward_findings_total{engine="${second.host}",rule="privileged",severity="critical"} 1`);
    expect(metrics).toMatch(new RegExp(`dockward_containers_audited_total\\{${first},event="create"\\} [1-9]`));
    // Only the engine that restarted reconnected.
    expect(metrics).toMatch(new RegExp(`dockward_reconnects_total\\{${first}\\} [1-9]`));
    expect(metrics).not.toContain(`dockward_reconnects_total{engine="${second.host}"}`);
    expect(metrics).toMatch(new RegExp(`dockward_event_lag_seconds_count\\{${first}\\} [1-9]`));
    await until(() => received.length === lines().length, 'every finding at the webhook');
    expect(received.map((finding) => `${finding.target}|${finding.ruleId}`).sort()).toEqual(
      lines()
        .map((line) => `${line.target}|${line.ruleId}`)
        .sort(),
    );
    expect(webhookCalls).toBe(received.length + 1);
  });

  it('stops cleanly on SIGTERM', async () => {
    expect(await watch.stop()).toBe(0);
  });
});

/** A finding line of another watch process's stdout. */
const findingsOf = (process: DockwardProcess) =>
  process
    .stdout()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Line & { fingerprint: string });

async function exitWithin(
  process: DockwardProcess,
  signal: NodeJS.Signals,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> {
  const started = Date.now();
  const exited = once(process.child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  process.child.kill(signal);
  const [code, by] = await exited;
  return { code, signal: by, ms: Date.now() - started };
}

/** An engine that accepts connections and never answers, on a socket of its own, for the duration of `use`. */
async function withMuteEngine(name: string, use: (host: string, sockets: readonly Socket[]) => Promise<void>): Promise<void> {
  const socketPath = join(scratch, name);
  const sockets: Socket[] = [];
  const mute = createSocketServer((socket) => sockets.push(socket)).listen(socketPath);
  await once(mute, 'listening');
  try {
    await use(`unix://${socketPath}`, sockets);
  } finally {
    for (const socket of sockets) socket.destroy();
    mute.close();
  }
}

describe('dockward watch across its own restarts and shutdowns', () => {
  it('resumes from its state file after kill -9: what was created meanwhile is audited, what is gone is named', async () => {
    const state = join(scratch, 'watch-state.json');
    const first = startDockward(['watch', '--host', engine.host, '--format', 'json', '--state', state]);
    await first.waitFor(/starting from now: .* does not exist yet/);
    await first.waitFor(/watching unix:/);
    const before = (await docker(engine.host, ['create', '--name', 'r-before', '--privileged', image])).trim();
    await first.waitFor(/"target":"r-before"/);
    // The state is written after the event's findings are printed: kill once it holds the event, not between the two.
    await until(async () => (await readFile(state, 'utf8').catch(() => '')).includes(before), 'the state file to record r-before');
    first.child.kill('SIGKILL');
    await once(first.child, 'exit');
    expect(await readFile(state, 'utf8')).not.toContain('privileged');

    for (const name of ['r-gap-1', 'r-gap-2', 'r-gap-3']) await docker(engine.host, ['create', '--name', name, '--privileged', image]);
    await docker(engine.host, ['create', '--name', 'r-gone', '--pid', 'host', image]);
    await docker(engine.host, ['rm', 'r-gone']);

    const second = startDockward(['watch', '--host', engine.host, '--format', 'json', '--state', state]);
    try {
      await second.waitFor(/resuming from .*watch-state\.json says the last watch stopped/);
      await second.waitFor(/r-gone \(dockward-test:busybox\) was gone before it could be read \(create at [^)]+\): not audited/);
      const reported = (name: string) => findingsOf(second).some((finding) => finding.target === name && finding.ruleId === 'privileged');
      for (const name of ['r-gap-1', 'r-gap-2', 'r-gap-3']) await until(() => reported(name), `the privileged finding of ${name}`);
      // The container the first watcher reported is not reported again, and none twice.
      const findings = findingsOf(second);
      expect(findings.filter((finding) => finding.target === 'r-before')).toEqual([]);
      const keys = findings.map((finding) => `${finding.target}|${finding.fingerprint}`);
      expect(new Set(keys).size).toBe(keys.length);
    } finally {
      await second.stop();
    }
  });

  it('watches one daemon reached by two names once, so that each of its events is reported once', async () => {
    const alias = join(scratch, 'same-engine.sock');
    await symlink(engine.host.replace(/^unix:\/\//, ''), alias);
    const both = startDockward(['watch', '--host', engine.host, '--host', `unix://${alias}`, '--format', 'json']);
    try {
      await both.waitFor(/is the engine \S+ reaches \(the same daemon and containers\): watched once/);
      expect(both.stderr()).toContain(`unix://${alias} is the engine ${engine.host} reaches`);
      await both.waitFor(/watching unix:/);
      await docker(engine.host, ['create', '--name', 'twice-named', '--privileged', image]);
      await until(() => findingsOf(both).some((finding) => finding.target === 'twice-named'), 'the finding of twice-named');
      // Long enough for a second stream's copy of the event to have arrived, had there been one.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(findingsOf(both).filter((finding) => finding.target === 'twice-named' && finding.ruleId === 'privileged')).toHaveLength(1);
    } finally {
      await both.stop();
    }
  });

  it('is exit 2 naming the port when the metrics port is taken, and for a state file it cannot write', async () => {
    const taken = createServer().listen(0, '127.0.0.1');
    await once(taken, 'listening');
    const { port } = taken.address() as AddressInfo;
    try {
      const busy = startDockward(['watch', '--host', engine.host, '--metrics-port', String(port)]);
      const [code] = (await once(busy.child, 'exit')) as [number | null];
      expect(code).toBe(2);
      expect(busy.stderr()).toContain(`--metrics-port ${port}: 127.0.0.1:${port} is already in use`);
    } finally {
      taken.close();
    }
    const unwritable = startDockward(['watch', '--host', engine.host, '--state', join(scratch, 'no-such-folder', 'state.json')]);
    const [code] = (await once(unwritable.child, 'exit')) as [number | null];
    expect(code).toBe(2);
    expect(unwritable.stderr()).toMatch(/--state .*no-such-folder\/state\.json: cannot write it \(ENOENT\)/);
  });

  /** A watch whose webhook never answers, once a finding is waiting on it; `close` ends the webhook. */
  async function watchWithSilentWebhook(container: string): Promise<{ watcher: DockwardProcess; close: () => void }> {
    const sockets: Socket[] = [];
    let requests = 0;
    const silent = createServer(() => requests++);
    silent.on('connection', (socket) => sockets.push(socket));
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/hook`;
    const close = () => {
      for (const socket of sockets) socket.destroy();
      silent.close();
    };
    const watcher = startDockward(['watch', '--host', engine.host, '--format', 'json', '--webhook', url]);
    try {
      await watcher.waitFor(/watching unix:/);
      await docker(engine.host, ['create', '--name', container, '--privileged', image]);
      await until(() => requests > 0, 'the webhook request');
    } catch (error) {
      close();
      throw error;
    }
    return { watcher, close };
  }

  it('stops within its five seconds of grace when the webhook never answers', async () => {
    const { watcher, close } = await watchWithSilentWebhook('h-hook');
    try {
      const { code, ms } = await exitWithin(watcher, 'SIGTERM');
      expect(code).toBe(0);
      expect(ms).toBeLessThan(5000 + 2500);
      expect(watcher.stderr()).toMatch(/webhook: \d+ findings? not delivered before shutdown/);
    } finally {
      close();
    }
  });

  it('does not wait for an engine that never answers before following the others', () =>
    withMuteEngine('mute-beside.sock', async (muteHost) => {
      const started = Date.now();
      const beside = startDockward(['watch', '--host', muteHost, '--host', engine.host, '--format', 'json']);
      // Its identity is given up on after 5 s, as it may be any engine; the 30 s request timeout is not waited for.
      await beside.waitFor(new RegExp(`watching ${engine.host}`), 12_000);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(beside.stderr()).not.toMatch(/watched once/);
      await beside.stop();
    }));

  it('stops at once on SIGTERM when the engine never answers: its requests end with it', () =>
    withMuteEngine('mute.sock', async (muteHost, sockets) => {
      const patient = startDockward(['watch', '--host', muteHost]);
      await until(() => sockets.length > 0, 'a connection to the mute engine');
      const stopped = await exitWithin(patient, 'SIGTERM');
      expect(stopped.code).toBe(0);
      expect(stopped.ms).toBeLessThan(2000);
    }));

  it('exits at once on a second signal while the webhook still has its grace', async () => {
    const { watcher, close } = await watchWithSilentWebhook('h-twice');
    try {
      watcher.child.kill('SIGTERM');
      // Apart, so that the kernel does not merge two pending signals into one.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const twice = await exitWithin(watcher, 'SIGTERM');
      // Exit 143, or ended by the signal itself when it came after dockward had let go of its handlers.
      expect(twice.code === 143 || twice.signal === 'SIGTERM', JSON.stringify(twice)).toBe(true);
      expect(twice.ms).toBeLessThan(2000);
    } finally {
      close();
    }
  });
});
