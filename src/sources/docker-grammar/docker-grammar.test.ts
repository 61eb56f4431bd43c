import { describe, expect, it } from 'vitest';
import {
  parseBytes,
  parseDevice,
  parseEnv,
  parseKeyValue,
  parseMount,
  parseNanoCpus,
  parsePublish,
  parsePublishWithPortVariables,
  parseRestart,
  parseSecurityOpt,
  parseTmpfs,
  parseUlimit,
  parseVolume,
  parseVolumesFrom,
} from './index.js';

describe('bytes', () => {
  it('reads binary multiples with optional b/ib suffixes, as RAMInBytes', () => {
    expect(parseBytes('1024')).toBe(1024);
    expect(parseBytes('512m')).toBe(512 * 1024 ** 2);
    expect(parseBytes('1g')).toBe(1024 ** 3);
    expect(parseBytes('1.5GiB')).toBe(1.5 * 1024 ** 3);
    expect(parseBytes(' 2kb ')).toBe(2048);
    expect(parseBytes('12x')).toBeUndefined();
    expect(parseBytes('')).toBeUndefined();
  });
});

describe('cpus', () => {
  it('reads a decimal number of CPUs as nano CPUs', () => {
    expect(parseNanoCpus('1.5')).toBe(1.5e9);
    expect(parseNanoCpus('0.25')).toBe(2.5e8);
    expect(parseNanoCpus('many')).toBeUndefined();
    expect(parseNanoCpus(undefined)).toBeUndefined();
  });
});

describe('publish', () => {
  it('reads [ip:][hostPort:]containerPort[/proto], IPv6 in brackets', () => {
    expect(parsePublish('80')).toEqual({ containerPort: '80/tcp', hostIp: '', hostPort: '' });
    expect(parsePublish('8080:80')).toEqual({ containerPort: '80/tcp', hostIp: '', hostPort: '8080' });
    expect(parsePublish('127.0.0.1:8080:80/udp')).toEqual({ containerPort: '80/udp', hostIp: '127.0.0.1', hostPort: '8080' });
    expect(parsePublish('[::1]:80:8080/udp')).toEqual({ containerPort: '8080/udp', hostIp: '::1', hostPort: '80' });
    expect(parsePublish('10.0.0.1::53')).toEqual({ containerPort: '53/tcp', hostIp: '10.0.0.1', hostPort: '' });
    expect(parsePublish('7000-7005:7000-7005')).toEqual({ containerPort: '7000-7005/tcp', hostIp: '', hostPort: '7000-7005' });
  });
  it('keeps ports that are variables named as ports, and nothing else unresolved (issue 16)', () => {
    expect(parsePublishWithPortVariables('${PORT:-8080}:80')).toEqual({ containerPort: '80/tcp', hostIp: '', hostPort: '${PORT:-8080}' });
    expect(parsePublishWithPortVariables('$RTC_PORT:$RTC_PORT/udp')).toEqual({
      containerPort: '$RTC_PORT/udp',
      hostIp: '',
      hostPort: '$RTC_PORT',
    });
    for (const written of ['${BIND}:80', '${HOST_PORT}:80:80', '$PORTAL:80', '${APP_PORT}:${TARGET}', '#0#:80'])
      expect(parsePublishWithPortVariables(written), written).toBeUndefined();
  });
  it('refuses what the CLI refuses', () => {
    expect(parsePublish('not:a:port:spec')).toBeUndefined();
    expect(parsePublish('http')).toBeUndefined();
    expect(parsePublish('[::1]:80')).toBeUndefined();
    // go-connections: 16-bit ports, ranges upwards, tcp, udp or sctp (issue 17).
    for (const written of ['99999:80', '80:65536', '90-80:90-80', '80:80/xyz', '80/tcp/udp'])
      expect(parsePublish(written), written).toBeUndefined();
    expect(parsePublish('0:80/SCTP')).toEqual({ containerPort: '80/SCTP', hostIp: '', hostPort: '0' });
  });
});

describe('volume', () => {
  it('tells named volumes from host paths and reads the options', () => {
    expect(parseVolume('data:/var/lib/data:ro', true)).toEqual({
      type: 'volume',
      source: 'data',
      destination: '/var/lib/data',
      readOnly: true,
    });
    expect(parseVolume('/srv:/srv:rshared,z', true)).toMatchObject({ type: 'bind', propagation: 'rshared', readOnly: false });
    expect(parseVolume('./conf:/etc/conf:readonly', true)).toMatchObject({ type: 'bind', source: './conf', readOnly: true });
    expect(parseVolume('/anonymous', true)).toEqual({ type: 'volume', destination: '/anonymous', readOnly: false });
  });
  it('leaves an unknown source out and counts the mount as a bind', () => {
    expect(parseVolume('${DATA}:/data', false)).toEqual({ type: 'bind', destination: '/data', readOnly: false });
  });
});

