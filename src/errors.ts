/** What went wrong, from anything a `catch` receives (a library may throw a string). */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Every error the CLI maps to an exit code derives from this. */
export abstract class DockwardError extends Error {
  abstract readonly exitCode: number;
}

export class UsageError extends DockwardError {
  readonly exitCode = 2;
}

export interface InputPosition {
  file: string;
  line?: number;
  column?: number;
  /** The key or field at fault, e.g. `[2].HostConfig.CapAdd`. */
  key?: string;
}

/**
 * Bad input. The message must describe what is wrong without quoting the
 * input's values, which may be secrets.
 */
export class InputError extends DockwardError {
  readonly exitCode = 2;
  constructor(
    readonly position: InputPosition,
    readonly problem: string,
    /** The files that pulled the one holding the problem in: an `include`, or a service that `extends` one there. */
    readonly through: readonly string[] = [],
  ) {
    const { file, line, column, key } = position;
    const where = [file, line, line !== undefined ? column : undefined].filter((part) => part !== undefined).join(':');
    super(`${where}: ${key ? `${key}: ` : ''}${problem}${through.length > 0 ? ` (reached through ${through.join(', ')})` : ''}`);
  }

  /** The same problem, reached through another file too. */
  reachedThrough(file: string, position: InputPosition = this.position): InputError {
    return new InputError(position, this.problem, [...new Set([...this.through, file])]);
  }
}

/** One problem per place and key: the same problem reached several ways is reported once, naming every file it was reached through. */
export function mergeInputErrors(problems: readonly InputError[]): InputError[] {
  const merged = new Map<string, InputError>();
  for (const problem of problems) {
    const { file, line, column, key } = problem.position;
    const identity = JSON.stringify([file, line, column, key, problem.problem]);
    const seen = merged.get(identity);
    merged.set(identity, seen ? problem.through.reduce((into, via) => into.reachedThrough(via), seen) : problem);
  }
  return [...merged.values()];
}

export class EngineUnreachable extends DockwardError {
  readonly exitCode = 3;
  constructor(
    readonly endpoint: string,
    readonly reason: string,
    /** False where the engine was found and refused for a reason of its own (its SSH host key): pointing elsewhere is no advice then. */
    whereToLook = true,
  ) {
    super(
      `cannot reach the Docker Engine at ${endpoint}: ${reason}` +
        (whereToLook
          ? '\nPoint dockward at another engine with --host (unix:///path/to/docker.sock or tcp://host:2376), ' +
            'the DOCKER_HOST variable, or a docker context (DOCKER_CONTEXT or `docker context use`). ' +
            "Podman's service listens at unix:///run/podman/podman.sock, or for a rootless user at " +
            'unix://$XDG_RUNTIME_DIR/podman/podman.sock (systemctl [--user] enable --now podman.socket).'
          : ''),
    );
  }
}

/** Several engines were named and none of them could be audited. */
export class NoEngineAudited extends DockwardError {
  readonly exitCode = 3;
  constructor(reasons: readonly string[]) {
    super(`none of the ${reasons.length} engines could be audited:\n${reasons.map((reason) => `  ${reason}`).join('\n')}`);
  }
}

export class EngineRequestFailed extends DockwardError {
  readonly exitCode = 3;
  constructor(endpoint: string, operation: string, reason: string) {
    super(`the Docker Engine at ${endpoint} failed to ${operation}: ${reason}`);
  }
}
