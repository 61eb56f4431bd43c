import type { ContainerSpec } from '../../model/container-spec.js';

export type RestartPolicy = NonNullable<ContainerSpec['restartPolicy']>;

/**
 * `no`, `always`, `unless-stopped`, `on-failure[:max-retries]`: the docker CLI
 * reference (docker container run, "Restart policies") and the Compose
 * Specification's `restart`, which share the grammar. A count that is not a
 * number reads as 0, no limit.
 */
export function parseRestart(value: string): RestartPolicy {
  const [name = '', count = '0'] = value.split(':');
  return { name, maximumRetryCount: Number(count) || 0 };
}

/**
 * Swarm restart conditions (Engine API, ServiceSpec TaskTemplate.RestartPolicy.Condition:
 * none, on-failure, any) as the container restart policies they behave like.
 */
export const SWARM_RESTART_CONDITIONS: Readonly<Record<string, string>> = { any: 'always', 'on-failure': 'on-failure', none: 'no' };
