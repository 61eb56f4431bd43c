import { lastSecurityOpt } from '../../model/security-options.js';
import { defineRule } from '../define-rule.js';

export const systempathsUnconfined = defineRule({
  id: 'systempaths-unconfined',
  severity: 'high',
  title: 'Kernel paths in /proc and /sys are unmasked',
  rationale:
    'Docker masks or makes read-only parts of /proc and /sys that expose the host kernel (/proc/kcore, /proc/sysrq-trigger, /proc/sys, /sys/firmware). systempaths=unconfined removes that masking.',
  attack: 'An attacker writes to /proc/sysrq-trigger to crash or reboot the host, or reads /proc/kcore for kernel memory; with write access to /proc/sys they change kernel settings for the whole host.',
  remediation: 'Remove systempaths=unconfined. Nested container runtimes that need it belong on dedicated, isolated hosts.',
  fix: { run: 'remove --security-opt systempaths=unconfined', compose: 'remove `systempaths=unconfined` from `security_opt`' },
  verify: "docker inspect -f '{{.HostConfig.SecurityOpt}}' <container>",
  references: ['https://docs.docker.com/reference/cli/docker/container/run/#security-opt'],
  profiles: ['recommended', 'baseline', 'restricted'],
  messages: { unconfined: 'unmasks kernel paths in /proc and /sys ({{option}})' },
  check(spec) {
    const setting = lastSecurityOpt(spec.securityOpt, 'systempaths');
    const option = spec.securityOpt?.[setting?.index ?? -1];
    return setting?.value === 'unconfined' && option !== undefined
      ? [{ messageId: 'unconfined', path: ['securityOpt', setting.index], data: { option } }]
      : [];
  },
});
