/**
 * `watch --state FILE`: where the last watcher stopped, so that the next one
 * (after a crash, a kill -9, an upgrade) replays the events in between
 * instead of starting from now.
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

interface StateFile extends WatchPosition {
  /** The engine the position belongs to: another engine's events are not these. */
  endpoint: string;
}

export type StateRead = { position: WatchPosition } | { position?: undefined; why: string };

/** The position kept in `path` for the engine at `endpoint`; a file that is not a state file is an input error. */
export function readWatchState(path: string, endpoint: string): StateRead {
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
  if (
    !isRecord(state) ||
    typeof state['endpoint'] !== 'string' ||
    typeof state['since'] !== 'number' ||
    !Array.isArray(state['handled']) ||
    !state['handled'].every((key) => typeof key === 'string')
  )
    throw new InputError({ file: path }, 'is not a dockward watch state file (remove it to start from now)');
  if (state['endpoint'] !== endpoint) return { why: `${path} belongs to another engine` };
  return { position: { since: state['since'], handled: state['handled'] } };
}

/**
 * Writes the position, whole or not at all: to a file beside it, then
 * renamed over it, so a watcher killed mid-write leaves the last one. The
 * file holds event times, container ids and action names, nothing a
 * container was configured with.
 */
export function writeWatchState(path: string, endpoint: string, position: WatchPosition): void {
  const state: StateFile = { endpoint, ...position };
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}`);
  try {
    writeFileSync(temporary, `${JSON.stringify(state)}\n`, { mode: 0o600 });
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
