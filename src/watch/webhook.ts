/**
 * Sends watch findings to a webhook, one POST of JSON each, in order, from a
 * bounded queue: when the receiver is down for long, the oldest findings are
 * dropped (and counted) rather than memory growing without end.
 */
import { errorMessage } from '../errors.js';
import { sleep } from './sleep.js';

export interface WebhookOptions {
  url: string;
  maxQueue?: number;
  /** Attempts per finding, the first included. */
  attempts?: number;
  retryDelayMs?: number;
  timeoutMs?: number;
  onSent?(): void;
  onDropped?(reason: 'queue-full' | 'failed' | 'shutdown'): void;
  log(message: string): void;
}

export class WebhookQueue {
  readonly #queue: string[] = [];
  readonly #options: Required<Omit<WebhookOptions, 'onSent' | 'onDropped'>> & Pick<WebhookOptions, 'onSent' | 'onDropped'>;
  #sending: Promise<void> | undefined;
  /** Aborted by close(): ends the request in flight and the wait before a retry. */
  readonly #closing = new AbortController();

  constructor(options: WebhookOptions) {
    this.#options = { maxQueue: 1000, attempts: 4, retryDelayMs: 500, timeoutMs: 5000, ...options };
  }

  push(payload: unknown): void {
    if (this.#queue.length >= this.#options.maxQueue) {
      this.#queue.shift();
      this.#options.onDropped?.('queue-full');
    }
    this.#queue.push(JSON.stringify(payload));
    this.#sending ??= this.#drain().finally(() => (this.#sending = undefined));
  }

  /** Waits for the queue to empty, at most `ms`. */
  async flush(ms: number): Promise<void> {
    if (!this.#sending) return;
    await Promise.race([this.#sending, new Promise((resolve) => setTimeout(resolve, ms).unref())]);
  }

  /** Gives the queue `ms` to drain, then drops what is left (counted and logged), the finding in flight included. */
  async close(ms: number): Promise<void> {
    await this.flush(ms);
    const waiting = this.#queue.splice(0).length;
    for (let dropped = 0; dropped < waiting; dropped++) this.#options.onDropped?.('shutdown');
    const left = waiting + (this.#sending ? 1 : 0);
    this.#closing.abort();
    await this.#sending;
    if (left > 0) this.#options.log(`webhook: ${left} finding${left > 1 ? 's' : ''} not delivered before shutdown`);
  }

  async #drain(): Promise<void> {
    for (let body = this.#queue.shift(); body !== undefined; body = this.#queue.shift()) {
      const outcome = await this.#deliver(body);
      if (outcome === 'sent') this.#options.onSent?.();
      else this.#options.onDropped?.(outcome);
    }
  }

  /** Retries network errors, 429 and 5xx with doubling delays; anything else is final. */
  async #deliver(body: string): Promise<'sent' | 'failed' | 'shutdown'> {
    const { url, attempts, retryDelayMs, timeoutMs } = this.#options;
    const closing = this.#closing.signal;
    const closed = () => closing.aborted; // read afresh: close() aborts it while this awaits
    for (let attempt = 1; attempt <= attempts; attempt++) {
      let retry: boolean;
      let why: string;
      const request = new AbortController();
      const abort = () => request.abort();
      const timer = setTimeout(abort, timeoutMs);
      closing.addEventListener('abort', abort, { once: true });
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body,
          signal: request.signal,
        });
        await response.arrayBuffer();
        if (response.ok) return 'sent';
        retry = response.status === 429 || response.status >= 500;
        why = `HTTP ${response.status}`;
      } catch (error) {
        retry = true;
        why = request.signal.aborted ? `no answer within ${timeoutMs} ms` : errorMessage(error);
      } finally {
        clearTimeout(timer);
        closing.removeEventListener('abort', abort);
      }
      if (closed()) return 'shutdown';
      if (!retry || attempt === attempts) {
        this.#options.log(`webhook: gave up on a finding after ${attempt} attempt${attempt > 1 ? 's' : ''} (${why})`);
        return 'failed';
      }
      await sleep(retryDelayMs * 2 ** (attempt - 1), closing);
      if (closed()) return 'shutdown';
    }
    return 'failed';
  }
}
