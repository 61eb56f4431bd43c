import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebhookQueue } from './webhook.js';

let server: Server | undefined;
afterEach(() => server?.close());

/** A receiver on loopback that answers each POST with the next status of the list (then 204). */
async function receiver(statuses: number[]): Promise<{ url: string; bodies: unknown[] }> {
  const bodies: unknown[] = [];
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const status = statuses.shift() ?? 204;
      if (status < 300) bodies.push(JSON.parse(body));
      response.writeHead(status).end();
    });
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, bodies };
}

describe('WebhookQueue', () => {
  it('delivers in order, retrying 5xx and 429', async () => {
    const { url, bodies } = await receiver([500, 429]);
    const outcomes: string[] = [];
    const queue = new WebhookQueue({
      url,
      retryDelayMs: 5,
      log: () => undefined,
      onSent: () => outcomes.push('sent'),
      onDropped: (why) => outcomes.push(why),
    });
    for (const n of [1, 2, 3]) queue.push({ n });
    await queue.flush(5000);
    expect(bodies).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(outcomes).toEqual(['sent', 'sent', 'sent']);
  });

  it('gives up at once on a 4xx, and after its attempts on a receiver that keeps failing', async () => {
    const { url, bodies } = await receiver([400, 503, 503, 503]);
    const dropped: string[] = [];
    const logged: string[] = [];
    const queue = new WebhookQueue({
      url,
      attempts: 3,
      retryDelayMs: 5,
      log: (message) => logged.push(message),
      onDropped: (why) => dropped.push(why),
    });
    queue.push({ n: 1 });
    queue.push({ n: 2 });
    queue.push({ n: 3 });
    await queue.flush(5000);
    expect(dropped).toEqual(['failed', 'failed']);
    expect(bodies).toEqual([{ n: 3 }]);
    expect(logged).toEqual([
      'webhook: gave up on a finding after 1 attempt (HTTP 400)',
      'webhook: gave up on a finding after 3 attempts (HTTP 503)',
    ]);
  });

  it('keeps at most maxQueue findings waiting, dropping the oldest', async () => {
    const { url, bodies } = await receiver([]);
    const dropped: string[] = [];
    const queue = new WebhookQueue({ url, maxQueue: 2, log: () => undefined, onDropped: (why) => dropped.push(why) });
    // The first is taken for sending at once; of the four that wait, only the last two fit.
    for (const n of [1, 2, 3, 4, 5]) queue.push({ n });
    await queue.flush(5000);
    expect(bodies).toEqual([{ n: 1 }, { n: 4 }, { n: 5 }]);
    expect(dropped).toEqual(['queue-full', 'queue-full']);
  });

  it('on close, gives the queue its grace, then drops the rest and ends the request in flight', async () => {
    let requests = 0;
    server = createServer(() => requests++).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const dropped: string[] = [];
    const logged: string[] = [];
    const queue = new WebhookQueue({ url, log: (message) => logged.push(message), onDropped: (why) => dropped.push(why) });
    for (const n of [1, 2, 3]) queue.push({ n });
    while (requests === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const started = Date.now();
    await queue.close(200);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(dropped).toEqual(['shutdown', 'shutdown', 'shutdown']);
    expect(logged).toEqual(['webhook: 3 findings not delivered before shutdown']);
    server.closeAllConnections();
  });
});
