import { lastSecurityOpt, unconfinedOption } from '../../model/security-options.js';
import { defineRule } from '../define-rule.js';

/**
 * The paths the daemon masks, and makes read-only, when a request gives no
 * list of its own: the entries of moby's default Linux spec
 * (daemon/oci_linux.go, oci/defaults.go) present in every engine since 17.06.
 * A request that gives a list replaces these, so each one left out is open.
 */
const DEFAULT_MASKED = [
  '/proc/kcore',
  '/proc/keys',
  '/proc/latency_stats',
  '/proc/timer_list',
  '/proc/timer_stats',
  '/proc/sched_debug',
  '/proc/scsi',
  '/sys/firmware',
];
const DEFAULT_READ_ONLY = ['/proc/asound', '/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

export const systempathsUnconfined = defineRule({
  id: 'systempaths-unconfined',
  severity: 'high',
  title: 'Kernel paths in /proc and /sys are unmasked',
  rationale:
    'Docker masks or makes read-only parts of /proc and /sys that expose the host kernel (/proc/kcore, ' +
    '/proc/sysrq-trigger, /proc/sys, /sys/firmware). systempaths=unconfined removes that masking.',
  attack:
    'An attacker writes to /proc/sysrq-trigger to crash or reboot the host, or reads /proc/kcore for kernel ' +
    'memory; with write access to /proc/sys they change kernel settings for the whole host.',
  remediation:
    'Remove systempaths=unconfined (Podman: unmask=…). Nested container runtimes that need it belong on dedicated, isolated hosts.',
  fix: {
    run: 'remove --security-opt systempaths=unconfined',
    compose: 'remove `systempaths=unconfined` from `security_opt`',
    kubernetes: 'remove `procMount: Unmasked` from the `securityContext`',
    quadlet: 'remove `Unmask=` (and `--security-opt systempaths=unconfined` from `PodmanArgs=`)',
  },
  verifyInCluster: 'kubectl get pod <pod> -o jsonpath=\'{range .spec.containers[*]}{.name}: {.securityContext.procMount}{"\\n"}{end}\'',
  verify: "docker inspect -f '{{.HostConfig.SecurityOpt}} {{json .HostConfig.MaskedPaths}}' <container>",
  references: ['https://docs.docker.com/reference/cli/docker/container/run/#security-opt'],
  profiles: ['recommended', 'baseline', 'restricted'],
  messages: {
    unconfined: 'unmasks kernel paths in /proc and /sys ({{option}})',
    podmanUnmask: 'unmasks {{paths}} ({{option}})',
    emptied: 'unmasks kernel paths in /proc and /sys (no masked paths: systempaths=unconfined)',
    partlyMasked: "leaves {{paths}} unmasked: its MaskedPaths replace the daemon's defaults",
    partlyReadOnly: "leaves {{paths}} writable: its ReadonlyPaths replace the daemon's defaults",
  },
  check(spec, context) {
    const unconfined = unconfinedOption(spec.securityOpt, 'systempaths');
    if (unconfined) {
      const path = ['securityOpt', unconfined.index];
      return [{ messageId: 'unconfined', path, data: { option: unconfined.option }, remedy: { kind: 'remove', path } }];
    }
    // Podman's own form (podman-run(1) --security-opt unmask=ALL, or paths joined with colons); the docker CLI refuses it.
    const unmask = lastSecurityOpt(spec.securityOpt, 'unmask');
    const unmaskOption = spec.securityOpt?.[unmask?.index ?? -1];
    if (unmask?.value && unmaskOption !== undefined) {
      const path = ['securityOpt', unmask.index];
      const paths = unmask.value === 'all' ? 'every masked kernel path in /proc and /sys' : unmask.value.split(':').join(', ');
      return [
        {
          messageId: 'podmanUnmask',
          path,
          data: { paths, option: unmaskOption },
          remedy: { kind: 'remove', path },
          // The rule's own fix names Quadlet's Unmask= key; a run line gets its exact flag.
          ...(context.syntax === 'run' && { fix: `remove --security-opt ${unmaskOption}` }),
        },
      ];
    }
    // The docker CLI turns the option into empty masked and read-only path lists before
    // sending it, so that is what a created container shows. Privileged ones are reported
    // by their own rule.
    if (spec.privileged === true) return [];
    if (spec.maskedPaths?.length === 0) {
      // Policy v1.35 of the Pod Security admission lets baseline, not restricted, unmask /proc in a user namespace of the pod's own.
      const ownUserNamespace = context.runtime.podSecurity && spec.usernsMode === 'private';
      return [
        { messageId: 'emptied', path: ['maskedPaths'], ...(ownUserNamespace && { profiles: ['recommended', 'restricted'] as const }) },
      ];
    }
    // A list given through the API (which the docker CLI never sends) may leave defaults out.
    const missing = (given: readonly string[] | undefined, defaults: readonly string[]) =>
      given === undefined ? [] : defaults.filter((path) => !given.includes(path));
    const unmasked = missing(spec.maskedPaths, DEFAULT_MASKED);
    const writable = missing(spec.readonlyPaths, DEFAULT_READ_ONLY).filter((path) => !spec.maskedPaths?.includes(path));
    return [
      ...(unmasked.length > 0 ? [{ messageId: 'partlyMasked' as const, path: ['maskedPaths'], data: { paths: unmasked.join(', ') } }] : []),
      ...(writable.length > 0
        ? [{ messageId: 'partlyReadOnly' as const, path: ['readonlyPaths'], data: { paths: writable.join(', ') } }]
        : []),
    ];
  },
});
