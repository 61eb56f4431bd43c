import { defineRule, type Violation } from '../define-rule.js';

export const hostDevice = defineRule({
  id: 'host-device',
  severity: 'high',
  title: 'Host device exposed to the container',
  rationale:
    "A device node is a direct line to a kernel driver: a disk gives raw access to the host's filesystems, " +
    '/dev/mem and /dev/kmsg to kernel memory and logs, GPUs and USB devices to whatever else uses them. Device ' +
    'cgroup rules open whole classes of devices by number.',
  attack:
    "With the host's disk device mapped in, an attacker mounts or reads the raw block device and extracts " +
    "/etc/shadow, SSH keys and other containers' data without any file permission check.",
  remediation:
    'Pass only the specific device the workload needs, with the narrowest permissions (r, w or m), and avoid ' +
    'device cgroup rules that match many devices.',
  fix: {
    run: 'remove --device / --device-cgroup-rule, or narrow them: --device=/dev/<one device>:/dev/<name>:r',
    compose: 'remove or narrow the entries under `devices:` and `device_cgroup_rules:`',
    kubernetes:
      'remove the `hostPath` volume of the device (type CharDevice or BlockDevice); ask for the device through its device plugin in `resources.limits` (for example `nvidia.com/gpu: 1`)',
    quadlet: 'remove `AddDevice=`, or narrow it: `AddDevice=/dev/<one device>:/dev/<name>:r`',
  },
  verifyInCluster: "kubectl get pod <pod> -o jsonpath='{.spec.volumes[*].hostPath}'",
  verify: "docker inspect -f '{{json .HostConfig.Devices}} {{json .HostConfig.DeviceCgroupRules}} {{.HostConfig.Privileged}}' <container>",
  cis: '5.17',
  references: ['https://docs.docker.com/reference/cli/docker/container/run/#device'],
  profiles: ['recommended', 'cis', 'baseline', 'restricted'],
  // Each fix changes what the service can do: the user weighs it.
  remedy: { kind: 'decide' },
  messages: {
    device: 'has host device {{device}} ({{permissions}})',
    cgroupRule: 'may open host devices matching the cgroup rule "{{rule}}"',
  },
  check(spec) {
    // Every device of a privileged container is part of that one decision, which privileged reports.
    if (spec.privileged === true) return [];
    const violations: Violation<'device' | 'cgroupRule'>[] = [];
    (spec.devices ?? []).forEach((device, index) =>
      violations.push({
        messageId: 'device',
        path: ['devices', index],
        data: { device: device.pathOnHost, permissions: device.permissions || 'rwm' },
      }),
    );
    (spec.deviceCgroupRules ?? []).forEach((rule, index) =>
      violations.push({ messageId: 'cgroupRule', path: ['deviceCgroupRules', index], data: { rule } }),
    );
    return violations;
  },
});
