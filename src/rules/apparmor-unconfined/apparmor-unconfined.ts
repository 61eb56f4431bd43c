import { unconfinedOption } from '../../model/security-options.js';
import { defineRule } from '../define-rule.js';

export const apparmorUnconfined = defineRule({
  id: 'apparmor-unconfined',
  severity: 'high',
  title: 'AppArmor confinement is off',
  rationale:
    'On AppArmor hosts Docker confines each container with the docker-default profile, which blocks writes to ' +
    '/proc and /sys knobs, mounts and other escape paths even for root in the container. An unconfined container ' +
    'loses that layer.',
  remediation:
    'Remove apparmor=unconfined so docker-default applies, or write a profile for the workload and apply it with ' +
    '--security-opt apparmor=<profile>.',
  attack:
    'Without docker-default an attacker with a capability such as SYS_ADMIN can mount /proc or /sys paths and ' +
    'write kernel knobs like core_pattern to run code on the host.',
  fix: {
    run: 'remove --security-opt apparmor=unconfined   (or --security-opt apparmor=<custom profile>)',
    compose: 'remove `apparmor:unconfined` from `security_opt` (or `apparmor:<custom profile>`)',
    kubernetes:
      'remove `appArmorProfile: {type: Unconfined}` from the `securityContext` (or the `container.apparmor.security.beta.kubernetes.io/<container>: unconfined` annotation); use `type: RuntimeDefault` or `Localhost`',
    quadlet: 'remove `--security-opt apparmor=unconfined` from `PodmanArgs=`',
  },
  verifyInCluster:
    "kubectl get pod <pod> -o jsonpath='{.spec.securityContext.appArmorProfile} {.spec.containers[*].securityContext.appArmorProfile}'",
  verify: "docker inspect -f '{{.AppArmorProfile}} {{.HostConfig.SecurityOpt}}' <container>",
  cis: '5.1',
  profiles: ['recommended', 'cis', 'baseline', 'restricted'],
  references: ['https://docs.docker.com/engine/security/apparmor/'],
  messages: {
    explicit: 'runs AppArmor-unconfined ({{option}})',
    unconfined: 'the daemon applied no AppArmor confinement (profile "unconfined")',
    missing: 'has no AppArmor profile although the daemon supports AppArmor',
  },
  check(spec, context) {
    const unconfined = unconfinedOption(spec.securityOpt, 'apparmor');
    if (unconfined) {
      const path = ['securityOpt', unconfined.index];
      return [{ messageId: 'explicit', path, data: { option: unconfined.option }, remedy: { kind: 'remove', path } }];
    }
    // What follows is implied, not asked for: report it where the daemon says it applied no
    // profile, or where the host is known to run AppArmor. A host without AppArmor loses nothing.
    // A privileged container is unconfined as part of the one decision privileged reports.
    if (spec.privileged === true) return [];
    const appArmorHost = context.host.appArmor === true;
    if (spec.appArmorProfile === 'unconfined') return [{ messageId: 'unconfined', path: ['appArmorProfile'] }];
    if (appArmorHost && !spec.appArmorProfile) return [{ messageId: 'missing', path: ['appArmorProfile'] }];
    return [];
  },
});
