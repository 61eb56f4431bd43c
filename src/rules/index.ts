import { apparmorUnconfined } from './apparmor-unconfined/apparmor-unconfined.js';
import { capabilitiesNotDropped } from './capabilities-not-dropped/capabilities-not-dropped.js';
import { capabilityAdded } from './capability-added/capability-added.js';
import { cgroupParent } from './cgroup-parent/cgroup-parent.js';
import { cpuLimit } from './cpu-limit/cpu-limit.js';
import { daemonIcc } from './daemon-icc/daemon-icc.js';
import { daemonLiveRestore } from './daemon-live-restore/daemon-live-restore.js';
import { daemonUsernsRemap } from './daemon-userns-remap/daemon-userns-remap.js';
import { dangerousCapability } from './dangerous-capability/dangerous-capability.js';
import { defaultBridge } from './default-bridge/default-bridge.js';
import { dockerSocketMount } from './docker-socket-mount/docker-socket-mount.js';
import { commandSecret } from './command-secret/command-secret.js';
import { envSecret } from './env-secret/env-secret.js';
import { execPrivileged } from './exec-privileged/exec-privileged.js';
import { execRoot } from './exec-root/exec-root.js';
import { healthcheck } from './healthcheck/healthcheck.js';
import { hostCgroupns } from './host-cgroupns/host-cgroupns.js';
import { hostDevice } from './host-device/host-device.js';
import { hostIpc } from './host-ipc/host-ipc.js';
import { hostNetwork } from './host-network/host-network.js';
import { hostPid } from './host-pid/host-pid.js';
import { hostUserns } from './host-userns/host-userns.js';
import { hostUts } from './host-uts/host-uts.js';
import { imageNotPinned } from './image-not-pinned/image-not-pinned.js';
import { labelSecret } from './label-secret/label-secret.js';
import { legacyLink } from './legacy-link/legacy-link.js';
import { loggingDisabled } from './logging-disabled/logging-disabled.js';
import { memoryLimit } from './memory-limit/memory-limit.js';
import { metadataApiExposure } from './metadata-api-exposure/metadata-api-exposure.js';
import { metadataNotBlocked } from './metadata-not-blocked/metadata-not-blocked.js';
import { mountPropagation } from './mount-propagation/mount-propagation.js';
import { netRaw } from './net-raw/net-raw.js';
import { noNewPrivileges } from './no-new-privileges/no-new-privileges.js';
import { pidsLimit } from './pids-limit/pids-limit.js';
import { portAllInterfaces } from './port-all-interfaces/port-all-interfaces.js';
import { privileged } from './privileged/privileged.js';
import { privilegedPort } from './privileged-port/privileged-port.js';
import { readonlyRootfs } from './readonly-rootfs/readonly-rootfs.js';
import { restartPolicy } from './restart-policy/restart-policy.js';
import { rootUser } from './root-user/root-user.js';
import { seccompUnconfined } from './seccomp-unconfined/seccomp-unconfined.js';
import { serviceAccountToken } from './service-account-token/service-account-token.js';
import { hostPathVolume } from './host-path-volume/host-path-volume.js';
import { hostPort } from './host-port/host-port.js';
import { probeHost } from './probe-host/probe-host.js';
import { volumeType } from './volume-type/volume-type.js';
import { selinuxDisabled } from './selinux-disabled/selinux-disabled.js';
import { sensitiveHostMount } from './sensitive-host-mount/sensitive-host-mount.js';
import { systempathsUnconfined } from './systempaths-unconfined/systempaths-unconfined.js';
import { tmpfsExec } from './tmpfs-exec/tmpfs-exec.js';
import { unauthenticatedTcpApi } from './unauthenticated-tcp-api/unauthenticated-tcp-api.js';
import { unsafeSysctl } from './unsafe-sysctl/unsafe-sysctl.js';
import { weakSecret } from './weak-secret/weak-secret.js';
import type { Rule } from './define-rule.js';

/** Every rule, in the order a reader meets them in the README: isolation first, hygiene after, the engine last. */
export const RULES: readonly Rule[] = [
  privileged,
  dangerousCapability,
  capabilityAdded,
  capabilitiesNotDropped,
  netRaw,
  hostNetwork,
  hostPid,
  hostIpc,
  hostUts,
  hostUserns,
  hostCgroupns,
  portAllInterfaces,
  privilegedPort,
  hostPort,
  legacyLink,
  defaultBridge,
  dockerSocketMount,
  sensitiveHostMount,
  hostPathVolume,
  volumeType,
  serviceAccountToken,
  mountPropagation,
  hostDevice,
  envSecret,
  labelSecret,
  commandSecret,
  weakSecret,
  seccompUnconfined,
  selinuxDisabled,
  apparmorUnconfined,
  systempathsUnconfined,
  noNewPrivileges,
  unsafeSysctl,
  rootUser,
  readonlyRootfs,
  tmpfsExec,
  memoryLimit,
  cpuLimit,
  pidsLimit,
  restartPolicy,
  healthcheck,
  loggingDisabled,
  cgroupParent,
  imageNotPinned,
  metadataApiExposure,
  probeHost,
  execPrivileged,
  execRoot,
  metadataNotBlocked,
  unauthenticatedTcpApi,
  daemonIcc,
  daemonUsernsRemap,
  daemonLiveRestore,
];
