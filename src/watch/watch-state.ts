/**
 * `watch --state FILE`: where the last watcher stopped on each engine, so
 * that the next one (after a crash, a kill -9, an upgrade) replays the events
 * in between instead of starting from now.
 */
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../errors.js';
import { fileErrorReason, readInputText } from '../files/input-file.js';
import { isRecord } from '../model/json-value.js';

/** Where to replay from: a second, and the events of that second already handled (the replay includes it). */
export interface WatchPosition {
  since: number;
  handled: string[];
}

/** Each engine's position, by endpoint: another engine's events are not these. */
export type WatchPositions = ReadonlyMap<string, WatchPosition>;

export type StateRead = { positions: WatchPositions } | { positions?: undefined; why: string };

function isPosition(value: unknown): value is WatchPosition {
  return (
    isRecord(value) &&
    typeof value['since'] === 'number' &&
    Array.isArray(value['handled']) &&
    value['handled'].every((key) => typeof key === 'string')
  );
}

/**
 * The positions kept in `path`; a file that is not a state file is an input
 * error. A file of the one-engine form earlier versions wrote
 * (`{endpoint, since, handled}`) is read as holding that engine's.
 */
export function readWatchState(path: string): StateRead {
  let text: string;
  try {
    text = readInputText(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { why: `${path} does not exist yet` };
    throw new InputError({ file: path }, fileErrorReason(error));
  }
  let state: unknown;
  try {
    state = JSON.parse(text);
  } catch {
    state = undefined;
  }
  if (isRecord(state) && typeof state['endpoint'] === 'string' && isPosition(state))
    return { positions: new Map([[state['endpoint'], { since: state.since, handled: state.handled }]]) };
  const engines = isRecord(state) ? state['engines'] : undefined;
  if (!isRecord(engines) || !Object.values(engines).every(isPosition))
    throw new InputError({ file: path }, 'is not a dockward watch state file (remove it to start from now)');
  return { positions: new Map(Object.entries(engines as Record<string, WatchPosition>)) };
}

/**
 * Writes every engine's position, whole or not at all: to a file beside it,
 * then renamed over it, so a watcher killed mid-write leaves the last one.
 * The file holds event times, container ids and action names, nothing a
 * container was configured with.
 */
export function writeWatchState(path: string, positions: WatchPositions): void {
  const state = { engines: Object.fromEntries(positions) };
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}`);
  try {
    writeFileSync(temporary, `${JSON.stringify(state)}\n`, { mode: 0o600 });
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
