import { Module, createRequire } from 'node:module';
import type Dockerode from 'dockerode';

/**
 * Modules that dockerode and docker-modem load at start-up for features a
 * read-only audit never uses. Together they were about 60 ms of a 300-container
 * scan that took 375 ms (measured with --cpu-prof; see bench/).
 */
const OPTIONAL_MODULES = [
  // gRPC and protobuf, for BuildKit sessions: called only from buildImage.
  { specifier: 'dockerode/lib/session.js', feature: 'image builds', neededFor: () => false },
  // ssh2, for ssh:// endpoints: called only when the protocol is ssh.
  { specifier: 'docker-modem/lib/ssh.js', feature: 'ssh:// endpoints', neededFor: (protocol?: string) => protocol === 'ssh' },
] as const;

/**
 * Loads dockerode, placing a stand-in in require's cache (Node's public module
 * cache) for each optional module this endpoint does not need. A stand-in
 * fails loudly if it is ever called. If a package moves a file, that module
 * simply loads as usual. The choice is made at the first load, once per
 * process, which suits a CLI that talks to one engine per run.
 */
export function loadDockerode(protocol?: string): typeof Dockerode {
  const require = createRequire(import.meta.url);
  const dockerodeRequire = createRequire(require.resolve('dockerode'));
  for (const { specifier, feature, neededFor } of OPTIONAL_MODULES) {
    if (neededFor(protocol)) continue;
    let path: string;
    try {
      // docker-modem is dockerode's dependency, so resolve from there.
      path = dockerodeRequire.resolve(specifier);
    } catch {
      continue;
    }
    if (require.cache[path] !== undefined) continue;
    const standIn = new Module(path);
    standIn.filename = path;
    standIn.loaded = true;
    standIn.exports = () => {
      throw new Error(`dockward does not load support for ${feature} here`);
    };
    require.cache[path] = standIn;
  }
  return require('dockerode') as typeof Dockerode;
}