describe('volumes-from', () => {
  it('reads the container and whether its mounts are made read-only', () => {
    expect(parseVolumesFrom('db')).toEqual({ container: 'db', readOnly: false });
    expect(parseVolumesFrom('db:ro')).toEqual({ container: 'db', readOnly: true });
    expect(parseVolumesFrom('db:rw')).toEqual({ container: 'db', readOnly: false });
  });
});

describe('mount', () => {
  it('reads binds and volumes with the aliases the CLI accepts', () => {
    expect(parseMount('type=bind,src=/x,dst=/y,readonly,bind-propagation=rshared')).toEqual({
      destination: '/y',
      mount: { type: 'bind', source: '/x', destination: '/y', readOnly: true, propagation: 'rshared' },
    });
    expect(parseMount('source=data,target=/data,ro=false')?.mount).toEqual({
      type: 'volume',
      source: 'data',
      destination: '/data',
      readOnly: false,
    });
  });
  it('reads tmpfs as a tmpfs and refuses what it cannot place', () => {
    expect(parseMount('type=tmpfs,destination=/run')).toEqual({ tmpfsOptions: [], destination: '/run' });
    expect(parseMount('type=bind,source=/x')).toBeUndefined();
    expect(parseMount('type=npipe,target=/x')).toBeUndefined();
  });
});

describe('restart', () => {
  it('reads a policy and its retry count', () => {
    expect(parseRestart('always')).toEqual({ name: 'always', maximumRetryCount: 0 });
    expect(parseRestart('on-failure:5')).toEqual({ name: 'on-failure', maximumRetryCount: 5 });
    expect(parseRestart('on-failure:x')).toEqual({ name: 'on-failure', maximumRetryCount: 0 });
  });
});

describe('device', () => {
  it('defaults the container path to the host path and permissions to rwm', () => {
    expect(parseDevice('/dev/fuse')).toEqual({ pathOnHost: '/dev/fuse', pathInContainer: '/dev/fuse', permissions: 'rwm' });
    expect(parseDevice('/dev/sda:/dev/xvda:r')).toEqual({ pathOnHost: '/dev/sda', pathInContainer: '/dev/xvda', permissions: 'r' });
  });
});

describe('tmpfs', () => {
  it('splits the destination from its mount options at the first colon', () => {
    expect(parseTmpfs('/run')).toEqual({ destination: '/run', options: [] });
    expect(parseTmpfs('/run:rw,noexec,size=64m')).toEqual({ destination: '/run', options: ['rw', 'noexec', 'size=64m'] });
  });
});

describe('env and key=value', () => {
  it('reads NAME=value, and NAME alone as a pass-through without a value', () => {
    expect(parseEnv('A=b=c')).toEqual({ name: 'A', value: 'b=c' });
    expect(parseEnv('EMPTY=')).toEqual({ name: 'EMPTY', value: '' });
    expect(parseEnv('PASSED')).toEqual({ name: 'PASSED' });
  });
  it('reads KEY=value with an empty value when there is none', () => {
    expect(parseKeyValue('net.ipv4.ip_forward=1')).toEqual(['net.ipv4.ip_forward', '1']);
    expect(parseKeyValue('a=b=c')).toEqual(['a', 'b=c']);
    expect(parseKeyValue('flag')).toEqual(['flag', '']);
  });
});

describe('ulimit', () => {
  it('reads soft and hard limits, the hard one defaulting to the soft', () => {
    expect(parseUlimit('nofile=1024:2048')).toEqual({ name: 'nofile', soft: 1024, hard: 2048 });
    expect(parseUlimit('nproc=512')).toEqual({ name: 'nproc', soft: 512, hard: 512 });
    expect(parseUlimit('memlock=-1:-1')).toEqual({ name: 'memlock', soft: -1, hard: -1 });
  });
  it('refuses a soft limit above the hard one and malformed values', () => {
    expect(parseUlimit('nofile=2048:1024')).toBeUndefined();
    expect(parseUlimit('nofile')).toBeUndefined();
  });
});

describe('security options', () => {
  it('reads key=value, the old key:value and bare flags', () => {
    expect(parseSecurityOpt('seccomp=unconfined')).toEqual({ key: 'seccomp', value: 'unconfined' });
    expect(parseSecurityOpt('apparmor:docker-default')).toEqual({ key: 'apparmor', value: 'docker-default' });
    expect(parseSecurityOpt('No-New-Privileges')).toEqual({ key: 'no-new-privileges', value: undefined });
  });
});
