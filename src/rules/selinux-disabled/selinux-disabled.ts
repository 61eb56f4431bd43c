import { parseSecurityOpt } from '../../model/security-options.js';
import type { ContainerSpec } from '../../model/container-spec.js';
import { defineRule, type Violation } from '../define-rule.js';

/** Types that SELinux policy leaves unconfined: spc_t is the "super privileged container" type, unconfined_t the unconfined user's. */
const UNCONFINED_TYPES: ReadonlySet<string> = new Set(['spc_t', 'unconfined_t']);

/** The types the Pod Security baseline level lets a pod choose (Kubernetes' Pod Security Standards, "SELinux"). */
const POD_SECURITY_SELINUX_TYPES: readonly string[] = ['container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t'];

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
    kubernetes: 'remove the `seLinuxOptions.type` that turns separation off (`spc_t`, `unconfined_t`), or use `container_t`',
    quadlet: 'remove `SecurityLabelDisable=true` (or `SecurityLabelType=<custom type>` other than spc_t)',
  },
  verifyInCluster:
    "kubectl get pod <pod> -o jsonpath='{.spec.securityContext.seLinuxOptions} {.spec.containers[*].securityContext.seLinuxOptions}'",
  verify: "docker inspect -f '{{.HostConfig.SecurityOpt}} {{.ProcessLabel}}' <container>",
  cis: '5.2',
  profiles: ['recommended', 'cis', 'baseline', 'restricted'],
  references: ['https://docs.docker.com/reference/cli/docker/container/run/#security-opt'],
  messages: {
    disabled: 'turns SELinux separation off ({{option}})',
    unconfinedType: 'runs in the SELinux type {{type}}, which is not confined ({{option}})',
    typeNotAllowed: 'sets the SELinux type {{type}}; the Pod Security baseline level allows only the container types ({{allowed}})',
    userOrRole: 'sets the SELinux {{part}} {{value}}; the Pod Security baseline level allows neither user nor role',
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
    if (option !== undefined) return [{ messageId: 'disabled', path, data: { option }, remedy: { kind: 'remove', path } }];
    return (spec.securityOpt ?? []).flatMap((raw, at): Violation<'unconfinedType' | 'typeNotAllowed' | 'userOrRole'>[] => {
      const { key, value = '' } = parseSecurityOpt(raw);
      const [part = '', label = ''] = value.split(/:(.*)/s);
      if (key !== 'label') return [];
      const where = ['securityOpt', at];
      if (part === 'type' && UNCONFINED_TYPES.has(label))
        return [{ messageId: 'unconfinedType', path: where, data: { type: label, option: raw }, remedy: { kind: 'remove', path: where } }];
      if (!context.runtime.podSecurity) return [];
      // check_seLinuxOptions.go of k8s.io/pod-security-admission.
      if (part === 'type' && label !== '' && !POD_SECURITY_SELINUX_TYPES.includes(label))
        return [
          {
            messageId: 'typeNotAllowed',
            path: where,
            data: { type: label, allowed: POD_SECURITY_SELINUX_TYPES.join(', ') },
            profiles: ['baseline', 'restricted'],
          },
        ];
      if ((part === 'user' || part === 'role') && label !== '')
        return [{ messageId: 'userOrRole', path: where, data: { part, value: label }, profiles: ['baseline', 'restricted'] }];
      return [];
    });
  },
});
