import { mkdirSync, unlinkSync } from 'node:fs';
import { chmod, lstat } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { dirname } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { EvaluationStopped } from '../evaluation/evaluate.js';
import { errorMessage, UsageError } from '../errors.js';
import { judge, type AuthzSettings, type Verdict } from './authz-policy.js';
import { interpretRequest, MAX_BODY_BYTES, type AuthzRequest } from '../sources/authz-request/authz-request.js';

export interface AuthzServerOptions {
  socketPath: string;
  /** audit: log what would be denied, allow everything. */
  mode: 'enforce' | 'audit';
  /** How long one decision may take before the fail mode decides. */
  timeoutMs: number;
  /** What a decision that fails or runs out of time becomes. */
  failMode: 'closed' | 'open';
  settings: AuthzSettings;
  /** One JSON object per denial, audit denial or failure. */
  log(entry: Record<string, unknown>): void;
  /** Request bytes held at once (see requestBudget); the default follows the heap limit. */
  maxBytesHeld?: number;
}

/** A plugin request carries the API body base64-encoded inside JSON: a third more, and some room. */
const MAX_PLUGIN_REQUEST_BYTES = 2 * MAX_BODY_BYTES;
const CONTENT_TYPE = 'application/vnd.docker.plugins.v1.2+json';

/**
 * How many request bytes the plugin holds at once, read or being judged. A
 * decision on a body of 1 MiB holds about ten times that while it is read,
 * decoded and checked, so a sixteenth of the heap leaves room; past it a
 * request is denied at once, unread, rather than crash the plugin (after
 * which the daemon could not answer any API call). No more than 16 MiB even
 * with a large heap: a dozen 1 MiB decisions at once already take seconds
 * each on two cores. A small request counts as 16 KiB, which also bounds how
 * many decisions are in flight.
 */
function defaultBytesHeld(heapLimit = getHeapStatistics().heap_size_limit): number {
  return Math.max(2 * 1024 * 1024, Math.min(16 * 1024 * 1024, Math.floor(heapLimit / 16)));
}
const SMALLEST_CHARGE = 16 * 1024;

/** Bytes held by requests in flight, charged when a request arrives and released when it is answered. */
class ByteBudget {
  #held = 0;
  constructor(private readonly limit: number) {}

  /** Charges a request of this size; false when it does not fit. */
  take(bytes: number): boolean {
    if (this.#held + bytes > this.limit) return false;
    this.#held += bytes;
    return true;
  }

  release(bytes: number): void {
    this.#held -= bytes;
  }
}

/**
 * A request URI for the log: its query keys but not their values, which
 * can hold secrets (a build's `buildargs`, a registry's credentials); a
 * container's `name` is kept, it is what an operator looks for.
 */
export function withoutQueryValues(uri: string): string {
  const at = uri.indexOf('?');
  if (at === -1) return uri;
  const query = uri
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const [key = ''] = pair.split('=', 1);
      return key === 'name' ? pair : `${key}=…`;
    });
  return `${uri.slice(0, at)}?${query.join('&')}`;
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': CONTENT_TYPE, 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

/** Reads the request up to a limit; undefined when it is larger (the rest is drained, not kept). */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    request.on('end', () => resolve(size <= limit ? Buffer.concat(chunks) : undefined));
    request.on('error', reject);
  });
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

async function decide(body: Buffer | undefined, options: AuthzServerOptions): Promise<{ verdict: Verdict; request?: AuthzRequest }> {
  if (body === undefined)
    return {
      verdict: {
        deny: true,
        kind: 'undecidable',
        rules: [],
        message: 'dockward cannot audit this request: it is larger than any the daemon sends',
      },
    };
  let request: AuthzRequest;
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    request = parsed;
  } catch {
    return {
      verdict: {
        deny: true,
        kind: 'undecidable',
        rules: [],
        message: 'dockward cannot audit this request: it is not an authorization request',
      },
    };
  }
  const failed = (why: string): Verdict =>
    options.failMode === 'closed'
      ? { deny: true, kind: 'undecidable', rules: [], message: `dockward could not decide (${why}), and fails closed` }
      : { deny: false, kind: 'undecidable', rules: [], message: why };
  const outOfTime = `the policy took longer than ${options.timeoutMs} ms`;
  // The timer answers while judge awaits; the deadline stops the rules, which run without awaiting.
  const deadline = performance.now() + options.timeoutMs;
  try {
    const verdict = await withTimeout(
      judge(
        interpretRequest(request),
        options.settings,
        () => performance.now() > deadline,
        typeof request.User === 'string' ? request.User : '',
      ),
      options.timeoutMs,
    );
    return { request, verdict: verdict === 'timeout' ? failed(outOfTime) : verdict };
  } catch (error) {
    return { request, verdict: failed(error instanceof EvaluationStopped ? outOfTime : `the policy failed: ${errorMessage(error)}`) };
  }
}

