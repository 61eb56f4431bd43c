import { lastSecurityOpt, parseSecurityOpt, seccompWeakening, unconfinedOption } from '../../model/security-options.js';
import { defineRule } from '../define-rule.js';

export const seccompUnconfined = defineRule({
  id: 'seccomp-unconfined',
  severity: 'high',
  title: 'Seccomp filtering is off',
  rationale:
    "Docker's default seccomp profile blocks about 44 system calls that containers rarely need and that keep " +
    'turning up in kernel exploits (keyctl, add_key, unshare, mount, ptrace on old kernels, bpf, userfaultfd). ' +
    'Without it the whole kernel system-call surface is open to the container.',
  attack:
    'An attacker in an unconfined container calls unshare to create a user namespace, gains capabilities inside ' +
    'it, and reaches a kernel bug in a filesystem or netfilter code path that the default profile would have kept ' +
    'out of reach.',
  remediation:
    'Remove seccomp=unconfined so the default profile applies, or write a profile that allows the extra calls the ' +
    'workload needs and apply it.',
  fix: {
    run: 'remove --security-opt seccomp=unconfined   (or --security-opt seccomp=/path/to/profile.json)',
    compose: 'remove `seccomp:unconfined` from `security_opt` (or `seccomp:/path/to/profile.json`)',
    kubernetes: "`securityContext: {seccompProfile: {type: RuntimeDefault}}` in the pod's or the container's `securityContext`",
    quadlet: 'remove `SeccompProfile=unconfined` (or `SeccompProfile=/path/to/profile.json`)',
  },
  verifyInCluster:
    "kubectl get pod <pod> -o jsonpath='{.spec.securityContext.seccompProfile} {.spec.containers[*].securityContext.seccompProfile}'",
  verify: "docker inspect -f '{{.HostConfig.SecurityOpt}} {{.HostConfig.Privileged}}' <container>",
  cis: '5.21',
  references: ['https://docs.docker.com/engine/security/seccomp/'],
  profiles: ['recommended', 'cis', 'baseline', 'restricted'],
  messages: {
    explicit: 'runs without seccomp filtering ({{option}})',
    permissiveProfile:
      'runs with an inline seccomp profile whose default action is {{action}}, so every system call it does not name is allowed',
    opensBlockedCalls: "runs with an inline seccomp profile that allows system calls Docker's default profile blocks: {{calls}}",
    notSet: 'sets no seccomp profile, and its runtime filters nothing by default (the kubelet runs it Unconfined)',
  },
  check(spec, { runtime }) {
    const unconfined = unconfinedOption(spec.securityOpt, 'seccomp');
    if (unconfined) {
      const path = ['securityOpt', unconfined.index];
      return [{ messageId: 'explicit', path, data: { option: unconfined.option }, remedy: { kind: 'remove', path } }];
    }
    const last = lastSecurityOpt(spec.securityOpt, 'seccomp');
    const weakening = last && seccompWeakening(parseSecurityOpt(spec.securityOpt?.[last.index] ?? '').value);
    if (last && weakening) {
      const path = ['securityOpt', last.index];
      const remedy = { kind: 'remove', path } as const;
      if ('defaultAction' in weakening)
        return [{ messageId: 'permissiveProfile', path, data: { action: weakening.defaultAction }, remedy }];
      const shown = weakening.allows.slice(0, 6).join(', ');
      return [
        {
          messageId: 'opensBlockedCalls',
          path,
          remedy,
          data: { calls: weakening.allows.length > 6 ? `${shown} and ${weakening.allows.length - 6} more` : shown },
        },
      ];
    }
    // A privileged container runs unfiltered too, but that is part of the one decision privileged reports.
    if (last || runtime.defaultSeccompProfile || spec.privileged === true || !runtime.linux) return [];
    // The Pod Security baseline level allows a pod to leave the profile unset; restricted asks for one.
    return [
      {
        messageId: 'notSet',
        path: ['securityOpt'],
        profiles: ['recommended', 'cis', 'restricted'],
        remedy: { kind: 'set', path: ['securityOpt'], value: 'seccomp=runtime/default' },
      },
    ];
  },
});
