import { parseSecurityOpt } from '../../model/security-options.js';
import type { ContainerSpec } from '../../model/container-spec.js';
import { defineRule } from '../define-rule.js';

function impliedBy(spec: ContainerSpec): { path: 'pidMode' | 'ipcMode'; text: string } | undefined {
  if (spec.pidMode === 'host') return { path: 'pidMode', text: "shares the host's PID namespace" };
  if (spec.ipcMode === 'host') return { path: 'ipcMode', text: "shares the host's IPC namespace" };
  return undefined;
}

export const selinuxDisabled = defineRule({
  id: 'selinux-disabled',
  severity: 'high',
  title: 'SELinux separation is turned off',
  rationale:
    'On SELinux hosts every container runs in its own label, so a process that escapes its namespaces still cannot ' +
    "touch other containers' or the host's files. label=disable removes that second wall.",
  remediation:
    'Remove label=disable. Where a volume needs relabelling use the :z or :Z mount option; to tailor confinement ' +
    'apply a specific label with --security-opt label=type:<type>.',
  attack:
    "On an SELinux host a process that breaks out of its namespaces is still confined to its container's label; " +
    'with labelling disabled it can read and write host files that its uid allows.',
  fix: {
    run: 'remove --security-opt label=disable   (optionally --security-opt label=type:<custom type>)',
    compose: 'remove `label:disable` from `security_opt` (optionally `label:type:<custom type>`)',
  },
  verify: "docker inspect -f '{{.HostConfig.SecurityOpt}} {{.ProcessLabel}}' <container>",
  cis: '5.2',
  profiles: ['recommended', 'cis', 'baseline', 'restricted'],
  references: ['https://docs.docker.com/reference/cli/docker/container/run/#security-opt'],
  messages: {
    disabled: 'turns SELinux separation off ({{option}})',
    implied: 'runs without SELinux separation because it {{cause}}',
  },
  check(spec, context) {
    // Privileged turns labelling off (the daemon writes label=disable into its options itself): part of
    // the one decision privileged reports, so the option is no choice of its own there.
    if (spec.privileged === true) return [];
    // The daemon itself adds label=disable to privileged containers and to those sharing the
    // host's PID or IPC namespace (moby daemon/create.go), so there the label is a consequence,
    // not a choice; it matters only where the host is known to enforce SELinux.
    const cause = impliedBy(spec);
    if (cause) {
      return context.host.selinux === true ? [{ messageId: 'implied', path: [cause.path], data: { cause: cause.text } }] : [];
    }
    // label= options add up (user, role, type, level); a disable among them switches labelling off.
    const index = (spec.securityOpt ?? []).findIndex((raw) => {
      const { key, value } = parseSecurityOpt(raw);
      return key === 'label' && value?.toLowerCase() === 'disable';
    });
    const option = spec.securityOpt?.[index];
    const path = ['securityOpt', index];
    return option === undefined ? [] : [{ messageId: 'disabled', path, data: { option }, remedy: { kind: 'remove', path } }];
  },
});
