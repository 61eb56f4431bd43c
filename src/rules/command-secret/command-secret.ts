import { describeCredential } from '../../secrets/credential-names.js';
import { secretsIn } from '../../secrets/named-values.js';
import { defineRule } from '../define-rule.js';

export const commandSecret = defineRule({
  id: 'command-secret',
  severity: 'high',
  title: 'Secret in the command or entrypoint arguments',
  rationale:
    'Command arguments are the most visible place a container keeps anything: docker ps and docker inspect print them, ps inside and ' +
    'outside the container shows them, and shell histories and CI logs keep them.',
  attack: "Any user on the host runs ps aux and reads the database password from the command line of the container's process.",
  remediation:
    "Pass the credential as a file (Docker or Compose secrets under /run/secrets) and use the program's option for reading it from a " +
    'file, such as --password-file.',
  fix: {
    run:
      '--mount type=bind,source=<file>,target=/run/secrets/<name>,readonly and <program> --<option>-file=/run/secrets/<name>   ' +
      '(instead of --<option>=<secret>)',
    compose: '`secrets: [<name>]` and `command: [..., "--<option>-file=/run/secrets/<name>"]`',
    kubernetes:
      'a Secret mounted as a volume (`volumes: [{name: <name>, secret: {secretName: <name>}}]`, `volumeMounts: [{name: <name>, mountPath: /run/secrets/<name>, readOnly: true}]`) and `args: [..., "--<option>-file=/run/secrets/<name>/<key>"]`',
    quadlet: '`Secret=<name>,type=mount` and `Exec=<program> --<option>-file=/run/secrets/<name>`   (instead of the secret in `Exec=`)',
  },
  verifyInCluster: 'kubectl get pod <pod> -o jsonpath=\'{range .spec.containers[*]}{.name}: {.command} {.args}{"\\n"}{end}\'',
  verify: "docker inspect -f '{{json .Config.Entrypoint}} {{json .Config.Cmd}}' <container>",
  references: ['https://docs.docker.com/compose/how-tos/use-secrets/'],
  profiles: ['recommended'],
  messages: { secret: 'argument {{name}} holds {{credential}}' },
  check(spec, context) {
    return secretsIn(spec, context, 'argument', false).map(({ named, match, evidence }) => ({
      messageId: 'secret' as const,
      path: named.path,
      data: {
        name: named.name === 'argument' ? `#${String(named.path[1])}` : `--${named.name}`,
        kind: match.kind,
        credential: describeCredential(match.kind),
      },
      evidence,
    }));
  },
});
