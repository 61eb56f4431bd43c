import { unconfinedOption } from '../../model/security-options.js';
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
  verify: "docker inspect -f '{{.HostConfig.SecurityOpt}} {{json .HostConfig.MaskedPaths}}' <container>",
  references: ['https://docs.docker.com/reference/cli/docker/container/run/#security-opt'],
  profiles: ['recommended', 'baseline', 'restricted'],
  messages: {
    unconfined: 'unmasks kernel paths in /proc and /sys ({{option}})',
    emptied: 'unmasks kernel paths in /proc and /sys (no masked paths: systempaths=unconfined)',
  },
  check(spec) {
    const unconfined = unconfinedOption(spec.securityOpt, 'systempaths');
    if (unconfined) return [{ messageId: 'unconfined', path: ['securityOpt', unconfined.index], data: { option: unconfined.option } }];
    // The docker CLI turns the option into empty masked and read-only path lists before
    // sending it, so that is what a created container shows. Privileged ones are reported
    // by their own rule.
    if (spec.privileged !== true && spec.maskedPaths?.length === 0) return [{ messageId: 'emptied', path: ['maskedPaths'] }];
    return [];
  },
});
