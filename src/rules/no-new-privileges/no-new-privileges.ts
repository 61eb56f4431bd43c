import { lastSecurityOpt } from '../../model/security-options.js';
import { defineRule } from '../define-rule.js';

const ENABLED = 'no-new-privileges=true';

export const noNewPrivileges = defineRule({
  id: 'no-new-privileges',
  severity: 'medium',
  title: 'Processes can gain privileges through setuid binaries',
  rationale:
    'Without no-new-privileges, executing a setuid or setgid binary, or one with file capabilities, raises the ' +
    'privileges of a process in the container. Most images ship such binaries (su, passwd, mount, ping), which an ' +
    'attacker running as a non-root user can use to become root.',
  attack:
    'An attacker who got a shell as the unprivileged application user runs a vulnerable setuid binary shipped in ' +
    'the image, or one they planted through a writable volume with file capabilities, and becomes root in the ' +
    'container.',
  remediation:
    'Set no-new-privileges on every container, or make the daemon enforce it for all containers with ' +
    '"no-new-privileges": true in daemon.json.',
  fix: {
    run: '--security-opt no-new-privileges=true',
    compose: '`security_opt: ["no-new-privileges:true"]`',
    kubernetes: '`securityContext: {allowPrivilegeEscalation: false}`',
    quadlet: '`NoNewPrivileges=true`',
  },
  verifyInCluster:
    'kubectl get pod <pod> -o jsonpath=\'{range .spec.containers[*]}{.name}: {.securityContext.allowPrivilegeEscalation}{"\\n"}{end}\'',
  verify: "docker inspect -f '{{.HostConfig.SecurityOpt}}' <container>",
  cis: '5.25',
  references: [
    'https://docs.docker.com/reference/cli/docker/container/run/#security-opt',
    'https://www.kernel.org/doc/html/latest/userspace-api/no_new_privs.html',
  ],
  profiles: ['recommended', 'cis', 'restricted'],
  messages: {
    missing: 'does not set no-new-privileges',
    disabled: 'sets no-new-privileges to false ({{option}})',
  },
  check(spec, context) {
    // The running process is the ground truth: the daemon may enforce it for every container.
    if (context.observed?.noNewPrivileges === true) return [];
    // no_new_privs is a Linux process flag: a Windows container has none to set. Kubernetes refuses
    // allowPrivilegeEscalation: false beside privileged: there it is part of the one decision privileged reports.
    if (!context.runtime.linux || (context.runtime.podSecurity && spec.privileged === true)) return [];
    const setting = lastSecurityOpt(spec.securityOpt, 'no-new-privileges');
    if (setting === undefined)
      return [{ messageId: 'missing', path: ['securityOpt'], remedy: { kind: 'set', path: ['securityOpt'], value: ENABLED } }];
    if (setting.value === undefined || setting.value === 'true') return [];
    const path = ['securityOpt', setting.index];
    const option = spec.securityOpt?.[setting.index] ?? '';
    return [{ messageId: 'disabled', path, data: { option }, remedy: { kind: 'set', path, value: ENABLED } }];
  },
});
