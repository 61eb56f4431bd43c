import { posix } from 'node:path';

/**
 * Host paths whose exposure lets a container read or change the host, each
 * with everything below it: the CIS Docker Benchmark v1.6.0 recommendation
 * 5.5 list (/, /boot, /dev, /etc, /lib, /proc, /sys, /usr), where /etc and
 * /usr count by their system parts, since applications keep their own
 * directories there too (/etc/pihole, /usr/share/appdata/<app>): the
 * accounts, sudo, PAM, SSH and TLS private keys, cron, systemd, the engines'
 * and Kubernetes' configuration with their TLS keys and kubeconfigs
 * (/etc/docker, /etc/containerd, /etc/kubernetes, /etc/rancher), and the
 * system binaries and libraries. Widened with the other system binaries,
 * root's home and the host's logs (both by their system parts), and the engines' own state and runtime directories: dockerd's
 * data-root and exec-root (/var/lib/docker, /var/run/docker, which holds the
 * containerd socket dockerd starts and the plugin sockets) and containerd's
 * (/var/lib/containerd, /run/containerd); and the host services whose
 * sockets or files act as root: the system D-Bus and systemd's private
 * socket (either starts a unit; the rest of /run/systemd, such as the
 * journal's socket that log agents mount, does not), root's crontabs, the
 * kubelet's state and credentials, libvirt, BuildKit, LXD and snapd, and the
 * users' runtime directories with their session buses and rootless engines.
 * /var/run is /run on current distributions, so both spellings are listed.
 * A directory above any of these (/, /etc, /usr, /var, /run) exposes it too.
 */
export const SENSITIVE_HOST_PATHS: readonly string[] = [
  '/boot',
  '/dev',
  '/proc',
  '/sys',
  '/bin',
  '/sbin',
  // Root's home by the parts that hold keys and run code at login, so /root/data/<app> is an application's.
  '/root/.ssh',
  '/root/.docker',
  '/root/.kube',
  '/root/.aws',
  '/root/.gnupg',
  '/root/.config',
  '/root/.bashrc',
  '/root/.profile',
  '/root/.bash_profile',
  // The host's own logs (read, they leak what other services log; written, they hide an intrusion),
  // not an application's directory below /var/log.
  '/var/log/journal',
  '/var/log/audit',
  '/var/log/auth.log',
  '/var/log/syslog',
  '/var/log/messages',
  '/var/log/secure',
  '/var/log/kern.log',
  // A Kubernetes node's copy of every pod's output, which the kubelet follows as root (symbolic links included).
  '/var/log/pods',
  '/var/log/containers',
  '/etc/passwd',
  '/etc/shadow',
  '/etc/group',
  '/etc/gshadow',
  '/etc/sudoers',
  '/etc/sudoers.d',
  '/etc/pam.d',
  '/etc/security',
  '/etc/ssh',
  '/etc/ssl/private',
  '/etc/crontab',
  '/etc/cron.d',
  '/etc/cron.hourly',
  '/etc/cron.daily',
  '/etc/cron.weekly',
  '/etc/cron.monthly',
  '/etc/systemd',
  '/etc/init.d',
  '/etc/ld.so.preload',
  '/etc/ld.so.conf.d',
  '/etc/modprobe.d',
  '/etc/sysctl.d',
  '/etc/docker',
  '/etc/containerd',
  '/etc/containers',
  '/etc/crio',
  '/etc/kubernetes',
  // The CNI plugins a node's runtime runs as root for every pod, and their configuration.
  '/etc/cni',
  '/opt/cni',
  '/etc/rancher',
  '/usr/bin',
  '/usr/sbin',
  '/usr/lib',
  '/usr/lib32',
  '/usr/lib64',
  '/usr/libexec',
  '/usr/local/bin',
  '/usr/local/sbin',
  '/usr/local/lib',
  '/var/lib/docker',
  '/var/run/docker',
  '/run/docker',
  '/var/lib/containerd',
  '/var/run/containerd',
  '/run/containerd',
  '/run/dbus',
  '/var/run/dbus',
  '/run/systemd/private',
  '/var/run/systemd/private',
  '/var/spool/cron',
  '/var/lib/kubelet',
  '/run/libvirt',
  '/var/run/libvirt',
  '/run/buildkit',
  '/var/lib/buildkit',
  '/var/snap/lxd',
  '/var/lib/lxd',
  '/run/snapd.socket',
  '/run/snapd-snap.socket',
  '/run/user',
  '/var/run/user',
];
const LIB_DIRECTORY = /^\/lib(32|64|x32)?$/; // Debian's multilib roots: /lib, /lib32, /lib64, /libx32

