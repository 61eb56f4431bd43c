import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHttp, EngineHttpError } from './engine-http.js';

/** A stand-in engine on a unix socket: each path answers as the test needs. */
const routes: Record<string, (request: IncomingMessage, response: ServerResponse) => void> = {
  '/info': (_, response) => response.end(JSON.stringify({ ServerVersion: '27.3.1' })),
  '/containers/gone/json': (_, response) => {
    response.statusCode = 404;
    response.end(JSON.stringify({ message: 'No such container: gone' }));
  },
  '/proxy': (_, response) => {
    response.statusCode = 502;
    response.end('<html><body>Bad Gateway</body></html>\n<p>more</p>');
  },
  '/not-json': (_, response) => response.end('hello'),
  '/mute': () => undefined,
};

const scratch = mkdtempSync(join(tmpdir(), 'dockward-http-'));
const socketPath = join(scratch, 'engine.sock');
let connections = 0;
const server = createServer((request, response) => routes[request.url ?? '']?.(request, response));
server.on('connection', () => connections++);

beforeAll(async () => {
  server.listen(socketPath);
  await once(server, 'listening');
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
  rmSync(scratch, { recursive: true, force: true });
});

const endpoint = { url: `unix://${socketPath}`, origin: '--host', socketPath };

describe('EngineHttp', () => {
  it('parses JSON answers and keeps one connection alive for requests in sequence', async () => {
    const http = new EngineHttp(endpoint);
    const before = connections;
    for (let i = 0; i < 5; i++) expect(await http.json('/info', 1000)).toEqual({ ServerVersion: '27.3.1' });
    expect(connections - before).toBe(1);
    http.close();
  });

  it("gives an answer outside 2xx as its status and the engine's message, or the first line of a page that is not JSON", async () => {
    const http = new EngineHttp(endpoint);
    await expect(http.json('/containers/gone/json', 1000)).rejects.toEqual(new EngineHttpError(404, 'No such container: gone'));
    const proxied = await http.json('/proxy', 1000).catch((error: unknown) => error);
    expect(proxied).toBeInstanceOf(EngineHttpError);
    expect(proxied).toMatchObject({ statusCode: 502, message: '<html><body>Bad Gateway</body></html>' });
    http.close();
  });

  it('returns the text of a 200 that is not JSON, for the caller to refuse', async () => {
    const http = new EngineHttp(endpoint);
    expect(await http.json('/not-json', 1000)).toBe('hello');
    http.close();
  });

  it('gives up on a request with no answer within its time', async () => {
    const http = new EngineHttp(endpoint);
    const started = Date.now();
    await expect(http.json('/mute', 200)).rejects.toThrow(/no answer within 200 ms \(timeout\)/);
    expect(Date.now() - started).toBeLessThan(2000);
    http.close();
  });

  it('ends a stream when its signal aborts', async () => {
    const http = new EngineHttp(endpoint);
    routes['/events'] = (_, response) => response.write('{"status":"create"}\n');
    const controller = new AbortController();
    const stream = await http.stream('/events', controller.signal);
    const [first] = (await once(stream, 'data')) as [Buffer];
    expect(first.toString()).toBe('{"status":"create"}\n');
    const ended = once(stream, 'error') as Promise<[Error]>;
    controller.abort();
    const [error] = await ended;
    expect(error.name).toBe('AbortError');
    http.close();
  });
});
