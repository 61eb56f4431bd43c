import { describe, expect, it } from 'vitest';
import { RUN_FLAGS_OF } from '../sources/run-line/run-flags.js';
import { composeKey, composeSecurityOption, FIELD_TABLE, fieldOfFlag, inspectValue, isTableField, runFlag } from './field-table.js';

describe('the field table', () => {
  it('names the Compose key of each field, snake_case where Compose spells it so', () => {
    expect(composeKey('capAdd')).toBe('cap_add');
    expect(composeKey('securityOpt')).toBe('security_opt');
    expect(composeKey('pidsLimit')).toBe('pids_limit');
    expect(composeKey('privileged')).toBe('privileged');
    expect(composeKey('memory')).toBe('mem_limit');
    expect(composeKey('portBindings')).toBe('ports');
    expect(composeKey('env')).toBe('environment');
    expect(composeKey('restartPolicy')).toBe('restart');
    expect(composeKey('readonlyRootfs')).toBe('read_only');
  });

  it('names the docker run flag of each field, by any of its names', () => {
    expect(runFlag('securityOpt')).toBe('--security-opt');
    expect(runFlag('portBindings')).toBe('--publish');
    expect(fieldOfFlag('-p')).toBe('portBindings');
    expect(fieldOfFlag('--memory=64m')).toBe('memory');
    expect(fieldOfFlag('--no-such-flag')).toBeUndefined();
    expect(isTableField('capDrop')).toBe(true);
    expect(isTableField('toString')).toBe(false);
  });

  it('agrees with the docker run grammar: every flag of the table is one docker run knows', () => {
    for (const [field, syntax] of Object.entries(FIELD_TABLE))
      for (const flag of syntax.run) expect(RUN_FLAGS_OF.docker.has(flag), `${field}: ${flag}`).toBe(true);
  });

  it('reads a field from docker inspect output', () => {
    const inspect = { Config: { User: 'app' }, HostConfig: { Privileged: true, CapAdd: ['NET_ADMIN'] } };
    expect(inspectValue(inspect, 'user')).toBe('app');
    expect(inspectValue(inspect, 'privileged')).toBe(true);
    expect(inspectValue(inspect, 'capAdd')).toEqual(['NET_ADMIN']);
    expect(inspectValue({}, 'memory')).toBeUndefined();
  });

  it('writes a security option the way Compose documents it', () => {
    expect(composeSecurityOption('no-new-privileges=true')).toBe('no-new-privileges:true');
  });
});
