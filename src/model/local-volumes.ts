import { posix } from 'node:path';

/** A host path a volume gives its containers, and whether they get it read-only. */
export interface VolumeHostPath {
  path: string;
  readOnly: boolean;
}

/**
 * Kernel filesystems a local volume can mount afresh (`type=proc`), by the
 * host path where the host has the same view: a fresh procfs is the host's
 * /proc (every process, /proc/sys writable), a fresh sysfs its /sys, and so
 * on. The places are where systemd mounts them (src/shared/mount-setup.c)
 * and the kernel's documentation puts them.
 */
const KERNEL_FILESYSTEMS: Readonly<Record<string, string>> = {
  proc: '/proc',
  sysfs: '/sys',
  devtmpfs: '/dev',
  devpts: '/dev/pts',
  mqueue: '/dev/mqueue',
  hugetlbfs: '/dev/hugepages',
  cgroup: '/sys/fs/cgroup',
  cgroup2: '/sys/fs/cgroup',
  // The cgroup v1 cpuset hierarchy under its legacy filesystem name.
  cpuset: '/sys/fs/cgroup',
  debugfs: '/sys/kernel/debug',
  tracefs: '/sys/kernel/tracing',
  securityfs: '/sys/kernel/security',
  configfs: '/sys/kernel/config',
  bpf: '/sys/fs/bpf',
  pstore: '/sys/fs/pstore',
  efivarfs: '/sys/firmware/efi/efivars',
  fusectl: '/sys/fs/fuse/connections',
  binfmt_misc: '/proc/sys/fs/binfmt_misc',
  selinuxfs: '/sys/fs/selinux',
};

/** Filesystems that start empty in memory: nothing of the host's in them. */
const MEMORY_FILESYSTEMS: ReadonlySet<string> = new Set(['tmpfs', 'ramfs']);

/** Network filesystems: their device names a remote export (`server:/path`, `//server/share`), not a host path. */
const NETWORK_FILESYSTEMS: ReadonlySet<string> = new Set(['nfs', 'nfs4', 'cifs', 'smb3', 'smbfs', 'ceph', 'glusterfs']);

/**
 * Filesystems on a block device, whose `device` is that device's host path
 * (`/dev/vda1`, or an image file with `o=loop`): mounting it gives the
 * container the disk.
 */
const BLOCK_FILESYSTEMS: ReadonlySet<string> = new Set([
  'ext2',
  'ext3',
  'ext4',
  'xfs',
  'btrfs',
  'vfat',
  'fat',
  'msdos',
  'exfat',
  'ntfs',
  'ntfs3',
  'f2fs',
  'squashfs',
  'iso9660',
  'udf',
  'erofs',
  'jfs',
  'reiserfs',
  'hfs',
  'hfsplus',
  'minix',
  'nilfs2',
  'bcachefs',
  'zfs',
]);

/**
 * A device the local driver hands to mount(8): `server:/export` (NFS) and
 * `//server/share` (CIFS) are remote; anything else is a host path, and a
 * relative one is resolved from dockerd's working directory, which is `/`
 * under systemd.
 */
function hostDevice(device: string | undefined): string | undefined {
  if (device === undefined || device === '' || device.startsWith('//')) return undefined;
  if (!device.startsWith('/') && device.includes(':')) return undefined;
  return posix.resolve('/', device);
}

/**
 * The host paths a volume of Docker's `local` driver exposes, from its
 * options (`docker volume create --opt`, Compose `driver_opts`, a mount's
 * `volume-opt`), which the driver passes to mount(2) as they are: a bind
 * (`o=bind`) of `device`; a kernel filesystem, which is the host's own; an
 * overlay of host directories; a block device's filesystem, which is that
 * device. A filesystem type none of these tables knows is returned as such,
 * for the caller to refuse. Another driver's options mean what that driver
 * makes of them, and are not read here.
 */
export function localVolumeHostPaths(
  driver: string | undefined,
  options: Readonly<Record<string, string>> | undefined,
): VolumeHostPath[] | { unknownType: string } {
  if (driver !== undefined && driver !== '' && driver !== 'local') return [];
  if (!options) return [];
  const flags = (options['o'] ?? '').split(',').map((flag) => flag.trim());
  // mount(8) applies options in order: `ro,bind,rw` is read-write.
  const readOnly = flags.lastIndexOf('ro') > flags.lastIndexOf('rw');
  const type = (options['type'] ?? '').trim();
  if (flags.includes('bind') || flags.includes('rbind')) {
    const path = hostDevice(options['device']);
    return path === undefined ? [] : [{ path, readOnly }];
  }
  const kernel = KERNEL_FILESYSTEMS[type];
  if (kernel !== undefined) return [{ path: kernel, readOnly }];
  if (MEMORY_FILESYSTEMS.has(type)) return [];
  if (type === 'overlay') {
    const value = (key: string) => flags.find((flag) => flag.startsWith(`${key}=`))?.slice(key.length + 1);
    const lower = (value('lowerdir') ?? '')
      .split(':')
      .filter(Boolean)
      .map((path) => ({ path: posix.resolve('/', path), readOnly: true }));
    const writable = [value('upperdir'), value('workdir')]
      .filter((path): path is string => Boolean(path))
      .map((path) => ({ path: posix.resolve('/', path), readOnly }));
    return [...lower, ...writable];
  }
  if (NETWORK_FILESYSTEMS.has(type)) return [];
  if (BLOCK_FILESYSTEMS.has(type) || type === '' || type === 'none') {
    const path = hostDevice(options['device']);
    return path === undefined ? [] : [{ path, readOnly }];
  }
  // Anything else may be another kernel filesystem with a view of the host: not guessed at.
  return { unknownType: type };
}
