import { DANGEROUS_CAPABILITIES, DOCKER_DEFAULT_CAPABILITIES, normalizeCapability } from '../../model/capabilities.js';
import { defineRule, type Violation } from '../define-rule.js';

/**
 * What the Pod Security baseline level lets a pod add (Kubernetes' Pod
 * Security Standards, "Capabilities"): Docker's and containerd's defaults but NET_RAW.
 */
const POD_SECURITY_BASELINE_CAPABILITIES: ReadonlySet<string> = new Set(DOCKER_DEFAULT_CAPABILITIES.filter((cap) => cap !== 'NET_RAW'));

export const capabilityAdded = defineRule({
  id: 'capability-added',
  severity: 'medium',
  title: "Capability added beyond Docker's default set",
  rationale:
    "Every capability beyond Docker's default set widens what a compromised process can do to the kernel and the host. Each one " +
    'should be a deliberate, reviewed decision.',
  remediation: 'Confirm the workload needs the capability; remove it otherwise. Keep the rest of the set minimal with --cap-drop=ALL.',
  attack:
    "Each extra capability is an extra kernel interface: SYS_NICE starves the host's other workloads, IPC_LOCK pins host memory, " +
    'NET_BROADCAST floods the network segment.',
  fix: {
    run: 'remove --cap-add=<capability> unless the workload needs it',
    compose: 'remove the capability from `cap_add` unless the workload needs it',
    kubernetes: 'remove the capability from `securityContext.capabilities.add` unless the workload needs it',
    quadlet: 'remove the capability from `AddCapability=` unless the workload needs it',
  },
  verifyInCluster:
    'kubectl get pod <pod> -o jsonpath=\'{range .spec.containers[*]}{.name}: {.securityContext.capabilities.add}{"\\n"}{end}\'',
  verify: "docker inspect -f '{{.HostConfig.CapAdd}}' <container>",
  cis: '5.3',
  profiles: ['recommended', 'cis', 'baseline', 'restricted'],
  references: ['https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities'],
  options: {
    allow: { description: 'capabilities this rule accepts without a finding, e.g. ones the team has reviewed', example: ['SYS_NICE'] },
  },
  messages: {
    added: 'adds {{capability}} beyond {{defaults}}',
    beyondBaseline: 'adds {{capability}}, which the Pod Security baseline level does not allow a pod to add',
    beyondRestricted: 'adds {{capability}}; the Pod Security restricted level allows a pod to add only NET_BIND_SERVICE',
  },
  check(spec, { options, runtime }) {
    const allowed = new Set((options['allow'] ?? []).map(normalizeCapability));
    return (spec.capAdd ?? []).flatMap((raw, index): Violation<'added' | 'beyondBaseline' | 'beyondRestricted'>[] => {
      const capability = normalizeCapability(raw);
      if (DANGEROUS_CAPABILITIES.has(capability) || allowed.has(capability)) return [];
      const path = ['capAdd', index];
      // An added NET_RAW, beyond Podman's set, is net-raw's finding.
      if (!runtime.capabilities.includes(capability))
        return capability === 'NET_RAW' ? [] : [{ messageId: 'added', path, data: { capability, defaults: runtime.capabilitiesName } }];
      if (!runtime.podSecurity) return [];
      // check_capabilities_baseline.go and check_capabilities_restricted.go of k8s.io/pod-security-admission compare the
      // names as written: CAP_CHOWN or chown is not on their lists, whatever the runtime makes of it.
      const written = raw.trim();
      if (!POD_SECURITY_BASELINE_CAPABILITIES.has(written)) {
        // An added NET_RAW is net-raw's finding in every other profile.
        const onlyBaseline = capability === 'NET_RAW' ? { profiles: ['baseline'] as const } : {};
        return [{ messageId: 'beyondBaseline', path, data: { capability: written }, ...onlyBaseline }];
      }
      return written === 'NET_BIND_SERVICE'
        ? []
        : [{ messageId: 'beyondRestricted', path, data: { capability }, profiles: ['restricted'] }];
    });
  },
});
