import { DANGEROUS_CAPABILITIES, normalizeCapability } from '../../model/capabilities.js';
import { defineRule } from '../define-rule.js';

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
  },
  verify: "docker inspect -f '{{.HostConfig.CapAdd}}' <container>",
  cis: '5.3',
  profiles: ['recommended', 'cis', 'baseline', 'restricted'],
  references: ['https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities'],
  options: {
    allow: { description: 'capabilities this rule accepts without a finding, e.g. ones the team has reviewed', example: ['SYS_NICE'] },
  },
  messages: { added: "adds {{capability}} beyond Docker's default set" },
  check(spec, { options, runtime }) {
    const allowed = new Set((options['allow'] ?? []).map(normalizeCapability));
    return (spec.capAdd ?? []).flatMap((raw, index) => {
      const capability = normalizeCapability(raw);
      if (DANGEROUS_CAPABILITIES.has(capability) || runtime.capabilities.includes(capability) || allowed.has(capability)) return [];
      return [{ messageId: 'added' as const, path: ['capAdd', index], data: { capability } }];
    });
  },
});
