/** One message of the Engine API event stream, as far as watch reads it. */
export interface EngineEvent {
  Type?: string;
  /** `create`, `start`, `destroy`, or `exec_create: <command>` for exec sessions. */
  Action?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
  time?: number;
  timeNano?: number;
}

/**
 * Splits a stream of newline-separated JSON into messages. A message may
 * arrive in several chunks; a line that is not JSON is skipped rather than
 * ending the stream.
 */
export async function* eventLines(stream: AsyncIterable<Buffer | string>): AsyncGenerator<EngineEvent> {
  let pending = '';
  for await (const chunk of stream) {
    pending += chunk.toString();
    let newline: number;
    while ((newline = pending.indexOf('\n')) !== -1) {
      const line = pending.slice(0, newline).trim();
      pending = pending.slice(newline + 1);
      if (line === '') continue;
      try {
        yield JSON.parse(line) as EngineEvent;
      } catch {
        // Not a message: skipped.
      }
    }
  }
}

/**
 * Where a replay starts: the second of the event, which `since` includes, so
 * the replay begins at or before it and the watcher drops what it has seen.
 * (timeNano does not survive JSON.parse exactly: it is beyond 2^53.)
 */
export function sinceOf(event: EngineEvent): number | undefined {
  return typeof event.time === 'number' ? event.time : undefined;
}

/** Identifies an event across a replay. */
export function eventKey(event: EngineEvent): string {
  return `${event.timeNano ?? event.time ?? ''}|${event.Actor?.ID ?? ''}|${event.Action ?? ''}`;
}

/**
 * The event's action without what follows the colon: `exec_create: mysql -p…`
 * carries the whole command line, and arguments are where passwords go.
 */
export function actionName(event: EngineEvent): string {
  return (event.Action ?? '').split(':', 1)[0]?.trim() ?? '';
}
