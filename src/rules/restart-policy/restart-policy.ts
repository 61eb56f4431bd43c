import { writtenSetting } from '../../model/field-table.js';
import { defineRule } from '../define-rule.js';

/** CIS 5.14 caps restarts at five attempts. */
const MAX_RETRIES = 5;
const BOUNDED = `on-failure:${MAX_RETRIES}`;

export const restartPolicy = defineRule({
  id: 'restart-policy',
  severity: 'low',
  title: 'Restart policy retries without bound',
  rationale:
    'always, unless-stopped and on-failure without a retry limit restart a failing container forever. A container ' +
    'that crashes on an attack input keeps coming back for more, and a crash loop can hide a compromise or exhaust ' +
    'the host.',
  attack:
    'An attacker repeatedly crashes the service with a malformed request; each restart gives them another attempt ' +
    'at a race or a memory-corruption bug, with no operator noticing a stopped container.',
  remediation: 'Use on-failure with a small retry count, and let the orchestrator or an operator decide after that.',
  fix: {
    run: '--restart=on-failure:5',
    compose: '`restart: on-failure:5`',
    kubernetes: {
      notExpressible: "the kubelet restarts a pod's containers with a growing back-off; there is no bound to set per container",
    },
    quadlet: {
      notExpressible:
        'systemd restarts the unit ([Service] Restart=), and its start limit (StartLimitBurst, five starts in ten seconds unless set) bounds a crash loop',
    },
  },
  verify: "docker inspect -f '{{.HostConfig.RestartPolicy.Name}} {{.HostConfig.RestartPolicy.MaximumRetryCount}}' <container>",
  cis: '5.14',
  references: ['https://docs.docker.com/engine/containers/start-containers-automatically/'],
  profiles: ['cis'],
  remedyOptIn: true,
  messages: {
    always: 'restarts without bound ({{setting}})',
    unbounded: 'restarts on failure {{retries}} ({{setting}})',
  },
  check(spec, { syntax }) {
    const remedy = { kind: 'set', path: ['restartPolicy'], value: { placeholder: 'restart', suggestion: BOUNDED } } as const;
    const policy = spec.restartPolicy;
    if (policy === undefined) return [];
    if (policy.name === 'always' || policy.name === 'unless-stopped') {
      return [
        {
          messageId: 'always',
          path: ['restartPolicy'],
          data: { policy: policy.name, setting: writtenSetting(syntax, 'restartPolicy', policy.name) },
          remedy,
        },
      ];
    }
    if (policy.name === 'on-failure' && (policy.maximumRetryCount <= 0 || policy.maximumRetryCount > MAX_RETRIES)) {
      const retries =
        policy.maximumRetryCount <= 0 ? 'without a retry limit' : `up to ${policy.maximumRetryCount} times (more than ${MAX_RETRIES})`;
      const setting = writtenSetting(syntax, 'restartPolicy', `on-failure:${policy.maximumRetryCount}`);
      return [{ messageId: 'unbounded', path: ['restartPolicy'], data: { retries, setting }, remedy }];
    }
    return [];
  },
});
