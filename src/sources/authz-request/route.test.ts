import { describe, expect, it } from 'vitest';
import { routeRequest, versionLessThan } from './route.js';

const endpoint = (method: string, uri: string) => {
  const routed = routeRequest(method, uri);
  return 'endpoint' in routed ? routed.endpoint : 'unknown' in routed ? 'unknown' : 'problem';
};

describe('routing a request as dockerd routes it', () => {
  it('decodes the path and takes off any version prefix of digits and dots', () => {
    for (const uri of [
      '/containers/create',
      '/v1.41/containers/create',
      '/v1.41.0/containers/create',
      '/v1/containers/create',
      '/v1.41/containers/%63reate',
      '/v1.41/containers%2Fcreate',
      '/%761.41/containers/create',
      '/v1.41//containers/./create?name=x',
      '/v1.41/containers/create/',
    ]) {
      expect(endpoint('POST', uri), uri).toBe('container-create');
    }
    expect(endpoint('post', '/containers/create')).toBe('container-create');
  });

  it('names the container of a route, slashes and escapes included', () => {
    const routed = routeRequest('POST', '/v1.41/containers/w%65b/exec');
    expect(routed).toMatchObject({ endpoint: 'exec-create', name: 'web', version: '1.41' });
    expect(routeRequest('POST', '/containers/a/b/update')).toMatchObject({ endpoint: 'container-update', name: 'a/b' });
    expect(endpoint('POST', '/v1.41/exec/abc/start')).toBe('exec-start');
    expect(endpoint('POST', '/v1.41/exec/abc/resize')).toBe('pass');
    expect(endpoint('POST', '/v1.41/containers/web/restart')).toBe('container-start');
  });

  it('routes every endpoint that changes what runs to a judgement, and an unknown write to none', () => {
    expect(endpoint('POST', '/v1.23/containers/x/start')).toBe('container-start');
    expect(endpoint('POST', '/services/create')).toBe('service-create');
    expect(endpoint('POST', '/services/s/update?version=3')).toBe('service-update');
    expect(endpoint('POST', '/plugins/pull?remote=x')).toBe('plugin-pull');
    expect(endpoint('POST', '/plugins/create?name=p')).toBe('plugin-create');
    expect(endpoint('POST', '/plugins/p/set')).toBe('plugin-set');
    expect(endpoint('POST', '/plugins/p/upgrade')).toBe('plugin-upgrade');
    expect(endpoint('POST', '/volumes/create')).toBe('volume-create');
    expect(endpoint('POST', '/v1.41/some/new/endpoint')).toBe('unknown');
    expect(endpoint('PATCH', '/containers/x')).toBe('unknown');
    expect(endpoint('GET', '/containers/json')).toBe('pass');
    expect(endpoint('DELETE', '/containers/x')).toBe('pass');
    expect(endpoint('POST', '/containers/%zz/exec')).toBe('problem');
  });

  it('compares API versions by number', () => {
    expect(versionLessThan('1.23', '1.24')).toBe(true);
    expect(versionLessThan('1.9', '1.24')).toBe(true);
    expect(versionLessThan('1.24.0', '1.24')).toBe(false);
    expect(versionLessThan('1.41', '1.24')).toBe(false);
  });
});
