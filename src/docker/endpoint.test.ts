import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { resolveEndpoint, resolveEndpoints } from './endpoint.js';

const HOME = '/home/user';
const CONFIG = join(HOME, '.docker');
const digest = (name: string) => createHash('sha256').update(name).digest('hex');

/** A fake file system: only the files given exist. */
function files(entries: Record<string, string>) {
  return (path: string) => (path in entries ? Buffer.from(entries[path] ?? '') : undefined);
}
const meta = (host: string, skip = false) => JSON.stringify({ Name: 'x', Endpoints: { docker: { Host: host, SkipTLSVerify: skip } } });

describe('resolveEndpoint', () => {
  it('defaults to the local socket', () => {
    expect(resolveEndpoint({ env: {}, readOptional: files({}), home: HOME })).toMatchObject({
      url: 'unix:///var/run/docker.sock',
      socketPath: '/var/run/docker.sock',
      origin: 'default',
    });
  });

  it('prefers --host, then DOCKER_HOST, then DOCKER_CONTEXT, then currentContext', () => {
    const fs = files({
      [join(CONFIG, 'config.json')]: JSON.stringify({ currentContext: 'cur' }),
      [join(CONFIG, 'contexts/meta', digest('cur'), 'meta.json')]: meta('unix:///run/cur.sock'),
      [join(CONFIG, 'contexts/meta', digest('env'), 'meta.json')]: meta('tcp://10.1.2.3:2375'),
    });
    const resolve = (env: NodeJS.ProcessEnv, hostFlag?: string) =>
      resolveEndpoint({ env, readOptional: fs, home: HOME, ...(hostFlag && { hostFlag }) });
    expect(resolve({}).socketPath).toBe('/run/cur.sock');
    expect(resolve({ DOCKER_CONTEXT: 'env' })).toMatchObject({ host: '10.1.2.3', port: 2375, protocol: 'http', origin: 'context "env"' });
    expect(resolve({ DOCKER_CONTEXT: 'env', DOCKER_HOST: 'unix:///run/h.sock' }).socketPath).toBe('/run/h.sock');
    expect(resolve({ DOCKER_HOST: 'unix:///run/h.sock' }, 'unix:///run/flag.sock')).toMatchObject({
      socketPath: '/run/flag.sock',
      origin: '--host',
    });
    expect(resolve({ DOCKER_CONTEXT: 'default' }).socketPath).toBe('/var/run/docker.sock');
  });

  it('honours DOCKER_CONFIG for the config directory', () => {
    const fs = files({
      '/cfg/config.json': JSON.stringify({ currentContext: 'c' }),
      [join('/cfg/contexts/meta', digest('c'), 'meta.json')]: meta('unix:///run/c.sock'),
    });
    expect(resolveEndpoint({ env: { DOCKER_CONFIG: '/cfg' }, readOptional: fs, home: HOME }).socketPath).toBe('/run/c.sock');
  });

  it('uses TLS material for tcp with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH', () => {
    const fs = files({ '/certs/ca.pem': 'CA', '/certs/cert.pem': 'CERT', '/certs/key.pem': 'KEY' });
    const endpoint = resolveEndpoint({
      env: { DOCKER_HOST: 'tcp://docker.example:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' },
      readOptional: fs,
      home: HOME,
    });
    expect(endpoint).toMatchObject({ protocol: 'https', host: 'docker.example', port: 2376 });
    expect(endpoint.tls?.verify).toBe(true);
    expect(endpoint.tls?.cert?.toString()).toBe('CERT');
  });

  it("uses a context's TLS files and its SkipTLSVerify", () => {
    const tlsDir = join(CONFIG, 'contexts/tls', digest('remote'), 'docker');
    const fs = files({
      [join(CONFIG, 'contexts/meta', digest('remote'), 'meta.json')]: meta('tcp://[2001:db8::1]:2376', true),
      [join(tlsDir, 'ca.pem')]: 'CA',
    });
    const endpoint = resolveEndpoint({ env: { DOCKER_CONTEXT: 'remote' }, readOptional: fs, home: HOME });
    expect(endpoint).toMatchObject({ protocol: 'https', host: '2001:db8::1', port: 2376 });
    expect(endpoint.tls?.verify).toBe(false);
  });

  it('defaults the tcp port by TLS and parses ssh', () => {
    expect(resolveEndpoint({ env: { DOCKER_HOST: 'tcp://h' }, readOptional: files({}), home: HOME }).port).toBe(2375);
    expect(resolveEndpoint({ env: {}, hostFlag: 'ssh://ops@h:2222', readOptional: files({}), home: HOME })).toMatchObject({
      protocol: 'ssh',
      host: 'h',
      port: 2222,
      username: 'ops',
    });
  });

  it('rejects unknown contexts and unsupported addresses with a usage error', () => {
    expect(() => resolveEndpoint({ env: { DOCKER_CONTEXT: 'ghost' }, readOptional: files({}), home: HOME })).toThrow(UsageError);
    expect(() => resolveEndpoint({ env: { DOCKER_HOST: 'ftp://x' }, readOptional: files({}), home: HOME })).toThrow(/unsupported scheme/);
    expect(() => resolveEndpoint({ env: {}, hostFlag: 'not a url', readOptional: files({}), home: HOME })).toThrow(UsageError);
  });
});

