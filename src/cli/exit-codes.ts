/** The exit codes documented in the README. */
export const ExitCode = {
  ok: 0,
  findings: 1,
  usage: 2,
  engine: 3,
  internal: 70,
} as const;
