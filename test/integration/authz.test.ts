import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestImage, docker, startTestEngine } from '../../scripts/test-engine.mjs';
import { pluginRequest, startDockward, type DockwardProcess } from '../support/plugin-process.js';

// dockerd finds authorization plugins by name in /run/docker/plugins; the name is this run's own.
const PLUGIN = `dockward-test-${process.pid}`;
const SOCKET = `/run/docker/plugins/${PLUGIN}.sock`;
let engine: Awaited<ReturnType<typeof startTestEngine>>;
let plugin: DockwardProcess;
let image: string;
let dir: string;
let config: string;

function servePlugin(mode: 'enforce' | 'audit'): Promise<DockwardProcess> {
  const started = startDockward([
    'authz',
    'serve',
    '--socket',
    SOCKET,
    '--mode',
    mode,
    '--config',
    config,
    '--host',
    `unix://${join(dir, 'engine.sock')}`,
  ]);
  return started.waitFor(/listening on/).then(() => started);
}

async function denial(args: string[]): Promise<string> {
  try {
    await docker(engine.host, args);
  } catch (error) {
    return (error as { stderr?: string }).stderr ?? String(error);
  }
  throw new Error(`docker ${args.join(' ')} was allowed`);
}

const HARDENED = ['--cap-drop', 'ALL', '--security-opt', 'no-new-privileges', '--network', 'none'];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dw-authz-'));
  config = join(dir, 'policy.yaml');
  await writeFile(
    config,
    `waivers:
  - rule: host-pid
    target: authz-waived
    reason: the node agent reads host processes
    owner: sre@example.com
    expires: 2099-12-31
`,
  );
  plugin = await servePlugin('enforce');
  engine = await startTestEngine({ args: [`--authorization-plugin=${PLUGIN}`] });
  // The plugin reads named volumes from its own engine, which starts after it.
  await symlink(engine.socketPath, join(dir, 'engine.sock'));
  image = await buildTestImage(engine.host);
}, 120_000);

afterAll(async () => {
  await engine?.stop();
  await plugin?.stop();
  await rm(dir, { recursive: true, force: true });
}, 60_000);

describe('dockward authz serve in front of a real dockerd', () => {
  it('denies a privileged create, naming the rule and the fix', async () => {
    const stderr = await denial(['create', '--privileged', image]);
    expect(stderr).toContain(`authorization denied by plugin ${PLUGIN}`);
    expect(stderr).toContain('privileged (critical): runs privileged');
    expect(stderr).toContain('fix: --cap-drop=ALL');
    expect(plugin.stdout()).toMatch(/"decision":"deny","kind":"create".*"rules":\["privileged"/);
  });

  it("prints the README's sample denial for docker run --privileged", async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    const sample = /<!-- authz-sample: .* -->\n```console\n\$ (docker run .*) alpine\n(.*)\n```/.exec(readme);
    expect(sample).not.toBeNull();
    const [, command = '', printed = ''] = sample ?? [];
    const stderr = await denial([...command.split(' ').slice(1), image]);
    expect(stderr.split('\n')[0]?.replace(`plugin ${PLUGIN}:`, 'plugin dockward:')).toBe(printed);
  });

  it('allows a hardened create, and a waived one', async () => {
    await docker(engine.host, ['create', '--name', 'authz-hardened', ...HARDENED, image]);
    expect(await denial(['create', '--name', 'authz-other', '--pid', 'host', ...HARDENED, image])).toContain('host-pid (high)');
    await docker(engine.host, ['create', '--name', 'authz-waived', '--pid', 'host', ...HARDENED, image]);
  });

  it('denies exec --privileged and exec as root, and an update that lifts a limit', async () => {
    await docker(engine.host, ['run', '-d', '--name', 'authz-live', '--pids-limit', '50', ...HARDENED, image, '/busybox', 'sleep', '60']);
    try {
      expect(await denial(['exec', '--privileged', 'authz-live', '/busybox', 'true'])).toContain('exec-privileged (high)');
      expect(await denial(['exec', '-u', 'root', 'authz-live', '/busybox', 'true'])).toContain('exec-root (high)');
      await docker(engine.host, ['exec', '-u', '1000', 'authz-live', '/busybox', 'true']);
      expect(await denial(['update', '--pids-limit', '-1', 'authz-live'])).toContain('pids-limit (high)');
      await docker(engine.host, ['update', '--pids-limit', '100', 'authz-live']);
    } finally {
      await docker(engine.host, ['rm', '-f', 'authz-live']);
    }
  });

  it('fails closed on requests it cannot read or does not know, and never crashes', async () => {
    const create = (body?: string | Buffer) =>
      JSON.stringify({
        RequestMethod: 'POST',
        RequestUri: '/v1.41/containers/create',
        ...(body !== undefined && { RequestBody: Buffer.from(body).toString('base64') }),
      });
    for (const [payload, reason] of [
      [create(), 'has no body'],
      [create('{"Image": '), 'invalid JSON'],
      [create('["not", "a", "config"]'), 'must be an object'],
      [create(Buffer.alloc(1024 * 1024 + 10, 'a')), 'larger than the 1 MiB'],
      [create(Buffer.alloc(5 * 1024 * 1024, 'a')), 'larger than any the daemon sends'],
      ['{"RequestMethod": "POST", "RequestUri": ', 'not an authorization request'],
      [Buffer.alloc(5 * 1024 * 1024, '{'), 'larger than any the daemon sends'],
    ] as const) {
      const { json } = await pluginRequest(SOCKET, '/AuthZPlugin.AuthZReq', payload);
      expect(json['Allow'], reason).toBe(false);
      expect(String(json['Msg']), reason).toContain(reason);
    }
    const unknown = (
      await pluginRequest(
        SOCKET,
        '/AuthZPlugin.AuthZReq',
        JSON.stringify({ RequestMethod: 'POST', RequestUri: '/v1.41/some/new/endpoint', RequestBody: 'bm90IGpzb24=' }),
      )
    ).json;
    expect(unknown).toMatchObject({
      Allow: false,
      Msg: expect.stringContaining('POST /some/new/endpoint is not an endpoint the plugin knows'),
    });
    expect(
      (await pluginRequest(SOCKET, '/AuthZPlugin.AuthZReq', JSON.stringify({ RequestMethod: 'GET', RequestUri: '/v1.41/containers/json' })))
        .json,
    ).toEqual({ Allow: true });
    expect((await pluginRequest(SOCKET, '/Plugin.Activate', '')).json).toEqual({ Implements: ['authz'] });
    expect(plugin.child.exitCode).toBeNull();
  });

  it('in audit mode allows and logs what it would deny', async () => {
    await plugin.stop();
    plugin = await servePlugin('audit');
    await docker(engine.host, ['create', '--name', 'authz-audited', '--privileged', image]);
    await plugin.waitFor(/"decision":"would-deny","kind":"create".*"rules":\["privileged"/);
    await plugin.stop();
    plugin = await servePlugin('enforce');
  });
});
