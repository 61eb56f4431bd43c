import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../dist/bundle/main.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The unprivileged user the tests run dockward as, where being root (as in CI containers) would hide a permission problem. */
export const NOBODY = 65534;

/**
 * Runs the built `dockward` binary as a user would. The environment is the
 * given one only (plus PATH), so the host's DOCKER_HOST or contexts never leak in.
 * With `uid`, it runs as that user (and group).
 */
export function runCli(
  args: string[],
  { env = {}, input, cwd, uid }: { env?: Record<string, string>; input?: string; cwd?: string; uid?: number } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: '/nonexistent-home', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(cwd !== undefined && { cwd }),
      // Node drops the supplementary groups of root when it changes the user.
      ...(uid !== undefined && { uid, gid: uid }),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

export interface JsonFinding {
  ruleId: string;
  severity: string;
  target: string;
  targetId: string;
  /** The live engine the target is on. */
  engine?: string;
  messageId: string;
  message: string;
  path: string;
  location?: { file?: string; line?: number; column?: number; field?: string };
  /** The violation's own fix line, where it gives one. */
  fix?: string;
  fingerprint: string;
}

export interface JsonReport {
  tool: { name: string; version: string };
  engine: Record<string, unknown>;
  profile: string;
  targets: {
    id: string;
    name: string;
    kind: string;
    engine?: string;
    state?: string;
    effectiveCapabilities: string[];
    observedCapabilities?: string[];
    capabilityMismatch?: unknown;
  }[];
  findings: JsonFinding[];
  suppressed: JsonFinding[];
  rules: { id: string; verify: string; fix: string; profiles: string[] }[];
  summary: Record<string, number>;
  problems?: { engine?: string; file?: string; line?: number; column?: number; message: string }[];
}
