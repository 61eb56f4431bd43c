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

/**
 * Every engine of a run (see resolveEndpoints), at least one; nothing is
 * connected before a request is made. An ssh:// engine gets a transport of
 * its own, loaded only then: one SSH connection for all its requests.
 */
export async function connectEngines(choice: FleetChoice, io: CliIO): Promise<DockerEngine[]> {
  const [{ resolveEndpoints }, { connectDocker }] = await Promise.all([
    import('../docker/endpoint.js'),
    import('../docker/engine-client.js'),
  ]);
  return Promise.all(
    resolveEndpoints({ ...choice, env: io.env }).map(async (endpoint) => {
      if (endpoint.protocol !== 'ssh') return connectDocker(endpoint);
      const { sshTransport } = await import('../docker/ssh/ssh-transport.js');
      return connectDocker(endpoint, { transport: sshTransport(endpoint, io.env) });
    }),
  );
}