async function handle(request: IncomingMessage, response: ServerResponse, options: AuthzServerOptions, budget: ByteBudget): Promise<void> {
  if (request.url !== '/AuthZPlugin.AuthZReq') {
    // Neither needs its body: a response the plugin allows whatever it holds, and the handshake.
    request.resume();
    if (request.url === '/Plugin.Activate') send(response, 200, { Implements: ['authz'] });
    else if (request.url === '/AuthZPlugin.AuthZRes') send(response, 200, { Allow: true });
    else send(response, 404, { Err: `unknown endpoint ${request.url ?? ''}` });
    return;
  }
  const declared = Number(request.headers['content-length']);
  // Without a length, the request is charged as the largest the daemon sends.
  const charge = Math.max(
    SMALLEST_CHARGE,
    Number.isFinite(declared) ? Math.min(declared, MAX_PLUGIN_REQUEST_BYTES) : MAX_PLUGIN_REQUEST_BYTES,
  );
  if (!budget.take(charge)) {
    request.resume();
    const message = 'dockward is judging as many requests as its memory allows; this one is denied unread (try again)';
    const enforce = options.mode === 'enforce';
    options.log({ time: new Date().toISOString(), decision: enforce ? 'deny' : 'would-deny', kind: 'capacity', message });
    send(response, 200, enforce ? { Allow: false, Msg: message } : { Allow: true });
    return;
  }
  try {
    const { verdict, request: authz } = await decide(await readBody(request, MAX_PLUGIN_REQUEST_BYTES), options);
    const enforce = options.mode === 'enforce';
    if (verdict.deny || verdict.message !== undefined) {
      options.log({
        time: new Date().toISOString(),
        decision: verdict.deny ? (enforce ? 'deny' : 'would-deny') : 'allow',
        kind: verdict.kind,
        method: authz?.RequestMethod,
        uri: typeof authz?.RequestUri === 'string' ? withoutQueryValues(authz.RequestUri) : undefined,
        user: authz?.User || undefined,
        rules: verdict.rules,
        message: verdict.message,
      });
    }
    const allow = !verdict.deny || !enforce;
    send(response, 200, allow ? { Allow: true } : { Allow: false, Msg: verdict.message });
  } finally {
    budget.release(charge);
  }
}

/** A socket file left by a plugin that is gone may be replaced; one that answers belongs to a running plugin. */
async function claimSocket(socketPath: string): Promise<void> {
  const existing = await lstat(socketPath).catch(() => undefined);
  if (!existing) return;
  if (!existing.isSocket()) throw new UsageError(`${socketPath} exists and is not a socket`);
  const inUse = await new Promise<boolean>((resolve) => {
    const probe = createConnection(socketPath, () => {
      probe.end();
      resolve(true);
    });
    probe.on('error', () => resolve(false));
  });
  if (inUse) throw new UsageError(`another process serves ${socketPath}`);
  unlinkSync(socketPath);
}

/** Serves the Docker authorization plugin protocol on a unix socket. Every failure becomes an answer, never a crash. */
export async function startAuthzServer(options: AuthzServerOptions): Promise<{ server: Server; close(): Promise<void> }> {
  mkdirSync(dirname(options.socketPath), { recursive: true });
  await claimSocket(options.socketPath);
  const budget = new ByteBudget(options.maxBytesHeld ?? defaultBytesHeld());
  const server = createServer((request, response) => {
    handle(request, response, options, budget).catch((error: unknown) => {
      options.log({ time: new Date().toISOString(), decision: 'error', message: errorMessage(error) });
      if (!response.headersSent) send(response, 500, { Err: 'dockward failed to handle the request' });
    });
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.socketPath, () => resolve());
  });
  // Only root (the daemon) may ask.
  await chmod(options.socketPath, 0o600);
  return {
    server,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
