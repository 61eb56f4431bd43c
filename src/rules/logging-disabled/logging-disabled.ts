import { defineRule } from '../define-rule.js';

export const loggingDisabled = defineRule({
  id: 'logging-disabled',
  severity: 'low',
  title: 'Container logging is disabled',
  rationale:
    'With the none log driver nothing the container prints is kept: no trace of errors, attacks or the commands an intruder ran, for ' +
    'monitoring or for an investigation afterwards.',
  attack:
    "An attacker's probing produces errors and stack traces that nobody will ever see, because the container's output is thrown away.",
  remediation: 'Use a log driver that keeps logs (json-file or local with rotation, or one that ships them to central logging).',
  fix: {
    run: '--log-driver=local   (or json-file with --log-opt max-size=10m)',
    compose: '`logging: {driver: local}`',
    kubernetes: { notExpressible: 'pod logs are collected by the kubelet from the runtime; a manifest cannot turn them off' },
    quadlet: "`LogDriver=journald` (or passthrough, which keeps the unit's journal)",
  },
  verify: "docker inspect -f '{{.HostConfig.LogConfig.Type}}' <container>",
  references: ['https://docs.docker.com/engine/logging/configure/'],
  profiles: ['recommended'],
  messages: { none: 'discards its logs (log driver none)' },
  check(spec) {
    return spec.logDriver === 'none' ? [{ messageId: 'none', path: ['logDriver'] }] : [];
  },
});
