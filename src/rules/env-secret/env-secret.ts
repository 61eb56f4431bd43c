import { describeCredential } from '../../secrets/credential-names.js';
import { secretsIn, secretsUnderNames } from '../../secrets/named-values.js';
import type { SettingSyntax } from '../../model/field-table.js';
import type { ContainerSpec, SpecPath } from '../../model/container-spec.js';
import { fileVariableFor, secretNameFor, secretOwner } from '../../model/secret-files.js';
import { defineRule, type RuleContext } from '../define-rule.js';

/** Where the value is written when that is another file than the target's own (the project's .env, an env_file). */
function originOf(spec: ContainerSpec, path: SpecPath): string {
  const origin = path[0] === 'env' && typeof path[1] === 'number' ? spec.env?.[path[1]]?.origin : undefined;
  return origin === undefined ? '' : ` (set in ${origin})`;
}

/** The change for one variable: its own secret, read through the image's file variable where dockward knows it. */
function secretFileFix(variable: string, spec: ContainerSpec, { target, syntax }: Pick<RuleContext, 'target' | 'syntax'>): string {
  const secret = secretNameFor(secretOwner(syntax, target, spec.name), variable);
  const { image } = spec;
  const file = `/run/secrets/${secret}`;
  const fileVariable = fileVariableFor(image, variable);
  const read = fileVariable
    ? FILE_VARIABLE[syntax](fileVariable, file, variable)
    : `make the application read ${file} instead of ${variable}, which ${image ?? 'the image'} has no file form of that dockward knows`;
  return `${SECRET_FILE_MOUNT[syntax](secret, file)}; ${read}`;
}

/** How each syntax puts a secret's file at /run/secrets/<secret>: a Compose secret, a read-only bind, a Secret volume. */
const SECRET_FILE_MOUNT: Record<SettingSyntax, (secret: string, file: string) => string> = {
  compose: (secret) => `top-level \`secrets: {${secret}: {file: ./secrets/${secret}.txt}}\`, in the service \`secrets: [${secret}]\``,
  run: (secret, file) => `--mount type=bind,source=./secrets/${secret}.txt,target=${file},readonly`,
  kubernetes: (secret, file) => {
    // Kubernetes object names allow no underscore.
    const name = secret.replaceAll('_', '-');
    return (
      `kubectl create secret generic ${name} --from-file=${secret}=./secrets/${secret}.txt; \`volumes: [{name: ${name}, secret: ` +
      `{secretName: ${name}}}]\`, \`volumeMounts: [{name: ${name}, mountPath: ${file}, subPath: ${secret}, readOnly: true}]\``
    );
  },
  // A Podman secret, which `podman secret create` makes from the file: nothing of it stays in the unit.
  quadlet: (secret, file) => `podman secret create ${secret} ./secrets/${secret}.txt; \`Secret=${secret},type=mount,target=${file}\``,
};

/** How each syntax points the image's file variable at the secret's file instead of setting the variable. */
const FILE_VARIABLE: Record<SettingSyntax, (fileVariable: string, file: string, variable: string) => string> = {
  compose: (fileVariable, file, variable) => `\`environment: {${fileVariable}: ${file}}\` instead of ${variable}`,
  run: (fileVariable, file, variable) => `-e ${fileVariable}=${file}   (instead of -e ${variable}=<value>)`,
  kubernetes: (fileVariable, file, variable) => `\`env: [{name: ${fileVariable}, value: ${file}}]\` instead of ${variable}`,
  quadlet: (fileVariable, file, variable) => `\`Environment=${fileVariable}=${file}\` instead of ${variable}`,
};

export const envSecret = defineRule({
  id: 'env-secret',
  severity: 'high',
  title: 'Secret passed in an environment variable',
  rationale:
    'Environment variables are visible to anyone who can run docker inspect, to every process in the container, in ' +
    '/proc, and often in crash reports and logs; legacy links copy them to other containers. A secret there is as ' +
    'good as published.',
  attack:
    'Anyone allowed to run docker inspect, a monitoring agent that ships container metadata, or an attacker ' +
    'reading /proc/1/environ gets the credential in plain text.',
  remediation:
    'Deliver the secret as a file: Compose or Swarm secrets mounted under /run/secrets, or a read-only bind of a ' +
    'file there, and point the application at it. Many official images read a <NAME>_FILE variable instead of ' +
    '<NAME>: postgres (POSTGRES_PASSWORD_FILE), mysql and mariadb (MYSQL_ROOT_PASSWORD_FILE, ' +
    'MARIADB_ROOT_PASSWORD_FILE), mongo (MONGO_INITDB_ROOT_PASSWORD_FILE), rabbitmq, redmine, wordpress ' +
    '(WORDPRESS_DB_PASSWORD_FILE), nextcloud, ghost and others.',
  fix: {
    run:
      'docker secret create db_password ./db_password.txt (Swarm), or: --mount ' +
      'type=bind,source=./db_password.txt,target=/run/secrets/db_password,readonly -e ' +
      '<NAME>_FILE=/run/secrets/db_password   (instead of -e <NAME>=<value>)',
    compose:
      'top-level `secrets: {db_password: {file: ./db_password.txt}}`; in the service `secrets: [db_password]` and ' +
      '`environment: {<NAME>_FILE: /run/secrets/db_password}`',
    kubernetes:
      'a Secret mounted as a volume (`volumes: [{name: db-password, secret: {secretName: db-password}}]`, `volumeMounts: [{name: db-password, mountPath: /run/secrets/db_password, subPath: db_password, readOnly: true}]`) and `env: [{name: <NAME>_FILE, value: /run/secrets/db_password}]`; or at least `valueFrom: {secretKeyRef: {name: db-password, key: db_password}}` instead of `value:`',
    quadlet:
      '`podman secret create <name> ./<file>`, then `Secret=<name>,type=mount,target=/run/secrets/<name>` and `Environment=<NAME>_FILE=/run/secrets/<name>`   (instead of `Environment=<NAME>=<value>`)',
  },
  verifyInCluster: 'kubectl get pod <pod> -o jsonpath=\'{range .spec.containers[*]}{.name}: {.env[*].name}{"\\n"}{end}\'',
  verify: "docker inspect -f '{{range .Config.Env}}{{println .}}{{end}}' <container> | cut -d= -f1",
  references: ['https://docs.docker.com/engine/swarm/secrets/', 'https://docs.docker.com/compose/how-tos/use-secrets/'],
  profiles: ['recommended'],
  options: {
    names: {
      description: 'more variable names that hold secrets (* is a wildcard, case is ignored), for names the detector cannot recognise',
      example: ['ACME_*_KEY'],
    },
  },
  messages: {
    // Names only: the value must never reach a message.
    byName: 'environment variable {{name}} holds {{credential}} in plain text{{origin}}',
    byFormat: 'environment variable {{name}} holds {{credential}}{{origin}}',
  },
  check(spec, context) {
    const found = [...secretsIn(spec, context, 'env', false), ...secretsUnderNames(spec, context, context.options['names'] ?? [])];
    return found.map(({ named, match, evidence }) => ({
      messageId: match.basis === 'format' ? ('byFormat' as const) : ('byName' as const),
      path: named.path,
      data: { name: named.name, kind: match.kind, credential: describeCredential(match.kind), origin: originOf(spec, named.path) },
      ...(named.path[0] === 'env' && {
        remedy: { kind: 'remove' as const, path: named.path.slice(0, 2), into: 'secret-file' as const },
        fix: secretFileFix(named.name, spec, context),
      }),
      evidence,
    }));
  },
});
