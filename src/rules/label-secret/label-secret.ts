import { describeCredential } from '../../secrets/credential-names.js';
import { secretsIn } from '../../secrets/named-values.js';
import { defineRule } from '../define-rule.js';

export const labelSecret = defineRule({
  id: 'label-secret',
  severity: 'high',
  title: 'Secret stored in a container label',
  rationale:
    'Labels are metadata: anyone who can list containers sees them, they are copied into events, monitoring and inventory systems, ' +
    'and they cannot be changed without recreating the container.',
  attack:
    'A dashboard or inventory tool that collects container labels (Traefik, Portainer, a CMDB) shows the credential to everyone who ' +
    'can open it.',
  remediation: 'Keep credentials out of labels; pass them as Docker or Compose secrets and let the consuming tool read the file.',
  fix: {
    run: 'remove -l <key>=<secret>; give the secret with --mount type=bind,source=<file>,target=/run/secrets/<name>,readonly',
    compose: 'remove the label; use a `secrets:` entry mounted at /run/secrets/<name>',
    kubernetes: 'remove the label or annotation; put the value in a Secret mounted as a volume',
    quadlet: 'remove the secret from `Label=`; give it with `Secret=<name>,type=mount` (`podman secret create <name> ./<file>`)',
  },
  verifyInCluster: "kubectl get pod <pod> -o jsonpath='{.metadata.labels} {.metadata.annotations}'",
  verify: "docker inspect -f '{{range $k, $v := .Config.Labels}}{{println $k}}{{end}}' <container>",
  references: ['https://docs.docker.com/engine/manage-resources/labels/'],
  profiles: ['recommended'],
  messages: { secret: 'label {{name}} holds {{credential}}' },
  check(spec, context) {
    return secretsIn(spec, context, 'label', false).map(({ named, match, evidence }) => ({
      messageId: 'secret' as const,
      path: named.path,
      data: { name: named.name, kind: match.kind, credential: describeCredential(match.kind) },
      evidence,
    }));
  },
});
