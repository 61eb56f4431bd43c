import { detectEnvSecret } from '../../secrets/env-secret-detector.js';
import { defineRule } from '../define-rule.js';

export const envSecret = defineRule({
  id: 'env-secret',
  severity: 'high',
  title: 'Secret passed in an environment variable',
  rationale:
    'Environment variables are visible to anyone who can run docker inspect, to every process in the container, in /proc, and often in crash reports and logs; legacy links copy them to other containers. A secret there is as good as published.',
  remediation:
    'Deliver the secret as a file: Docker or Compose secrets mounted under /run/secrets, and point the application at it (many official images read a <NAME>_FILE variable).',
  attack:
    'Anyone allowed to run docker inspect, a monitoring agent that ships container metadata, or an attacker reading /proc/1/environ gets the credential in plain text.',
  fix: {
    run: '--mount type=bind,source=<secret file>,target=/run/secrets/<name>,readonly -e <NAME>_FILE=/run/secrets/<name>   (instead of -e <NAME>=<value>)',
    compose: 'a top-level `secrets:` entry, `secrets: [<name>]` in the service, and `<NAME>_FILE: /run/secrets/<name>` in `environment:`',
  },
  verify: "docker inspect -f '{{range .Config.Env}}{{println .}}{{end}}' <container> | cut -d= -f1",
  profiles: ['recommended'],
  references: ['https://docs.docker.com/engine/swarm/secrets/', 'https://docs.docker.com/compose/how-tos/use-secrets/'],
  messages: {
    // Names only: the value must never reach a message.
    byName: 'environment variable {{name}} holds a literal {{kind}}',
    byFormat: 'environment variable {{name}} holds a value in {{kind}} format',
  },
  check(spec) {
    return (spec.env ?? []).flatMap((variable, index) => {
      const match = detectEnvSecret(variable.name, variable.value);
      if (!match) return [];
      return [{
        messageId: match.basis === 'format' ? ('byFormat' as const) : ('byName' as const),
        path: ['env', index],
        data: { name: variable.name, kind: match.kind },
      }];
    });
  },
});
