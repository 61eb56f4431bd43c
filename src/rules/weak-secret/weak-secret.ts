import { secretsIn } from '../../secrets/named-values.js';
import { defineRule } from '../define-rule.js';

export const weakSecret = defineRule({
  id: 'weak-secret',
  severity: 'high',
  title: 'Credential set to a well-known default',
  rationale:
    'Placeholders such as changeme, admin or password that reach a running container are credentials every attacker tries first. ' +
    'They are reported apart from other secrets because the fix is different: choose a real secret, not just move it.',
  attack:
    "An attacker who reaches the database port logs in with the image's documented example password, which the Compose file copied " +
    'from the README.',
  remediation: 'Generate a strong random credential, store it as a Docker or Compose secret, and remove the default from files and images.',
  fix: {
    run:
      'openssl rand -base64 32 > ./db_password.txt; --mount ' +
      'type=bind,source=./db_password.txt,target=/run/secrets/db_password,readonly -e <NAME>_FILE=/run/secrets/db_password',
    compose: '`secrets: {db_password: {file: ./db_password.txt}}` filled from a generator, and `<NAME>_FILE: /run/secrets/db_password`',
    kubernetes:
      'a Secret generated with a random value (kubectl create secret generic <name> --from-file=<key>=<file from a generator>) mounted as a volume, and `<NAME>_FILE: /run/secrets/<name>/<key>`',
    quadlet: '`openssl rand -base64 32 | podman secret create <name> -`, then `Secret=<name>,type=mount,target=/run/secrets/<name>`',
  },
  verifyInCluster: 'kubectl get pod <pod> -o jsonpath=\'{range .spec.containers[*]}{.name}: {.env[*].name}{"\\n"}{end}\'',
  verify: "docker inspect -f '{{range .Config.Env}}{{println .}}{{end}}' <container> | cut -d= -f1",
  references: ['https://cwe.mitre.org/data/definitions/1392.html'],
  profiles: ['recommended'],
  messages: { weak: '{{where}} {{name}} is set to a well-known default {{kind}}' },
  check(spec, context) {
    const label = { env: 'environment variable', label: 'label', argument: 'argument' } as const;
    return secretsIn(spec, context, 'any', true).map(({ named, match, evidence }) => ({
      messageId: 'weak' as const,
      path: named.path,
      data: { where: label[named.where], name: named.name, kind: match.kind },
      evidence,
    }));
  },
});
