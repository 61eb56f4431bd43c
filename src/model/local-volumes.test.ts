import { describe, expect, it } from 'vitest';
import { localVolumeHostPaths } from './local-volumes.js';

describe('host paths a local volume exposes', () => {
  it("reads a bind of a device path, relative ones from dockerd's working directory (/ under systemd)", () => {
    expect(localVolumeHostPaths('local', { type: 'none', o: 'bind', device: '/etc' })).toEqual([{ path: '/etc', readOnly: false }]);
    expect(localVolumeHostPaths(undefined, { type: 'none', o: 'rbind,ro', device: '../../etc' })).toEqual([
      { path: '/etc', readOnly: true },
    ]);
    expect(localVolumeHostPaths('', { o: 'bind', device: './srv/../etc' })).toEqual([{ path: '/etc', readOnly: false }]);
  });

  it("reads kernel filesystems as the host's own, and an overlay as its directories", () => {
    expect(localVolumeHostPaths('local', { type: 'proc', device: 'proc' })).toEqual([{ path: '/proc', readOnly: false }]);
    expect(localVolumeHostPaths('local', { type: 'cgroup', device: 'cgroup', o: 'devices' })).toEqual([
      { path: '/sys/fs/cgroup', readOnly: false },
    ]);
    expect(
      localVolumeHostPaths('local', { type: 'overlay', device: 'overlay', o: 'lowerdir=/srv/a:/srv/b,upperdir=/root,workdir=/srv/w' }),
    ).toEqual([
      { path: '/srv/a', readOnly: true },
      { path: '/srv/b', readOnly: true },
      { path: '/root', readOnly: false },
      { path: '/srv/w', readOnly: false },
    ]);
    expect(localVolumeHostPaths('local', { type: 'ext4', device: '../../dev/vda' })).toEqual([{ path: '/dev/vda', readOnly: false }]);
  });

  it('takes the last of ro and rw, as mount(8) applies them (regression: ro,bind,rw passed as read-only)', () => {
    expect(localVolumeHostPaths('local', { type: 'none', o: 'ro,bind,rw', device: '/etc' })).toEqual([{ path: '/etc', readOnly: false }]);
    expect(localVolumeHostPaths('local', { type: 'none', o: 'rw,rbind,ro', device: '/etc' })).toEqual([{ path: '/etc', readOnly: true }]);
  });

  it('does not guess at a filesystem type it does not know', () => {
    expect(localVolumeHostPaths('local', { type: 'cpuset', device: 'cpuset' })).toEqual([{ path: '/sys/fs/cgroup', readOnly: false }]);
    expect(localVolumeHostPaths('local', { type: 'newkernelfs', device: 'x' })).toEqual({ unknownType: 'newkernelfs' });
  });

  it("leaves memory, remote and other drivers' volumes alone", () => {
    expect(localVolumeHostPaths('local', { type: 'tmpfs', device: 'tmpfs', o: 'size=100m' })).toEqual([]);
    expect(localVolumeHostPaths('local', { type: 'nfs', o: 'addr=10.0.0.1,rw', device: ':/export/data' })).toEqual([]);
    expect(localVolumeHostPaths('local', { type: 'cifs', device: '//files/share' })).toEqual([]);
    expect(localVolumeHostPaths('local', undefined)).toEqual([]);
    expect(localVolumeHostPaths('rexray/ebs', { device: '/dev/xvdf' })).toEqual([]);
  });
});
