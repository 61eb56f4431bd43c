import { basename, extname } from 'node:path';
import { findSuppressions } from '../discovery/inline-suppressions.js';
import { emptyReading, readGivenFile, type FileSourceAdapter, type NameClaim } from '../source-adapter.js';
import {
  runCommandsInMakefile,
  runCommandsInMarkdown,
  runCommandsInShell,
  runCommandsInWindowsScript,
  runCommandsInYaml,
} from './extract.js';
import { RUN_LINE_SOURCE, runCommandToTarget, type RunCommand } from './run-line-to-target.js';

/** An adapter for one kind of text that holds `docker run` lines, each line a target. */
function runLineAdapter(
  name: string,
  describes: string,
  claimsName: (path: string) => NameClaim,
  extract: (text: string) => RunCommand[],
): FileSourceAdapter {
  return {
    name,
    describes,
    kind: RUN_LINE_SOURCE,
    claimsName,
    // Every adapter here reads any text of its kind; whether it holds docker run lines is for extract to find.
    claimsContent: () => true,
    async read(files, readText) {
      const reading = emptyReading();
      for (const file of files) {
        const text = readGivenFile(readText, file);
        reading.files.push(file);
        // Files written on Windows end lines in CRLF; a carriage return before a continuation's newline would end the command.
        reading.targets.push(...extract(text.replaceAll('\r\n', '\n')).map((command) => runCommandToTarget(command, file)));
        const comments = findSuppressions(text, file);
        reading.suppressions.push(...comments.suppressions);
        reading.problems.push(...comments.problems);
      }
      return reading;
    },
  };
}

const byExtension =
  (extensions: readonly string[], claim: NameClaim = 'claims') =>
  (path: string): NameClaim =>
    extensions.includes(extname(path).toLowerCase()) ? claim : 'no';

export const shellAdapter = runLineAdapter('shell', 'a shell script', byExtension(['.sh', '.bash', '.zsh', '.ksh']), runCommandsInShell);

export const windowsScriptAdapter = runLineAdapter(
  'windows-script',
  'a PowerShell or cmd script',
  byExtension(['.ps1', '.cmd', '.bat']),
  runCommandsInWindowsScript,
);

const MAKEFILE_NAMES = new Set(['Makefile', 'GNUmakefile', 'makefile']);
export const makefileAdapter = runLineAdapter(
  'makefile',
  'a Makefile',
  (path) => (MAKEFILE_NAMES.has(basename(path)) || extname(path).toLowerCase() === '.mk' ? 'claims' : 'no'),
  runCommandsInMakefile,
);

export const markdownAdapter = runLineAdapter('markdown', 'Markdown', byExtension(['.md', '.markdown']), runCommandsInMarkdown);

/** CI pipelines and other YAML: asked after Compose, which claims YAML with a `services` mapping. */
export const ciYamlAdapter = runLineAdapter('ci-yaml', 'CI YAML', byExtension(['.yml', '.yaml'], 'by-content'), runCommandsInYaml);
