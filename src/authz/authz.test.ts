import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { judge, type AuthzSettings } from './authz-policy.js';
import { interpretRequest, type AuthzRequest } from './authz-request.js';

const settings = (overrides: Partial<AuthzSettings> = {}): AuthzSettings => ({ policy: () => ({ profile: 'recommended', today: '2026-11-30' }), failOn: 'high', rules: RULES, ...overrides });
const post = (uri: string, body?: unknown): AuthzRequest => ({ RequestMethod: 'POST', RequestUri: uri, ...(body !== undefined && { RequestBody: Buffer.from(JSON.stringify(body)).toString('base64') }) });
const verdictOf = (request: AuthzRequest, overrides?: Partial<AuthzSettings>) => judge(interpretRequest(request), settings(overrides));

describe('authorization decisions', () => {
  it('reads binds and mounts of a create body, which inspect output keeps elsewhere', async () => {
    const verdict = await verdictOf(post('/v1.43/containers/create?name=proxy', { Image: 'traefik', HostConfig: { Binds: ['/var/run/docker.sock:/var/run/docker.sock:ro'], Mounts: [{ Type: 'bind', Source: '/etc', Target: '/host/etc' }] } }));
    expect(verdict).toMatchObject({ deny: true, kind: 'create' });
    expect(verdict.rules).toEqual(expect.arrayContaining(['docker-socket-mount', 'sensitive-host-mount']));
  });

  it('does not guess what the image sets: no root-user finding from a create body', async () => {
    const verdict = await verdictOf(post('/v1.41/containers/create', { Image: 'nginx', HostConfig: {} }), { failOn: 'medium' });
    expect(verdict.rules).not.toContain('root-user');
  });

  it('applies waivers and rule settings from the policy', async () => {
    const request = post('/v1.41/containers/create?name=agent', { Image: 'x', HostConfig: { PidMode: 'host' } });
    expect((await verdictOf(request)).rules).toEqual(['host-pid']);
    const waived = { policy: () => ({ profile: 'recommended' as const, today: '2026-11-30', waivers: [{ rule: 'host-pid', target: 'agent', reason: 'r', owner: 'o', expires: '2027-01-01' }] }) };
    expect(await verdictOf(request, waived)).toMatchObject({ deny: false });
    const expired = { policy: () => ({ profile: 'recommended' as const, today: '2027-01-02', waivers: [{ rule: 'host-pid', target: 'agent', reason: 'r', owner: 'o', expires: '2027-01-01' }] }) };
    expect(await verdictOf(request, expired)).toMatchObject({ deny: true });
  });

  it('judges exec, update and plugin requests', async () => {
    expect((await verdictOf(post('/v1.41/containers/web/exec', { Cmd: ['sh'], Privileged: true }))).rules).toEqual(['exec-privileged']);
    const root = await verdictOf(post('/v1.41/containers/web/exec', { Cmd: ['mysql', '-pS3cr3t-Pass'], User: '0:0' }));
    expect(root.rules).toEqual(['exec-root']);
    expect(root.message).toContain('exec mysql as 0:0 in web');
    expect(root.message).not.toContain('S3cr3t');
    expect(await verdictOf(post('/v1.41/containers/web/exec', { Cmd: ['sh'], User: 'app' }))).toMatchObject({ deny: false });
    expect((await verdictOf(post('/v1.41/containers/web/update', { PidsLimit: -1, Memory: -1 }))).rules).toEqual(['memory-limit', 'pids-limit']);
    expect(await verdictOf(post('/v1.41/containers/web/update', { PidsLimit: 200, Memory: 0 }))).toMatchObject({ deny: false });
    const pull = post('/v1.41/plugins/pull?remote=vendor/volume-plugin&name=vol', [{ Name: 'mount', Value: ['/var/run/docker.sock'] }, { Name: 'network', Value: ['host'] }]);
    expect(await verdictOf(pull)).toMatchObject({ deny: true, kind: 'plugin', rules: ['docker-socket-mount'] });
    expect(await verdictOf(post('/v1.41/plugins/pull?remote=x', [{ Name: 'mount', Value: ['/var/lib/data'] }]))).toMatchObject({ deny: false });
    expect(await verdictOf(post('/v1.41/containers/web/exec', { Cmd: ['sh'], Privileged: true }), { policy: () => ({ profile: 'recommended', rules: { 'exec-privileged': { off: true } } }) })).toMatchObject({ deny: false });
  });

  it('fails closed on creates it cannot read, and lets other requests it does not judge pass', async () => {
    expect(await verdictOf(post('/v1.41/containers/create'))).toMatchObject({ deny: true, kind: 'undecidable' });
    expect(await verdictOf({ RequestMethod: 'POST', RequestUri: '/v1.41/containers/create', RequestBody: Buffer.from('{oops').toString('base64') })).toMatchObject({ deny: true, kind: 'undecidable' });
    const malformed = await verdictOf(post('/v1.41/containers/create', { Image: 'x', HostConfig: { Privileged: 'yes' } }));
    expect(malformed).toMatchObject({ deny: true, kind: 'undecidable' });
    expect(malformed.message).toContain('HostConfig.Privileged');
    expect(await verdictOf({ RequestMethod: 'GET', RequestUri: '/v1.41/containers/json' })).toMatchObject({ deny: false, kind: 'other' });
    expect(await verdictOf(post('/v1.41/networks/create', { Name: 'n' }))).toMatchObject({ deny: false, kind: 'other' });
    expect(await verdictOf({})).toMatchObject({ deny: false, kind: 'other' });
  });
});
