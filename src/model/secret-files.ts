import type { SettingSyntax } from './field-table.js';

/**
 * How an image reads a secret from a file instead of from its variable, for
 * the images whose convention dockward knows:
 * - official images read `<NAME>_FILE` for the variables their entrypoint
 *   names (each image's docker-entrypoint.sh in github.com/docker-library);
 * - Grafana reads `<NAME>__FILE` for any of its `GF_` settings
 *   (https://grafana.com/docs/grafana/latest/setup-grafana/configure-docker/);
 * - LinuxServer.io images read `FILE__<NAME>` for any variable
 *   (https://docs.linuxserver.io/FAQ/#secrets).
 */
const OFFICIAL_FILE_VARIABLES: Readonly<Record<string, readonly string[]>> = {
  postgres: ['POSTGRES_'],
  mysql: ['MYSQL_'],
  mariadb: ['MARIADB_', 'MYSQL_'],
  mongo: ['MONGO_INITDB_'],
  wordpress: ['WORDPRESS_DB_'],
  nextcloud: ['POSTGRES_', 'MYSQL_', 'NEXTCLOUD_ADMIN_'],
};

/** The repository an image reference names, without registry default, tag or digest (`docker.io/library/nginx:1.27` → `nginx`). */
export function imageRepository(reference: string | undefined): string | undefined {
  if (reference === undefined) return undefined;
  const withoutDigest = reference.split('@')[0] ?? '';
  return withoutDigest
    .replace(/:[^/:]*$/, '')
    .replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '')
    .replace(/^library\//, '');
}

/** The variable through which the image reads `variable`'s value from a file, if dockward knows one. */
export function fileVariableFor(image: string | undefined, variable: string): string | undefined {
  const repository = imageRepository(image);
  if (repository === undefined) return undefined;
  if (/^(lscr\.io\/|ghcr\.io\/)?linuxserver\//.test(repository)) return `FILE__${variable}`;
  if (/^grafana\/grafana(-oss|-enterprise)?$/.test(repository) && variable.startsWith('GF_')) return `${variable}__FILE`;
  const prefixes = OFFICIAL_FILE_VARIABLES[repository] ?? [];
  return prefixes.some((prefix) => variable.startsWith(prefix)) ? `${variable}_FILE` : undefined;
}

/** The secret a variable's value moves into: named by service and variable, so two services of a project never share one by accident. */
export function secretNameFor(service: string, variable: string): string {
  return `${service}_${variable}`.toLowerCase().replace(/[^a-z0-9_.-]+/g, '_');
}

/** Whose secrets they are: a Compose service by its name, a container by its --name (`app` for a command without one). */
export function secretOwner(syntax: SettingSyntax, targetName: string, containerName: string | undefined): string {
  return syntax === 'compose' ? targetName : (containerName ?? 'app');
}
