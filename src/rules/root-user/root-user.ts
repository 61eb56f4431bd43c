import { isRootId, runsAsRoot } from '../../model/users.js';
import { defineRule, type Violation } from '../define-rule.js';

export const rootUser = defineRule({
  id: 'root-user',
  severity: 'medium',
  title: 'Container runs as root',
  rationale:
    'Root in a container is root on the host kernel, held back only by namespaces, capabilities and LSMs. Any escape, and many ' +
    'misconfigurations (a writable host mount, an added capability), become host root. Group 0 also owns many files that only root ' +
    'should change.',
  attack:
    'An attacker exploits the application running as root, then uses a writable bind mount or a kernel bug to act on the host with uid 0.',
  remediation:
    'Run as a dedicated non-root user and group (set USER in the image, or --user at run time), or enable userns-remap on the daemon.',
  fix: {
    run: '--user=<uid>:<gid>   (non-zero, e.g. 10001:10001)',
    compose: '`user: "10001:10001"`',
    kubernetes: '`securityContext: {runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001}`',
    quadlet: '`User=<uid>` and `Group=<gid>`   (non-zero, e.g. 10001)',
  },
  verifyInCluster:
    "kubectl get pod <pod> -o jsonpath='{.spec.securityContext.runAsNonRoot} {.spec.securityContext.runAsUser} {.spec.containers[*].securityContext.runAsUser}'",
  verify: "docker inspect -f '{{.Config.User}}' <container>",
  references: [
    'https://docs.docker.com/engine/security/userns-remap/',
    'https://kubernetes.io/docs/concepts/security/pod-security-standards/',
  ],
  profiles: ['recommended', 'restricted'],
  messages: {
    noUser: 'runs as root (no user set in the image or at run time)',
    root: 'runs as root (user "{{user}}")',
    rootGroup: 'runs with root group 0 (user "{{user}}")',
    nonRootNotRequired: 'does not require a non-root user (runAsNonRoot: true), so the image decides and may run it as root',
  },
  check(spec, context) {
    // With userns-remap, or a user namespace of its own, uid 0 in the container is an unprivileged uid on the host.
    const ownUserNamespace = spec.usernsMode === 'private';
    const severity = context.host.userns === true || ownUserNamespace ? ('low' as const) : undefined;
    const withSeverity = <T extends Violation<'noUser' | 'root' | 'rootGroup'>>(violation: T) =>
      severity ? { ...violation, severity } : violation;
    const { podSecurity } = context.runtime;
    // Policy v1.35 of the Pod Security admission leaves a pod with hostUsers: false its choice of user.
    const userJudgedByPodSecurity = podSecurity && !ownUserNamespace;
    if (spec.user !== undefined && runsAsRoot(spec.user)) {
      const root = withSeverity({ messageId: 'root' as const, path: ['user'], data: { user: spec.user } });
      return [podSecurity && ownUserNamespace ? { ...root, profiles: ['recommended'] as const } : root];
    }
    if (podSecurity && ownUserNamespace) return [];
    // The Pod Security restricted level asks every pod for runAsNonRoot, whatever user it names (check_runAsNonRoot.go).
    if (userJudgedByPodSecurity && spec.runAsNonRoot !== true)
      return [{ messageId: 'nonRootNotRequired', path: ['runAsNonRoot'], profiles: ['restricted'] }];
    // Without --user the image decides; only a source that knows the image can say it is root.
    if (spec.user === undefined && (spec.runAsNonRoot === true || !context.imageDefaultsKnown)) return [];
    const user = spec.user ?? '';
    if (user === '') return [withSeverity({ messageId: 'noUser', path: ['user'] })];
    const [, gid] = user.split(':');
    // Pod Security judges the user alone: a group of 0 is no reason for the restricted level to refuse a pod.
    if (isRootId(gid))
      return [
        {
          messageId: 'rootGroup',
          path: ['user'],
          data: { user },
          severity: 'low',
          ...(podSecurity && { profiles: ['recommended'] as const }),
        },
      ];
    return [];
  },
});
