import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { actionName, eventKey, eventLines, eventTime, sinceOf } from './event-lines.js';

async function collect(chunks: string[]) {
  const events = [];
  for await (const event of eventLines(Readable.from(chunks.map((chunk) => Buffer.from(chunk))))) events.push(event);
  return events;
}

describe('the event stream', () => {
  it('joins messages split across chunks and skips lines that are not JSON', async () => {
    const events = await collect([
      '{"Action":"create","Actor":{"ID":"a"},"ti',
      'me":1700000000,"timeNano":1700000000123456789}\n',
      'garbage\n\n{"Action":"start","Actor":{"ID":"a"},"time":1700000001}\n{"Action":"des',
    ]);
    expect(events.map((event) => event.Action)).toEqual(['create', 'start']);
  });

  it('replays from the second of the last event, and tells events apart across a replay', () => {
    const event = { Action: 'create', Actor: { ID: 'a' }, time: 1700000000, timeNano: 1700000000123456800 };
    expect(sinceOf(event)).toBe(1700000000);
    expect(eventKey(event)).toBe(eventKey(JSON.parse(JSON.stringify(event)) as typeof event));
    expect(eventKey(event)).not.toBe(eventKey({ ...event, Action: 'start' }));
  });

  it('names an exec event without its command line, where passwords go', () => {
    expect(actionName({ Action: 'exec_create: mysql -uroot -pS3cr3t-Pass app' })).toBe('exec_create');
    expect(actionName({ Action: 'start' })).toBe('start');
    expect(actionName({})).toBe('');
    expect(eventKey({ Action: 'exec_create: mysql -pS3cr3t-Pass', Actor: { ID: 'a' }, time: 1 })).not.toContain('S3cr3t');
  });

  it('times an event to the microsecond when the engine gives nanoseconds, else to the second', () => {
    const parsed = JSON.parse('{"time":1700000000,"timeNano":1700000000123456789}') as { time: number; timeNano: number };
    expect(eventTime(parsed)).toBeCloseTo(1700000000.123457, 6);
    expect(eventTime({ time: 1700000000 })).toBe(1700000000);
    expect(eventTime({})).toBeUndefined();
  });
});
