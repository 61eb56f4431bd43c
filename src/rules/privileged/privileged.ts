import { defineRule } from '../define-rule.js';

/** What fix puts beside the decision: privileged is rarely the only way. */
const INSTEAD =
  'most privileged services need one or two things instead: SYS_ADMIN and --device /dev/fuse for FUSE mounts, ' +
  'NET_ADMIN and --device /dev/net/tun for VPNs and firewalls, SYS_PTRACE for debuggers and profilers, SYS_TIME for clock sync, ' +
  'or one --device for a specific piece of hardware; Docker-in-Docker is the one common case that needs privileged';

export const privileged = defineRule({
  id: 'privileged',
  severity: 'critical',
  title: 'Container runs privileged',
  rationale:
    'A privileged container receives every capability, sees all host devices and runs without the seccomp, ' +
    'AppArmor and SELinux confinement Docker normally applies. Code running as root inside it can take over the ' +
    'host in a few steps, for example by mounting the host disk from /dev.',
  remediation:
    'Remove --privileged. Grant only the capabilities the workload needs with --cap-add after --cap-drop=ALL, and ' +
    'pass individual devices with --device when hardware access is the reason.',
  attack:
    'Someone who gets code execution in the container (a vulnerable web handler, a malicious dependency) mounts ' +
    "the host's root disk from /dev/sda1, writes a cron job or an SSH key, and owns the host.",
  fix: {
    run: '--cap-drop=ALL --cap-add=<needed capability> [--device=<host device>]   (instead of --privileged)',
    compose: 'remove `privileged: true`; add `cap_drop: [ALL]`, `cap_add: [<needed>]` and `devices: [<host device>]`',
    kubernetes: 'remove `privileged: true` from the `securityContext`; add `capabilities: {drop: [ALL], add: [<needed>]}`',
    quadlet: 'remove `PodmanArgs=--privileged`; add `DropCapability=ALL`, `AddCapability=<needed>` and `AddDevice=<host device>`',
  },
  verifyInCluster: 'kubectl get pod <pod> -o jsonpath=\'{range .spec.containers[*]}{.name}: {.securityContext.privileged}{"\\n"}{end}\'',
  verify: "docker inspect -f '{{.HostConfig.Privileged}}' <container>",
  cis: '5.4',
  profiles: ['recommended', 'cis', 'baseline', 'restricted'],
  references: ['https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities'],
  remedy: { kind: 'decide', alternative: INSTEAD },
  // A privileged container has every capability and device, and no seccomp, LSM or masked paths, whatever else it says.
  overrides: [
    'seccomp-unconfined',
    'apparmor-unconfined',
    'selinux-disabled',
    'systempaths-unconfined',
    'capabilities-not-dropped',
    'capability-added',
    'dangerous-capability',
    'net-raw',
    'host-device',
  ],
  messages: { privileged: 'runs privileged: every capability, every host device, no seccomp or LSM confinement' },
  check(spec) {
    return spec.privileged === true ? [{ messageId: 'privileged', path: ['privileged'] }] : [];
  },
});
