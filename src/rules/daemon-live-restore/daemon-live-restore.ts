import { defineEngineRule } from '../define-rule.js';

export const daemonLiveRestore = defineEngineRule({
  id: 'daemon-live-restore',
  severity: 'low',
  title: 'Live restore is off on the daemon',
  rationale:
    'Without live-restore every daemon restart (an upgrade, a crash) stops all containers, which makes operators reluctant to apply ' +
    'daemon security updates.',
  attack: 'Not an attack path itself: it keeps hosts on an old, vulnerable engine because patching it means downtime for every container.',
  remediation: 'Enable "live-restore": true in daemon.json (not available in Swarm mode).',
  fix: {
    run: 'daemon.json: {"live-restore": true}',
    compose: 'not a Compose setting: configure the daemon (daemon.json "live-restore")',
    kubernetes: { notExpressible: "a Docker daemon setting, not a manifest's" },
    quadlet: { notExpressible: 'a Docker daemon setting; conmon keeps a Podman container running whatever the service does' },
  },
  verify: "docker info -f '{{.LiveRestoreEnabled}}'",
  references: ['https://docs.docker.com/engine/daemon/live-restore/'],
  profiles: ['cis'],
  messages: { off: 'the daemon stops every container when it restarts (live-restore off)' },
  check(facts) {
    return facts.liveRestore === false ? [{ messageId: 'off', path: ['liveRestore'] }] : [];
  },
});
