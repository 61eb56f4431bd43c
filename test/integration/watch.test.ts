import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestImage, docker, startTestEngine } from '../../scripts/test-engine.mjs';
import { startDockward, type DockwardProcess } from '../support/plugin-process.js';

let engine: Awaited<ReturnType<typeof startTestEngine>>;
let image: string;
let watch: DockwardProcess;
let receiver: Server;
const received: { ruleId: string; target: string }[] = [];
let webhookCalls = 0;
let metricsPort: number;

interface Line {
  ruleId: string;
  target: string;
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

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  return port;
}

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
  watch = startDockward([
    'watch',
    '--host',
    engine.host,
    '--format',
    'json',
    '--webhook',
    `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/findings`,
    '--metrics-port',
    String(metricsPort),
  ]);
  await watch.waitFor(/watching unix:/);
}, 120_000);

afterAll(async () => {
  await watch?.stop();
  receiver?.close();
  await engine?.stop();
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
    await until(async () => /dockward_containers_audited_total\{event="start"\} [1-9]/.test(await metricsText()), 'an audit on start');
    expect(count('w-live', 'dangerous-capability')).toBe(1);
  });

  it('audits exec sessions as they are created', async () => {
    // The session is created (and audited) even where this machine then refuses to start a privileged process.
    await docker(engine.host, ['exec', '--privileged', 'w-live', '/busybox', 'true']).catch(() => undefined);
    await until(() => count('w-live', 'exec-privileged') === 1, 'the exec-privileged finding');
    expect(lines().find((line) => line.ruleId === 'exec-privileged')?.event.action).toBe('exec_create');
  });

  it('reconnects after the engine restarts and replays what it missed, without repeating a finding', async () => {
    // A running container would hold the restart up for its stop timeout.
    await docker(engine.host, ['rm', '-f', 'w-live']);
    await engine.restart();
    // Created before watch has reconnected (its backoff starts at 250 ms): only the replay can show it.
    await docker(engine.host, ['create', '--name', 'w-after', '--pid', 'host', image]);
    await until(() => count('w-after', 'host-pid') === 1, 'the finding of the container created across the restart');
    await docker(engine.host, ['create', '--name', 'w-later', '--ipc', 'host', image]);
    await until(() => count('w-later', 'host-ipc') === 1, 'a finding after the reconnect');
    const keys = lines().map((line) => `${line.target} ${line.ruleId} ${JSON.stringify(line)}`);
    const findingKeys = lines().map((line) => `${line.target}|${(line as unknown as { fingerprint: string }).fingerprint}`);
    expect(new Set(findingKeys).size, keys.join('\n')).toBe(findingKeys.length);
    expect(count('w-risky', 'privileged')).toBe(1);
  });

  it('serves Prometheus metrics and delivers every finding to the webhook, retrying a failure', async () => {
    const metrics = await metricsText();
    expect(metrics).toMatch(/dockward_findings_total\{rule="privileged",severity="critical"\} 1/);
    expect(metrics).toMatch(/dockward_containers_audited_total\{event="create"\} [1-9]/);
    expect(metrics).toMatch(/dockward_reconnects_total [1-9]/);
    expect(metrics).toMatch(/dockward_event_lag_seconds_count [1-9]/);
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
