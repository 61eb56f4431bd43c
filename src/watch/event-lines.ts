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
 * Whole seconds because every engine version takes them.
 */
export function sinceOf(event: EngineEvent): number | undefined {
  return typeof event.time === 'number' ? event.time : undefined;
}

/**
 * When the event happened, in seconds, as finely as the engine tells:
 * timeNano loses its last digits to JSON.parse (it is beyond 2^53), which
 * still leaves it exact to the microsecond.
 */
export function eventTime(event: EngineEvent): number | undefined {
  if (typeof event.timeNano === 'number') return event.timeNano / 1e9;
  return event.time;
}

/**
 * Identifies an event across a replay, and across a restart through the
 * state file: by its action's name, because what follows the name in
 * `exec_create: <command>` can hold a password.
 */
export function eventKey(event: EngineEvent): string {
  return `${event.timeNano ?? event.time ?? ''}|${event.Actor?.ID ?? ''}|${actionName(event)}`;
}

/**
 * The event's action without what follows the colon: `exec_create: mysql -p…`
 * carries the whole command line, and arguments are where passwords go.
 */
export function actionName(event: EngineEvent): string {
  return (event.Action ?? '').split(':', 1)[0]?.trim() ?? '';
}
