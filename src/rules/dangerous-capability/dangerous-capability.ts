import { DANGEROUS_CAPABILITIES, normalizeCapability } from '../../model/capabilities.js';
import type { ContainerSpec } from '../../model/container-spec.js';
import { defineRule } from '../define-rule.js';

/**
 * Capabilities whose power the kernel checks against one namespace of the container: NET_ADMIN
 * reconfigures the network namespace it is held in, SYS_PTRACE reaches only the processes its PID
 * namespace shows (capabilities(7), network_namespaces(7), pid_namespaces(7)). In the container's
 * own namespace they reach the container alone; sharing the host's, they reach the host.
 */
const BOUNDED_BY_NAMESPACE: Readonly<Record<string, { namespace: string; field: 'networkMode' | 'pidMode' }>> = {
  NET_ADMIN: { namespace: 'network', field: 'networkMode' },
  SYS_PTRACE: { namespace: 'PID', field: 'pidMode' },
};

function violationFor(spec: ContainerSpec, capability: string, index: number) {
  const path = ['capAdd', index];
  const bound = BOUNDED_BY_NAMESPACE[capability];
  if (!bound) return { messageId: 'dangerous' as const, path, data: { capability } };
  const data = { capability, namespace: bound.namespace };
  return spec[bound.field] === 'host'
    ? { messageId: 'hostNamespace' as const, path, data }
    : { messageId: 'ownNamespace' as const, path, data, severity: 'medium' as const };
}

export const dangerousCapability = defineRule({
  id: 'dangerous-capability',
  severity: 'high',
  title: 'Capability with host-level power added',
  rationale:
    'Some capabilities are close to full root on the host: SYS_ADMIN allows mounts and namespace changes, ' +
    'SYS_MODULE loads kernel modules, SYS_PTRACE reads other processes, DAC_READ_SEARCH opens any host file by ' +
    'handle, NET_ADMIN reconfigures networking, BPF and PERFMON load kernel programs. Adding one turns a contained ' +
    "compromise into a host compromise. NET_ADMIN and SYS_PTRACE act on the container's own network and PID " +
    "namespaces (medium severity there, still more kernel surface than most services need) and on the host's when " +
    'it shares them.',
  remediation:
    'Remove the capability. If the workload truly needs it, isolate it on a dedicated host, and prefer a narrower ' +
    'mechanism (a device, a sysctl, a sidecar run by the platform).',
  attack:
    'With SYS_ADMIN an attacker in the container mounts a cgroup filesystem and uses the release_agent trick to ' +
    'run a command on the host; with SYS_MODULE they load a kernel module; with DAC_READ_SEARCH they open ' +
    '/etc/shadow on the host by file handle.',
  fix: {
    run: '--cap-drop=ALL --cap-add=<only what is needed>   (remove --cap-add=<dangerous capability>)',
    compose: 'remove the capability from `cap_add`; keep `cap_drop: [ALL]`',
    kubernetes: 'remove the capability from `securityContext.capabilities.add`; keep `drop: [ALL]`',
    quadlet: '`DropCapability=ALL`, `AddCapability=<only what is needed>`   (remove the dangerous capability from AddCapability=)',
  },
  verifyInCluster:
    'kubectl get pod <pod> -o jsonpath=\'{range .spec.containers[*]}{.name}: {.securityContext.capabilities.add}{"\\n"}{end}\'',
  verify: "docker inspect -f '{{.HostConfig.CapAdd}}' <container>",
  cis: '5.3',
  profiles: ['recommended', 'cis', 'baseline', 'restricted'],
  references: ['https://man7.org/linux/man-pages/man7/capabilities.7.html'],
  options: {
    allow: { description: 'capabilities this rule accepts without a finding, e.g. ones the team has reviewed', example: ['NET_ADMIN'] },
  },
  // Each fix changes what the service can do: the user weighs it.
  remedy: { kind: 'decide' },
  messages: {
    dangerous: 'adds {{capability}}, which grants host-level power',
    hostNamespace: "adds {{capability}} while sharing the host's {{namespace}} namespace, which makes it host-level power",
    ownNamespace: "adds {{capability}}, whose power stays inside the container's own {{namespace}} namespace",
  },
  check(spec, { options }) {
    const allowed = new Set((options['allow'] ?? []).map(normalizeCapability));
    return (spec.capAdd ?? []).flatMap((raw, index) => {
      const capability = normalizeCapability(raw);
      return DANGEROUS_CAPABILITIES.has(capability) && !allowed.has(capability) ? [violationFor(spec, capability, index)] : [];
    });
  },
});
