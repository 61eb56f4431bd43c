import { UsageError } from '../errors.js';
import { isSeverity, SEVERITIES, type Severity } from '../model/severity.js';
import { FORMATS, type Format } from '../reporters/formats.js';
import { DEFAULT_PROFILE, PROFILES, type Profile } from '../model/profile.js';

/** Parsing and checking of what the user asked for: light enough to run before anything loads. */

export interface CliIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  version: string;
}

/** Options every auditing command shares. --fail-on and --profile fall back to the configuration file, then to the defaults. */
export interface ReportOptions {
  format: string;
  /** A file, or - for standard output. */
  output?: string;
  /** Findings only: no summary line, no note of where the report went. */
  quiet?: boolean;
  /** Shows findings of these severities only (comma-separated); --fail-on still judges them all. */
  severity?: string;
  /** --no-color: commander's negation sets it false. */
  color?: boolean;
  disableRule?: string[];
  enableRule?: string[];
  failOn?: string;
  profile?: string;
  showCaps?: boolean;
  config?: string;
  baseline?: string;
  save?: boolean;
  db?: string;
}

export const DEFAULT_FAIL_ON: Severity = 'high';

/** NO_COLOR (any non-empty value) wins, then FORCE_COLOR, then whether the stream is a terminal. */
export function useColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env['NO_COLOR']) return false;
  if (env['FORCE_COLOR'] !== undefined) return env['FORCE_COLOR'] !== '0';
  return stream.isTTY === true;
}

export function parseProfile(value: string | undefined): Profile | 'all' {
  const profile = value ?? DEFAULT_PROFILE;
  if (profile !== 'all' && !(PROFILES as readonly string[]).includes(profile)) {
    throw new UsageError(`--profile must be one of ${[...PROFILES, 'all'].join(', ')} (got "${profile}")`);
  }
  return profile as Profile | 'all';
}

export function parseFailOn(value: string | undefined): Severity | 'none' {
  const failOn = value ?? DEFAULT_FAIL_ON;
  if (failOn !== 'none' && !isSeverity(failOn)) {
    throw new UsageError(`--fail-on must be one of critical, high, medium, low, info, none (got "${failOn}")`);
  }
  return failOn;
}

export function parseFormat(value: string): Format {
  if (!(FORMATS as readonly string[]).includes(value))
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got "${value}")`);
  return value as Format;
}

/** `--severity critical,high`: the severities a report shows. */
export function parseSeverities(value: string | undefined): ReadonlySet<Severity> | undefined {
  if (value === undefined) return undefined;
  const listed = value.split(',').map((part) => part.trim().toLowerCase());
  if (!listed.every(isSeverity))
    throw new UsageError(`--severity takes a comma-separated list of ${SEVERITIES.join(', ')} (got "${value}")`);
  return new Set(listed);
}
