import { runCli, type JsonReport } from './cli.js';

/**
 * The settings of the three-source tests (one container as a run line, its
 * inspect and the live engine) that Docker and Podman both keep as given:
 * a user, the host's PID namespace, no network, a sensitive host path, a
 * secret and a URL in the environment, an unsafe sysctl, restart, limits, a
 * read-only root. Said explicitly too, the two that only an inspect would
 * otherwise know: the image has no HEALTHCHECK, and which cgroup namespace
 * the engine chose.
 */
export const EQUIVALENCE_FLAGS: readonly string[] = [
  '--user',
  '10001:0',
  '--pid',
  'host',
  '--network',
  'none',
  '-v',
  '/etc:/host-etc:ro',
  '-e',
  'DB_PASSWORD=equivalence-secret',
  '-e',
  'TOKEN_URL=https://x/token',
  '--sysctl',
  'kernel.msgmax=65536',
  '--restart',
  'always',
  '--memory',
  '64m',
  '--pids-limit',
  '50',
  '--read-only',
  '--no-healthcheck',
  '--cgroupns',
  'host',
];

/** Every finding a run line gives, whatever its severity, as the three-source tests compare them. */
export async function lintRunLine(command: string): Promise<JsonReport> {
  const { stdout } = await runCli(['lint', '--format', 'json', '--fail-on', 'none', '--profile', 'all', '--run', command]);
  return JSON.parse(stdout) as JsonReport;
}
