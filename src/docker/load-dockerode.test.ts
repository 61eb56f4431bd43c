import { createRequire } from 'node:module';
import { expect, it } from 'vitest';
import { loadDockerode } from './load-dockerode.js';

it('loads dockerode without gRPC or ssh2, and the stand-ins say why if called', () => {
  const Dockerode = loadDockerode('http');
  expect(typeof new Dockerode({ socketPath: '/nonexistent.sock' }).listContainers).toBe('function');
  const require = createRequire(createRequire(import.meta.url).resolve('dockerode'));
  const loaded = Object.keys(require.cache);
  expect(loaded.some((path) => path.includes('@grpc') || path.includes('/ssh2/'))).toBe(false);
  const session = require('./session.js') as () => void;
  expect(() => session()).toThrow(/image builds/);
});
