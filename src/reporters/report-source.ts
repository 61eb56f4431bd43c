import type { ReportSource } from '../evaluation/report.js';

/** What a report was made from, as reporters name it: the engines' endpoints, or the files read. */
export function reportSourceNames(source: ReportSource): readonly string[] {
  switch (source.source) {
    case 'engine':
      return [source.endpoint];
    case 'engines':
      return source.engines.map((engine) => engine.endpoint);
    case 'inspect-file':
      return [source.file];
    case 'lint':
      return source.files;
  }
}