/**
 * Where container engines put their API sockets by default: Docker
 * (/var/run/docker.sock, rootless /run/user/<uid>/docker.sock), containerd,
 * CRI-O, Podman (rootful and rootless) and cri-dockerd.
 */
const ENGINE_SOCKETS: readonly string[] = [
  '/var/run/docker.sock',
  '/run/docker.sock',
  '/var/run/containerd/containerd.sock',
  '/run/containerd/containerd.sock',
  // The containerd dockerd starts for itself, under its exec-root.
  '/var/run/docker/containerd/containerd.sock',
  '/run/docker/containerd/containerd.sock',
  '/var/run/crio/crio.sock',
  '/run/crio/crio.sock',
  '/var/run/podman/podman.sock',
  '/run/podman/podman.sock',
  '/var/run/cri-dockerd.sock',
  '/run/cri-dockerd.sock',
];
// Docker Desktop's raw socket (docker.sock.raw) and the dockershim's are the engine API too.
const ENGINE_SOCKET_NAME = /(^|\/)(docker|containerd|crio|podman|cri-dockerd|dockershim)\.sock(\.raw)?$/;

/** Whether a path, even one with parts only known at run time (`${XDG_RUNTIME_DIR}/docker.sock`), ends in an engine socket's name. */
export function namesEngineSocket(path: string): boolean {
  return ENGINE_SOCKET_NAME.test(path);
}
const ROOTLESS_RUNTIME_DIR = /^\/run\/user\/\d+(\/podman)?$/;

export function normalizeHostPath(path: string): string {
  const normalized = posix.normalize(path);
  return normalized.length > 1 && normalized.endsWith('/') ? normalized.slice(0, -1) : normalized;
}

function isAtOrBelow(path: string, directory: string): boolean {
  return path === directory || path.startsWith(`${directory}/`);
}

/**
 * The sensitive path a host path is, lies below, or holds (a directory above
 * one, such as /etc or /var, is returned as itself); undefined when it is
 * not sensitive.
 */
export function sensitiveHostPath(hostPath: string, extraPaths: readonly string[] = []): string | undefined {
  const path = normalizeHostPath(hostPath);
  if (path === '/') return '/';
  // Only symbolic links (by-id, by-uuid…), which resolve in the container's own /dev (cAdvisor mounts it).
  if (path === '/dev/disk') return undefined;
  const lib = path.split('/').slice(0, 2).join('/');
  if (LIB_DIRECTORY.test(lib)) return lib;
  const sensitive = [...SENSITIVE_HOST_PATHS, ...extraPaths.map(normalizeHostPath)];
  return (
    sensitive.find((directory) => isAtOrBelow(path, directory)) ??
    (sensitive.some((directory) => isAtOrBelow(directory, path)) ? path : undefined)
  );
}

/**
 * True when a host path is an engine API socket or a directory that holds one,
 * so that mounting it hands the container the engine's API: a default
 * socket path, or one of `knownSockets` (where the audited engine listens).
 * The whole filesystem and /var hold one too.
 */
export function holdsEngineSocket(hostPath: string, knownSockets: readonly string[] = []): boolean {
  const path = normalizeHostPath(hostPath);
  if (ENGINE_SOCKET_NAME.test(path) || ROOTLESS_RUNTIME_DIR.test(path)) return true;
  return [...ENGINE_SOCKETS, ...knownSockets.map(normalizeHostPath)].some(
    (socket) => path === '/' || socket.startsWith(`${path}/`) || socket === path,
  );
}

/** Trees that hold an engine socket among everything else: a mount of them is first a mount of the host's filesystem. */
const WHOLE_TREES: ReadonlySet<string> = new Set(['/', '/var']);

/**
 * A mount whose point is the engine's API: a socket or the runtime directory that holds it
 * (/var/run, /run/docker), not a whole tree that also does (/, /var).
 */
export function isEngineSocketMount(hostPath: string, knownSockets: readonly string[] = []): boolean {
  return !WHOLE_TREES.has(normalizeHostPath(hostPath)) && holdsEngineSocket(hostPath, knownSockets);
}

/** Where the kubelet mounts a pod's service account token, unless the pod or its account opts out. */
export const SERVICE_ACCOUNT_TOKEN_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