describe('resolveEndpoints', () => {
  const metaDir = join(CONFIG, 'contexts/meta');
  const named = (name: string, host: string) => ({
    [join(metaDir, digest(name), 'meta.json')]: JSON.stringify({
      Name: name,
      Metadata: {},
      Endpoints: { docker: { Host: host, SkipTLSVerify: false } },
    }),
  });
  const fs = files({ ...named('prod', 'ssh://ops@prod.example'), ...named('edge', 'tcp://10.9.0.1:2376') });
  const inputs = { readOptional: fs, home: HOME, listFolders: () => [digest('prod'), digest('edge')] };

  it('keeps every --host and --context in the order given, each engine once', () => {
    const endpoints = resolveEndpoints({
      ...inputs,
      env: {},
      hosts: ['unix:///run/a.sock', 'unix:///run/b.sock', 'unix:///run/a.sock'],
      contexts: ['prod'],
    });
    expect(endpoints.map((endpoint) => [endpoint.url, endpoint.origin])).toEqual([
      ['unix:///run/a.sock', '--host'],
      ['unix:///run/b.sock', '--host'],
      ['ssh://ops@prod.example', 'context "prod"'],
    ]);
  });

  it('lists every context with --all-contexts, default first, the default being DOCKER_HOST when set', () => {
    expect(resolveEndpoints({ ...inputs, env: {}, allContexts: true }).map((endpoint) => endpoint.url)).toEqual([
      'unix:///var/run/docker.sock',
      'tcp://10.9.0.1:2376',
      'ssh://ops@prod.example',
    ]);
    expect(resolveEndpoints({ ...inputs, env: { DOCKER_HOST: 'unix:///run/h.sock' }, allContexts: true })[0]?.url).toBe(
      'unix:///run/h.sock',
    );
  });

  it('falls back to the one engine resolveEndpoint chooses, and refuses a context that does not exist', () => {
    expect(resolveEndpoints({ ...inputs, env: { DOCKER_CONTEXT: 'edge' } }).map((endpoint) => endpoint.url)).toEqual([
      'tcp://10.9.0.1:2376',
    ]);
    expect(() => resolveEndpoints({ ...inputs, env: {}, contexts: ['ghost'] })).toThrow(/docker context "ghost" \(from --context\)/);
  });
});

describe('endpoint URLs in output', () => {
  it('never carry a password, and a malformed address is not echoed', () => {
    const ssh = resolveEndpoint({ env: {}, hostFlag: 'ssh://ops:hunter2pw@h', readOptional: () => undefined, home: '/h' });
    expect(ssh.url).toBe('ssh://ops:redacted@h');
    expect(ssh.username).toBe('ops');
    const tcp = resolveEndpoint({ env: { DOCKER_HOST: 'tcp://u:s3cretpw@10.0.0.5:2375' }, readOptional: () => undefined, home: '/h' });
    expect(JSON.stringify(tcp)).not.toContain('s3cretpw');
    expect(() => resolveEndpoint({ env: {}, hostFlag: 'tcp://u:pa ss@@', readOptional: () => undefined, home: '/h' })).toThrow(
      /^--host: not a Docker host address/,
    );
    try {
      resolveEndpoint({ env: {}, hostFlag: 'tcp://u:pa ss@@', readOptional: () => undefined, home: '/h' });
    } catch (error) {
      expect((error as Error).message).not.toContain('pa ss');
    }
  });
});
