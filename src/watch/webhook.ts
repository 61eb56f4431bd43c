/**
 * Sends watch findings to a webhook, one POST of JSON each, in order, from a
 * bounded queue: when the receiver is down for long, the oldest findings are
 * dropped (and counted) rather than memory growing without end.
 */
import { errorMessage } from '../errors.js';

export interface WebhookOptions {
  url: string;
  maxQueue?: number;
  /** Attempts per finding, the first included. */
  attempts?: number;
  retryDelayMs?: number;
  timeoutMs?: number;
  onSent?(): void;
  onDropped?(reason: 'queue-full' | 'failed'): void;
  log(message: string): void;
}

export class WebhookQueue {
  readonly #queue: string[] = [];
  readonly #options: Required<Omit<WebhookOptions, 'onSent' | 'onDropped'>> & Pick<WebhookOptions, 'onSent' | 'onDropped'>;
  #sending: Promise<void> | undefined;

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

  async #drain(): Promise<void> {
    for (let body = this.#queue.shift(); body !== undefined; body = this.#queue.shift()) {
      if (await this.#deliver(body)) this.#options.onSent?.();
      else this.#options.onDropped?.('failed');
    }
  }

  /** Retries network errors, 429 and 5xx with doubling delays; anything else is final. */
  async #deliver(body: string): Promise<boolean> {
    const { url, attempts, retryDelayMs, timeoutMs } = this.#options;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      let retry: boolean;
      let why: string;
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        await response.arrayBuffer();
        if (response.ok) return true;
        retry = response.status === 429 || response.status >= 500;
        why = `HTTP ${response.status}`;
      } catch (error) {
        retry = true;
        why = errorMessage(error);
      }
      if (!retry || attempt === attempts) {
        this.#options.log(`webhook: gave up on a finding after ${attempt} attempt${attempt > 1 ? 's' : ''} (${why})`);
        return false;
      }
      await new Promise((resolve) => setTimeout(resolve, retryDelayMs * 2 ** (attempt - 1)));
    }
    return false;
  }
}
