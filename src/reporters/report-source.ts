import type { ReportSource } from '../evaluation/report.js';

/** What a report was made from, as reporters name it: the engine's endpoint, or the files read. */
export function reportSourceNames(source: ReportSource): readonly string[] {
  if (source.source === 'engine') return [source.endpoint];
  return source.source === 'inspect-file' ? [source.file] : source.files;
}
