import type { DockerEngine } from '../docker/engine-client.js';
import type { CliIO } from './options.js';

/** Which engines a run audits, as the user named them. */
export interface FleetChoice {
  hosts?: readonly string[];
  contexts?: readonly string[];
  allContexts?: boolean;
}

/**
 * The engine a command talks to: --host, else DOCKER_HOST, else the docker
 * context. The Docker client loads here, on use, so commands that do not
 * talk to an engine never pay for it.
 */
export async function connectEngine(hostFlag: string | undefined, io: CliIO): Promise<DockerEngine> {
  const [engine] = await connectEngines({ hosts: hostFlag === undefined ? [] : [hostFlag] }, io);
  return engine as DockerEngine;
}

/** Every engine of a run (see resolveEndpoints), at least one; nothing is connected before a request is made. */
export async function connectEngines(choice: FleetChoice, io: CliIO): Promise<DockerEngine[]> {
  const [{ resolveEndpoints }, { connectDocker }] = await Promise.all([
    import('../docker/endpoint.js'),
    import('../docker/engine-client.js'),
  ]);
  return resolveEndpoints({ ...choice, env: io.env }).map((endpoint) => connectDocker(endpoint));
}
