import type { EngineFacts } from '../../src/model/host.js';

/** Facts of a well-configured local engine; tests override what they are about. */
export function engineFacts(overrides: Partial<EngineFacts> = {}): EngineFacts {
  return {
    product: 'docker',
    endpoint: { url: 'unix:///var/run/docker.sock', local: true },
    security: { appArmor: true, selinux: false, seccomp: true, userns: true, rootless: false },
    liveRestore: true,
    defaultBridgeIcc: false,
    metadataFilter: 'blocked',
    bridgedContainers: ['web'],
    ...overrides,
  };
}
