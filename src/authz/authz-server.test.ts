import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { startAuthzServer, withoutQueryValues, type AuthzServerOptions } from './authz-server.js';
import { testFingerprint } from '../../test/support/fingerprint.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dw-authz-server-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * Asks a plugin on `socketPath` to authorize one Engine API request, as
 * dockerd does. With client and server in one process, the completion of a
 * large write can be reported after the server has answered and closed the
 * connection (EPIPE): an error after the answer is not the server's.
 */
function authorize(socketPath: string, apiRequest: object): Promise<{ Allow: boolean; Msg?: string }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request({ socketPath, path: '/AuthZPlugin.AuthZReq', method: 'POST', agent: false }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => {
        answered = true;
        resolve(JSON.parse(text) as { Allow: boolean; Msg?: string });
      });
    });
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    req.end(JSON.stringify(apiRequest));
  });
}

/**
 * A create whose command passes 40,000 `--token` values: checking them for
 * secrets and running the rules over them takes about a second on these
 * machines, mostly without yielding, so only a budget checked inside that
 * work can cut it short.
 */
const SLOW_CREATE = {
  RequestMethod: 'POST',
  RequestUri: '/v1.41/containers/create?name=slow',
  RequestBody: Buffer.from(
    JSON.stringify({ Image: 'app', Cmd: Array.from({ length: 80_000 }, (_, i) => (i % 2 === 0 ? '--token' : `value-${i}`)) }),
  ).toString('base64'),
};

async function withServer<T>(
  name: string,
  options: Partial<AuthzServerOptions>,
  use: (socketPath: string, log: Record<string, unknown>[]) => Promise<T>,
): Promise<T> {
  const log: Record<string, unknown>[] = [];
  const socketPath = join(dir, `${name}.sock`);
  const server = await startAuthzServer({
    socketPath,
    mode: 'enforce',
    timeoutMs: 500,
    failMode: 'closed',
    settings: {
      policy: () => ({ profile: 'recommended', today: '2026-11-30' }),
      failOn: 'high',
      secretFingerprint: testFingerprint,
      rules: RULES,
    },
    log: (entry) => log.push(entry),
    ...options,
  });
  try {
    return await use(socketPath, log);
  } finally {
    await server.close();
  }
}

describe('the log', () => {
  it("keeps a request's query keys but not their values, which can hold secrets", async () => {
    const uri = '/v1.41/build?networkmode=host&buildargs=%7B%22NPM_TOKEN%22%3A%22npm_S3cr3tT0kenValue%22%7D&t=app';
    await withServer('log', {}, async (socketPath, log) => {
      expect((await authorize(socketPath, { RequestMethod: 'POST', RequestUri: uri })).Allow).toBe(false);
      expect(log).toEqual([
        expect.objectContaining({ decision: 'deny', kind: 'build', uri: '/v1.41/build?networkmode=…&buildargs=…&t=…' }),
      ]);
      expect(JSON.stringify(log)).not.toContain('S3cr3t');
    });
    expect(withoutQueryValues('/v1.41/containers/create?name=web')).toBe('/v1.41/containers/create?name=web');
  });
});

describe('the time budget of a decision', () => {
  it('stops rules that run past it and answers with the fail mode: closed denies, open allows', async () => {
    await withServer('closed', { timeoutMs: 5, failMode: 'closed' }, async (socketPath, log) => {
      const answer = await authorize(socketPath, SLOW_CREATE);
      expect(answer.Allow).toBe(false);
      expect(answer.Msg).toBe('dockward could not decide (the policy took longer than 5 ms), and fails closed');
      expect(log).toEqual([expect.objectContaining({ decision: 'deny', kind: 'undecidable' })]);
    });
    await withServer('open', { timeoutMs: 5, failMode: 'open' }, async (socketPath, log) => {
      expect(await authorize(socketPath, SLOW_CREATE)).toEqual({ Allow: true });
      expect(log).toEqual([
        expect.objectContaining({ decision: 'allow', kind: 'undecidable', message: 'the policy took longer than 5 ms' }),
      ]);
    });
  });

  it('lets the same request finish within a budget that allows it, and then judges it on its findings', async () => {
    await withServer('ample', { timeoutMs: 60_000 }, async (socketPath, log) => {
      const answer = await authorize(socketPath, SLOW_CREATE);
      expect(answer.Allow).toBe(false);
      expect(answer.Msg).toMatch(/^dockward denied this request: /);
      expect(answer.Msg).not.toContain('value-1');
      expect(log).toEqual([expect.objectContaining({ decision: 'deny', kind: 'create' })]);
    });
  });
});
