import { writtenSetting } from '../../model/field-table.js';
import { normalizeCapability } from '../../model/capabilities.js';
import { defineRule } from '../define-rule.js';

export const capabilitiesNotDropped = defineRule({
  id: 'capabilities-not-dropped',
  severity: 'medium',
  title: "Docker's default capabilities are kept",
  rationale:
    'Docker grants fourteen capabilities by default, among them NET_RAW, MKNOD, SETUID and DAC_OVERRIDE. Most ' +
    'services need none or one of them; the rest only help an attacker. Dropping all and adding back the few ' +
    'needed is the least-privilege baseline.',
  remediation:
    'Start the container with --cap-drop=ALL and add back only what it needs, for example NET_BIND_SERVICE for a ' +
    'server that binds a port below 1024.',
  attack:
    'An attacker who lands in a default container still has MKNOD to create device nodes, SETUID/SETGID to change ' +
    'identity, DAC_OVERRIDE to ignore file permissions and NET_RAW to spoof traffic: every one of them a step ' +
    'towards another container or the host.',
  fix: {
    run: '--cap-drop=ALL --cap-add=<needed capability>',
    compose: '`cap_drop: [ALL]` and `cap_add: [<needed capability>]`',
    kubernetes: '`securityContext: {capabilities: {drop: [ALL], add: [<needed capability>]}}`',
    quadlet: '`DropCapability=ALL` and `AddCapability=<needed capability>`',
  },
  verifyInCluster:
    'kubectl get pod <pod> -o jsonpath=\'{range .spec.containers[*]}{.name}: {.securityContext.capabilities.drop}{"\\n"}{end}\'',
  verify: "docker inspect -f '{{.HostConfig.CapDrop}} {{.HostConfig.CapAdd}}' <container>",
  cis: '5.3',
  profiles: ['recommended', 'cis', 'restricted'],
  references: ['https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities'],
  messages: {
    all: 'keeps all of {{defaults}} instead of {{dropAll}}',
    some: 'keeps {{count}} capabilities of {{defaults}} it did not ask for ({{capabilities}}) instead of {{dropAll}}',
    notAll: 'drops capabilities one by one; the Pod Security restricted level asks for {{dropAll}}',
  },
  check(spec, context) {
    // Privileged containers are reported by their own rule; every capability is kept there. Windows has no Linux capabilities.
    if (spec.privileged === true || !context.runtime.linux) return [];
    const added = new Set((spec.capAdd ?? []).map(normalizeCapability));
    const defaults = context.runtime.capabilities;
    const kept = defaults.filter((cap) => context.capabilities.includes(cap) && !added.has(cap));
    if (added.has('ALL')) return [];
    const remedy = { kind: 'set', path: ['capDrop'], value: ['ALL'] } as const;
    const dropAll = writtenSetting(context.syntax, 'capDrop', ['ALL']);
    if (kept.length === 0) {
      // check_capabilities_restricted.go looks for ALL itself among the drops, as written, not for what they add up to.
      const dropsAll = (spec.capDrop ?? []).some((cap) => cap.trim() === 'ALL');
      return context.runtime.podSecurity && !dropsAll
        ? [{ messageId: 'notAll', path: ['capDrop'], data: { dropAll }, remedy, profiles: ['restricted'] }]
        : [];
    }
    const data = { defaults: context.runtime.capabilitiesName, dropAll };
    if (kept.length === defaults.length) return [{ messageId: 'all', path: ['capDrop'], data, remedy }];
    return [{ messageId: 'some', path: ['capDrop'], data: { ...data, count: kept.length, capabilities: kept.join(', ') }, remedy }];
  },
});
