import { apparmorUnconfined } from './apparmor-unconfined/apparmor-unconfined.js';
import { capabilitiesNotDropped } from './capabilities-not-dropped/capabilities-not-dropped.js';
import { capabilityAdded } from './capability-added/capability-added.js';
import { dangerousCapability } from './dangerous-capability/dangerous-capability.js';
import type { Rule } from './define-rule.js';
import { dockerSocketMount } from './docker-socket-mount/docker-socket-mount.js';
import { envSecret } from './env-secret/env-secret.js';
import { hostNetwork } from './host-network/host-network.js';
import { hostPid } from './host-pid/host-pid.js';
import { legacyLink } from './legacy-link/legacy-link.js';
import { metadataApiExposure } from './metadata-api-exposure/metadata-api-exposure.js';
import { netRaw } from './net-raw/net-raw.js';
import { portAllInterfaces } from './port-all-interfaces/port-all-interfaces.js';
import { privileged } from './privileged/privileged.js';
import { selinuxDisabled } from './selinux-disabled/selinux-disabled.js';
import { sensitiveHostMount } from './sensitive-host-mount/sensitive-host-mount.js';

/** Every rule, in the order a reader meets them in the README. */
export const RULES: readonly Rule[] = [
  privileged,
  dangerousCapability,
  capabilityAdded,
  capabilitiesNotDropped,
  netRaw,
  hostNetwork,
  hostPid,
  portAllInterfaces,
  legacyLink,
  dockerSocketMount,
  sensitiveHostMount,
  envSecret,
  selinuxDisabled,
  apparmorUnconfined,
  metadataApiExposure,
];
