import { defineRule } from '../define-rule.js';

export const healthcheck = defineRule({
  id: 'healthcheck',
  severity: 'low',
  title: 'No healthcheck, or the container is unhealthy',
  rationale:
    'A healthcheck lets the engine and the orchestrator notice a hung or degraded service, and is often the first sign that ' +
    'something is wrong with it. An unhealthy container is running but failing, which is exactly what needs attention.',
  attack:
    'A service wedged by a denial-of-service input keeps its "running" status indefinitely when nothing checks its health, so nobody ' +
    'is alerted and nothing restarts it.',
  remediation: 'Define a HEALTHCHECK in the image or with --health-cmd; investigate containers reported unhealthy.',
  fix: {
    run: '--health-cmd="<command that checks the service>" --health-interval=30s',
    compose: '`healthcheck: {test: ["CMD", "<check>"], interval: 30s}`',
    kubernetes: {
      notExpressible: "pods are checked by livenessProbe and readinessProbe, which the kubelet runs; the image's HEALTHCHECK is ignored",
    },
    quadlet: '`HealthCmd=<command that checks the service>` and `HealthInterval=30s`',
  },
  verify: "docker inspect -f '{{json .Config.Healthcheck}} {{if .State.Health}}{{.State.Health.Status}}{{end}}' <container>",
  cis: '5.26',
  references: ['https://docs.docker.com/reference/dockerfile/#healthcheck'],
  profiles: ['cis'],
  messages: {
    none: 'has no healthcheck',
    disabled: 'has its healthcheck disabled (NONE)',
    unhealthy: 'is currently unhealthy',
  },
  check(spec, context) {
    // Unhealthy is not healthy: the reference tool counts any health status as a pass.
    if (context.observed?.health === 'unhealthy') return [{ messageId: 'unhealthy', path: ['healthcheck'], severity: 'medium' }];
    // Without a healthcheck setting the image's HEALTHCHECK applies, which only some sources know.
    if (spec.healthcheck === undefined && !context.imageDefaultsKnown) return [];
    if (spec.healthcheck === undefined || spec.healthcheck.length === 0) return [{ messageId: 'none', path: ['healthcheck'] }];
    if (spec.healthcheck[0] === 'NONE') return [{ messageId: 'disabled', path: ['healthcheck'] }];
    return [];
  },
});
