import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { addAbortSignal } from 'node:stream';
import type { Endpoint } from './endpoint.js';

/** An answer of the engine outside 2xx, with the engine's own message (its JSON `message`). */
export class EngineHttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** The longest error body kept for a message: an engine's are one line of JSON. */
const ERROR_BODY_LIMIT = 4096;

/**
 * GET requests to the Engine API over one keep-alive agent: a unix socket,
 * TCP with or without TLS, or a transport's own agent (ssh://). dockward only
 * reads, and a scan makes one request per container: this is all of HTTP it
 * needs, without a client library's work per request (dockerode formatted
 * every request's options for a debug log that was off: 0.06 ms a request,
 * an eighth of a 3,000-container scan).
 */
export class EngineHttp {
  readonly #agent: HttpAgent;
  readonly #base: RequestOptions;
  readonly #request: typeof httpRequest;

  constructor(endpoint: Endpoint, transport?: HttpAgent) {
    const secure = transport === undefined && endpoint.protocol === 'https';
    const { tls } = endpoint;
    this.#request = secure ? httpsRequest : httpRequest;
    this.#agent =
      transport ??
      (secure
        ? new HttpsAgent({
            keepAlive: true,
            ...(tls?.ca && { ca: tls.ca }),
            ...(tls?.cert && { cert: tls.cert }),
            ...(tls?.key && { key: tls.key }),
          })
        : new HttpAgent({ keepAlive: true }));
    this.#base =
      transport === undefined && endpoint.socketPath !== undefined
        ? { socketPath: endpoint.socketPath }
        : {
            host: endpoint.host ?? 'localhost',
            ...(transport === undefined && endpoint.port !== undefined && { port: endpoint.port }),
          };
  }

  /**
   * The answer's body, parsed as JSON; when it is not JSON, its text (something
   * else listening there, which the caller tells apart from an engine).
   */
  async json(path: string, timeoutMs: number): Promise<unknown> {
    const text = (await this.bytes(path, Infinity, timeoutMs)).toString('utf8');
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }

  /** The answer's body up to `limit` bytes (past that, the connection is closed and what came is returned). */
  async bytes(path: string, limit: number, timeoutMs: number): Promise<Buffer> {
    return this.#body(await this.#get(path, timeoutMs, undefined), limit);
  }

  /** The answer as a stream, for one that never ends (events); `signal` ends it. */
  stream(path: string, signal?: AbortSignal): Promise<IncomingMessage> {
    return this.#get(path, undefined, signal);
  }

  /** Ends the connections kept open between requests. */
  close(): void {
    this.#agent.destroy();
  }

  #get(path: string, timeoutMs: number | undefined, signal: AbortSignal | undefined): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const options: RequestOptions = { ...this.#base, path, agent: this.#agent };
      if (signal) options.signal = signal;
      const request = this.#request(options, (response) => {
        const status = response.statusCode ?? 0;
        if (status >= 200 && status < 300) {
          resolve(signal ? addAbortSignal(signal, response) : response);
          return;
        }
        this.#body(response, ERROR_BODY_LIMIT).then((body) => reject(new EngineHttpError(status, engineMessage(body, status))), reject);
      });
      if (timeoutMs !== undefined)
        request.setTimeout(timeoutMs, () => request.destroy(new Error(`no answer within ${timeoutMs} ms (timeout)`)));
      request.on('error', reject);
      request.end();
    });
  }

  /** The body, up to a limit; with events rather than an async iterator, which cost a promise per chunk on every inspect. */
  #body(response: IncomingMessage, limit: number): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size > limit) {
          response.destroy();
          resolve(Buffer.concat(chunks));
        }
      });
      response.on('end', () => resolve(Buffer.concat(chunks)));
      response.on('error', reject);
    });
  }
}

/** The engine's `{"message": …}`, else the start of the body, else the status. */
function engineMessage(body: Buffer, status: number): string {
  const text = body.toString('utf8').trim();
  try {
    const { message } = JSON.parse(text) as { message?: unknown };
    if (typeof message === 'string' && message !== '') return message;
  } catch {
    // Not JSON: a proxy's page, say.
  }
  return text === '' ? `status ${status}` : (text.split('\n')[0] ?? '').slice(0, 200);
}
