import { normalizeCapability } from '../../model/capabilities.js';
import { defineRule } from '../define-rule.js';

export const netRaw = defineRule({
  id: 'net-raw',
  severity: 'medium',
  title: 'NET_RAW capability is effective',
  rationale:
    'NET_RAW lets a process open raw and packet sockets: it can forge packets, spoof ARP and DNS answers to other ' +
    'containers on the same bridge, and sniff traffic. Docker grants it by default although almost no service ' +
    'needs it (ping is the usual exception).',
  remediation: 'Drop NET_RAW, best by dropping all capabilities and adding back only those needed.',
  attack:
    'From a compromised container on the default bridge an attacker sends forged ARP replies, places themselves ' +
    'between neighbouring containers and the gateway, and reads or alters their traffic, including DNS answers.',
  fix: {
    run: '--cap-drop=ALL (or at least --cap-drop=NET_RAW)',
    compose: '`cap_drop: [ALL]` (or at least `cap_drop: [NET_RAW]`)',
    kubernetes: '`securityContext: {capabilities: {drop: [ALL]}}` (or at least `drop: [NET_RAW]`)',
    quadlet: '`DropCapability=ALL` (or remove NET_RAW from `AddCapability=`)',
  },
  verifyInCluster: 'kubectl get pod <pod> -o jsonpath=\'{range .spec.containers[*]}{.name}: {.securityContext.capabilities}{"\\n"}{end}\'',
  verify: "docker inspect -f '{{.HostConfig.CapAdd}} {{.HostConfig.CapDrop}}' <container>",
  cis: '5.3',
  profiles: ['recommended', 'cis', 'restricted'],
  references: ['https://man7.org/linux/man-pages/man7/capabilities.7.html'],
  messages: {
    default: 'keeps NET_RAW from {{defaults}} (raw packets: spoofing, sniffing)',
    added: 'adds NET_RAW (raw packets: spoofing, sniffing)',
  },
  check(spec, context) {
    if (!context.capabilities.includes('NET_RAW')) return [];
    // Privileged holds every capability, NET_RAW among them: the one decision privileged reports.
    if (spec.privileged === true) return [];
    const addedAt = (spec.capAdd ?? []).findIndex((cap) => ['NET_RAW', 'ALL'].includes(normalizeCapability(cap)));
    if (addedAt !== -1) return [{ messageId: 'added', path: ['capAdd', addedAt] }];
    return [
      {
        messageId: 'default',
        path: ['capDrop'],
        data: { defaults: context.runtime.capabilitiesName },
        remedy: { kind: 'set', path: ['capDrop'], value: ['ALL'] },
      },
    ];
  },
});
