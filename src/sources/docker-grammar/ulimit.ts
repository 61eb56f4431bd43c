/** One resource limit, as HostConfig.Ulimits holds it. */
export interface Ulimit {
  name: string;
  soft: number;
  hard: number;
}

/**
 * `--ulimit nofile=1024[:2048]` (docker CLI reference, "Set ulimits in
 * container"; go-units ulimit.go ParseUlimit): a name, a soft limit and an
 * optional hard one, which defaults to the soft. `-1` means unlimited.
 */
export function parseUlimit(value: string): Ulimit | undefined {
  const match = /^([a-z]+)=(-?\d+)(?::(-?\d+))?$/.exec(value.trim());
  if (!match) return undefined;
  const soft = Number(match[2]);
  const hard = match[3] === undefined ? soft : Number(match[3]);
  if (hard !== -1 && soft > hard) return undefined;
  return { name: match[1] ?? '', soft, hard };
}
