import { UsageError } from '../errors.js';
import { isSeverity, type Severity } from '../model/severity.js';
import { FORMATS, type Format } from '../reporters/formats.js';
import { DEFAULT_PROFILE, PROFILES, type Profile } from '../rules/define-rule.js';

/** Parsing and checking of what the user asked for: light enough to run before anything loads. */

export interface CliIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  version: string;
}

/** Options every auditing command shares. */
export interface ReportOptions {
  format: string;
  output?: string;
  failOn: string;
  profile?: string;
  showCaps?: boolean;
}

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

export function parseReportOptions(options: ReportOptions): { format: Format; failOn: Severity | 'none'; profile: Profile | 'all' } {
  if (!(FORMATS as readonly string[]).includes(options.format)) {
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got "${options.format}")`);
  }
  if (options.failOn !== 'none' && !isSeverity(options.failOn)) {
    throw new UsageError(`--fail-on must be one of critical, high, medium, low, info, none (got "${options.failOn}")`);
  }
  return { format: options.format as Format, failOn: options.failOn as Severity | 'none', profile: parseProfile(options.profile) };
}

