import { describe, expect, it } from 'vitest';
import { CREATE_REQUEST, UPDATE_REQUEST } from '../sources/authz-request/engine-api-types.js';
import { decodeGo, foldKey, GoJsonError, parseGoJson } from './go-json.js';

const decode = (text: string, type = CREATE_REQUEST) => decodeGo(type, parseGoJson(Buffer.from(text))) as Record<string, unknown>;

describe('JSON read as dockerd reads it', () => {
  it('matches struct fields case-insensitively, with the Unicode letters Go folds to ASCII', () => {
    expect(decode('{"hostconfig":{"privileged":true,"capadd":["SYS_ADMIN"],"binds":["/:/h"]}}')).toEqual({
      HostConfig: { Privileged: true, CapAdd: ['SYS_ADMIN'], Binds: ['/:/h'] },
    });
    // ſ (long s) folds to S and the Kelvin sign to K in every Go version; ı and İ to I since Go 1.21.
    expect(decode('{"Ho\u017ftConfig":{"Pr\u0131vileged":true,"Networ\u212aMode":"host"}}')).toEqual({
      HostConfig: { Privileged: true, NetworkMode: 'host' },
    });
    expect(foldKey('pidsLimit')).toBe(foldKey('PIDSLIMIT'));
    // Map keys are data, not fields: no folding.
    expect(decode('{"Labels":{"a":"1","A":"2"}}')).toEqual({ Labels: { a: '1', A: '2' } });
  });

  it('merges a struct given twice and keeps the last scalar, as decoding twice into one struct does', () => {
    expect(decode('{"HostConfig":{"Privileged":true},"HostConfig":{"NetworkMode":"none"}}')).toEqual({
      HostConfig: { Privileged: true, NetworkMode: 'none' },
    });
    expect(decode('{"HostConfig":{"Privileged":true,"privileged":false}}')).toEqual({ HostConfig: { Privileged: false } });
    expect(decode('{"Labels":{"a":"1"},"labels":{"b":"2"}}')).toEqual({ Labels: { a: '1', b: '2' } });
    // A list is replaced, not merged.
    expect(decode('{"HostConfig":{"CapAdd":["SYS_ADMIN"],"CapAdd":["CHOWN"]}}')).toEqual({ HostConfig: { CapAdd: ['CHOWN'] } });
  });

  it('treats null as Go does: a pointer, list or map becomes nil, a bool or string stays', () => {
    expect(decode('{"HostConfig":{"Privileged":true,"Privileged":null,"Binds":["/:/h"],"Binds":null}}')).toEqual({
      HostConfig: { Privileged: true },
    });
    expect(decode('{"HostConfig":{"Privileged":true},"HostConfig":null}')).toEqual({});
    expect(decode('{"PidsLimit":5,"PidsLimit":null}', UPDATE_REQUEST)).toEqual({});
  });

  it("reads a capability list given as one string (strslice), and Go's escapes", () => {
    expect(decode('{"HostConfig":{"CapAdd":"SYS_ADMIN"}}')).toEqual({ HostConfig: { CapAdd: ['SYS_ADMIN'] } });
    expect(decode('{"HostConfig":{"Privil\\u0065ged":true,"NetworkMode":"h\\u006fst"}}')).toEqual({
      HostConfig: { Privileged: true, NetworkMode: 'host' },
    });
    expect(decode('{"Env":["A=\\ud800"]}')).toEqual({ Env: ['A=\ufffd'] });
  });

  it('reads the first value only, as json.Decoder does', () => {
    expect(decode('{"Image":"x"} {"HostConfig":{"Privileged":true}}')).toEqual({ Image: 'x' });
  });

  it('refuses what dockerd refuses, and objects in a list given twice, which Go versions read differently', () => {
    for (const body of [
      '{"HostConfig":{"Privileged":"true"}}',
      '{"HostConfig":{"Memory":1.5}}',
      '{"HostConfig":{"Memory":1e3}}',
      '{"Image": ',
      '',
      '{"a":1,}',
      '{"HostConfig":{"CapAdd":[1]}}',
    ]) {
      expect(() => decode(body), body).toThrow(GoJsonError);
    }
    expect(() => decode('{"HostConfig":{"Mounts":[{"Type":"bind","Source":"/","Target":"/h"}],"Mounts":[{"Target":"/x"}]}}')).toThrow(
      /twice/,
    );
    expect(() => decode(`${'['.repeat(600)}${']'.repeat(600)}`)).toThrow(/deeply/);
  });

  it('keeps __proto__ in a map as data', () => {
    const decoded = decode('{"Labels":{"__proto__":"x","a":"b"}}');
    expect(Object.entries(decoded['Labels'] as object)).toEqual([
      ['__proto__', 'x'],
      ['a', 'b'],
    ]);
  });
});
