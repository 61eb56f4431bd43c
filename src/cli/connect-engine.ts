import type { DockerEngine } from '../docker/engine-client.js';
import type { CliIO } from './options.js';

/**
 * The engine a command talks to: --host, else DOCKER_HOST, else the docker
 * context. The Docker client loads here, on use, so commands that do not
 * talk to an engine never pay for it.
 */
export async function connectEngine(hostFlag: string | undefined, io: CliIO): Promise<DockerEngine> {
  const [{ resolveEndpoint }, { connectDocker }] = await Promise.all([
    import('../docker/endpoint.js'),
    import('../docker/engine-client.js'),
  ]);
  return connectDocker(resolveEndpoint({ ...(hostFlag !== undefined && { hostFlag }), env: io.env }));
}
