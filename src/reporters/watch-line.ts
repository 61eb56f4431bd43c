import type { Colors } from 'picocolors/types.js';
import type { Finding } from '../model/finding.js';
import type { WatchEvent } from '../watch/watcher.js';
import { terminalSafe } from './escape.js';

/** A finding with the event that caused its audit: one JSON line of `watch --format json`, and the webhook's body. */
export function findingWithEvent(finding: Finding, event: WatchEvent): Record<string, unknown> {
  return { event: { action: event.action, containerId: event.containerId, time: new Date(event.time * 1000).toISOString() }, ...finding };
}

/** One line of `watch --format text`, for a person reading a terminal; watching several engines, it names the finding's. */
export function watchLine(finding: Finding, event: WatchEvent, colors: Colors, now: Date, { showEngine = false } = {}): string {
  const waived = finding.waiver ? colors.dim(` (waived: ${terminalSafe(finding.waiver.reason)})`) : '';
  const on = showEngine && finding.engine !== undefined ? ` on ${terminalSafe(finding.engine)}` : '';
  const where = `${now.toISOString()} ${event.action.padEnd(11)} ${terminalSafe(event.container)}${on}`;
  return `${where}  ${finding.severity.toUpperCase().padEnd(8)} ${finding.ruleId}: ${terminalSafe(finding.message)}${waived}\n`;
}
