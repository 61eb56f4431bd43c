import { describe, expect, it } from 'vitest';
import { MISSING_SETTING_FIELDS, SpecBuilder } from './spec-builder.js';

const at = (line: number) => ({ file: 'f', line, column: 1 });

describe('SpecBuilder', () => {
  it('sets and pushes fields with their origin, and records the origin of a value it could not read', () => {
    const builder = new SpecBuilder<number>(at);
    builder.set('user', '1000', 2);
    builder.set('memory', undefined, 3);
    builder.push('capAdd', 'NET_ADMIN', 4);
    builder.push('capAdd', 'SYS_TIME', 5);
    const { spec, sourceMap } = builder.build();
    expect(spec).toEqual({ user: '1000', capAdd: ['NET_ADMIN', 'SYS_TIME'] });
    expect(sourceMap.locate(['memory'])).toEqual(at(3));
    expect(sourceMap.locate(['capAdd', 1])).toEqual(at(5));
    expect(sourceMap.locate(['capDrop'])).toBeUndefined();
  });

  it('places mounts, port bindings and variables in the one stable order, with their sub-paths', () => {
    const builder = new SpecBuilder<number>(at);
    builder.add('mounts', { type: 'bind', source: '/z', destination: '/z', readOnly: false }, 1, [['source', 11]]);
    builder.add('mounts', { type: 'volume', source: 'a', destination: '/a', readOnly: false }, 2, [['source', 12]]);
    builder.add('env', { name: 'B', value: '1' }, 3);
    builder.add('env', { name: 'A' }, 4);
    builder.add('env', { name: 'B', value: '2' }, 5);
    builder.add('portBindings', { containerPort: '80/tcp', hostIp: '', hostPort: '8080' }, 6);
    builder.add('portBindings', { containerPort: '443/tcp', hostIp: '', hostPort: '' }, 7);
    const { spec, sourceMap } = builder.build();
    expect(spec.mounts?.map((mount) => mount.destination)).toEqual(['/a', '/z']);
    expect(sourceMap.locate(['mounts', 0, 'source'])).toEqual(at(12));
    expect(sourceMap.locate(['mounts', 1])).toEqual(at(1));
    expect(spec.env).toEqual([{ name: 'A' }, { name: 'B', value: '1' }, { name: 'B', value: '2' }]);
    expect([0, 1, 2].map((index) => sourceMap.locate(['env', index])?.line)).toEqual([4, 3, 5]);
    expect(spec.portBindings?.map((binding) => binding.containerPort)).toEqual(['443/tcp', '80/tcp']);
    expect(sourceMap.locate(['portBindings', 0])).toEqual(at(7));
  });

  it('gives an ordered list only when something was added or the source says it is empty', () => {
    const builder = new SpecBuilder<number>(at);
    builder.present('portBindings');
    expect(builder.build().spec).toEqual({ portBindings: [] });
  });

  it("points the settings rules report as missing at the target's own location, and nothing else", () => {
    const builder = new SpecBuilder<number>(at, at(9));
    builder.set('user', undefined, 2);
    builder.at(['healthcheck'], undefined);
    const { sourceMap } = builder.build();
    expect(sourceMap.locate(['user'])).toEqual(at(2));
    expect(sourceMap.locate(['healthcheck'])).toEqual(at(9));
    for (const field of MISSING_SETTING_FIELDS.filter((field) => field !== 'user')) expect(sourceMap.locate([field]), field).toEqual(at(9));
    expect(sourceMap.locate(['sysctls'])).toBeUndefined();
  });

  it('has no fallback for a source that locates every field itself', () => {
    expect(new SpecBuilder<number>(at).build().sourceMap.locate(['logDriver'])).toBeUndefined();
  });
});
