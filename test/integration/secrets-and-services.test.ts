import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestImage, docker, startTestEngine } from '../../scripts/test-engine.mjs';
import { runCli, type JsonReport } from '../support/cli.js';

/** Swarm mode changes an engine, so these tests have an engine of their own. */
let engine: Awaited<ReturnType<typeof startTestEngine>>;
let image: string;
const secretValues = ['sw4rm-api-t0ken-value-123', 'l4bel-db-passw0rd-xyz', 'c0mmand-cl1ent-secret'];

const scan = async (args: string[] = []) => {
  const result = await runCli(['scan', '--format', 'json', '--fail-on', 'none', '--profile', 'all', ...args], {
    env: { DOCKER_HOST: engine.host },
  });
  expect(result.code, result.stderr).toBe(0);
  for (const value of secretValues) expect(result.stdout + result.stderr).not.toContain(value);
  return JSON.parse(result.stdout) as JsonReport;
};

beforeAll(async () => {
  engine = await startTestEngine();
  image = await buildTestImage(engine.host);
  await docker(engine.host, ['swarm', 'init', '--advertise-addr', '127.0.0.1', '--listen-addr', '127.0.0.1:0']);
  const secretFile = join(engine.dir, 'db_password.txt');
  await writeFile(secretFile, 'a secret that is not a real one\n');
  await docker(engine.host, ['secret', 'create', 'db_password', secretFile]);
  // Zero replicas: the scan reads service specs, so no task needs to run (and no port is bound).
  await docker(engine.host, [
    'service',
    'create',
    '--detach',
    '--replicas',
    '0',
    '--name',
    'svc-good',
    '--secret',
    'db_password',
    '-e',
    'DB_PASSWORD_FILE=/run/secrets/db_password',
    '--cap-drop',
    'ALL',
    '--read-only',
    '--user',
    '10001',
    '--limit-memory',
    '64m',
    '--limit-cpu',
    '0.5',
    '--limit-pids',
    '50',
    '--restart-condition',
    'on-failure',
    '--restart-max-attempts',
    '3',
    '--health-cmd',
    '/busybox true',
    image,
  ]);
  // Host-mode publishing: a routing-mesh port makes this engine (no bridge, no iptables) take 50 s to stop.
  await docker(engine.host, [
    'service',
    'create',
    '--detach',
    '--replicas',
    '0',
    '--name',
    'svc-bad',
    '-e',
    `API_TOKEN=${secretValues[0]}`,
    '--cap-add',
    'SYS_ADMIN',
    '--publish',
    'mode=host,published=8088,target=80',
    image,
  ]);
  await docker(engine.host, [
    'create',
    '--name',
    'leaky',
    '--network',
    'none',
    '-l',
    `com.example.db.password=${secretValues[1]}`,
    image,
    '/busybox',
    'echo',
    `--client-secret=${secretValues[2]}`,
  ]);
});

afterAll(async () => {
  await docker(engine.host, ['swarm', 'leave', '--force']).catch(() => undefined);
  await engine.stop();
});

describe('Swarm services on a manager', () => {
  it('audits service specs with the same rules, and a service using secrets properly passes', async () => {
    const report = await scan(['--name', 'svc-*']);
    const services = report.targets
      .filter((target) => target.kind === 'service')
      .map((target) => target.name)
      .sort();
    expect(services).toEqual(['svc-bad', 'svc-good']);
    // It uses a secret file properly: no secret finding. What remains is true of it: API 1.41 cannot set
    // no-new-privileges on a service, and with no registry here Swarm cannot pin the image to a digest.
    expect(
      report.findings
        .filter((f) => f.target === 'svc-good')
        .map((f) => f.ruleId)
        .sort(),
    ).toEqual(['image-not-pinned', 'no-new-privileges']);
    const bad = report.findings
      .filter((f) => f.target === 'svc-bad')
      .map((f) => f.ruleId)
      .sort();
    expect(bad).toEqual(expect.arrayContaining(['dangerous-capability', 'env-secret', 'port-all-interfaces']));
    expect(report.findings.find((f) => f.ruleId === 'env-secret')?.location?.field).toBe('Spec.TaskTemplate.ContainerSpec.Env[0]');
    expect(report.targets.filter((target) => target.kind === 'container')).toEqual([]);
  });
});

describe('secrets in labels and command arguments', () => {
  it('names the label and the argument, with kind, confidence and a fingerprint, never the value', async () => {
    const report = await scan(['--name', 'leaky']);
    const label = report.findings.find((f) => f.ruleId === 'label-secret') as (typeof report.findings)[number] & {
      evidence?: Record<string, string>;
    };
    const argument = report.findings.find((f) => f.ruleId === 'command-secret') as (typeof report.findings)[number] & {
      evidence?: Record<string, string>;
    };
    expect(label?.message).toBe('label com.example.db.password holds a password');
    expect(argument?.message).toContain('--client-secret');
    expect(label?.evidence).toMatchObject({ kind: 'password', confidence: 'medium' });
    expect(label?.evidence?.['fingerprint']).toMatch(/^[0-9a-f]{12}$/);
  });

  it('keeps fingerprints stable across runs when DOCKWARD_FINGERPRINT_KEY is set, and only then', async () => {
    const fingerprints = async (env: Record<string, string>) => {
      const result = await runCli(['scan', '--format', 'json', '--fail-on', 'none', '--name', 'leaky'], {
        env: { DOCKER_HOST: engine.host, ...env },
      });
      return (JSON.parse(result.stdout) as { findings: { evidence?: { fingerprint?: string } }[] }).findings
        .map((f) => f.evidence?.fingerprint)
        .filter(Boolean);
    };
    expect(await fingerprints({ DOCKWARD_FINGERPRINT_KEY: 'k' })).toEqual(await fingerprints({ DOCKWARD_FINGERPRINT_KEY: 'k' }));
    expect(await fingerprints({})).not.toEqual(await fingerprints({}));
  });
});
