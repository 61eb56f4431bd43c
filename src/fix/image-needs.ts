import { imageRepository } from '../model/secret-files.js';

/**
 * What common official images need once every capability is dropped. Read from each image's
 * entrypoint in github.com/docker-library (and the Traefik and Caddy
 * images' documentation): most start as root, take ownership of their data
 * directory and step down to a service user with gosu or su-exec.
 */
interface ImageNeeds {
  capabilities: readonly string[];
  why: string;
}

const STEP_DOWN = ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID'];

const IMAGES: Readonly<Record<string, ImageNeeds>> = {
  nginx: {
    capabilities: ['CHOWN', 'DAC_OVERRIDE', 'NET_BIND_SERVICE', 'SETGID', 'SETUID'],
    why: 'its master process binds port 80 as root, creates the cache directories for the nginx user and runs its workers as that user',
  },
  httpd: {
    capabilities: ['CHOWN', 'NET_BIND_SERVICE', 'SETGID', 'SETUID'],
    why: 'binds port 80 as root and runs its children as www-data',
  },
  postgres: {
    capabilities: STEP_DOWN,
    why: 'the entrypoint takes ownership of the data directory and steps down to the postgres user with gosu',
  },
  mysql: {
    capabilities: STEP_DOWN,
    why: 'the entrypoint takes ownership of the data directory and steps down to the mysql user with gosu',
  },
  mariadb: {
    capabilities: STEP_DOWN,
    why: 'the entrypoint takes ownership of the data directory and steps down to the mysql user with gosu',
  },
  mongo: {
    capabilities: ['CHOWN', 'SETGID', 'SETUID'],
    why: 'the entrypoint takes ownership of /data/db and steps down to the mongodb user with gosu',
  },
  redis: {
    capabilities: ['CHOWN', 'SETGID', 'SETUID'],
    why: 'the entrypoint takes ownership of files in /data and steps down to the redis user with gosu',
  },
  rabbitmq: {
    capabilities: ['CHOWN', 'SETGID', 'SETUID'],
    why: 'the entrypoint takes ownership of its data and steps down to the rabbitmq user with gosu',
  },
  wordpress: {
    capabilities: ['CHOWN', 'NET_BIND_SERVICE', 'SETGID', 'SETUID'],
    why: 'Apache binds port 80 as root, the entrypoint copies files owned by www-data and runs its children as that user',
  },
  nextcloud: {
    capabilities: ['CHOWN', 'NET_BIND_SERVICE', 'SETGID', 'SETUID'],
    why: 'Apache binds port 80 as root and the entrypoint runs the installer as www-data',
  },
  traefik: { capabilities: ['NET_BIND_SERVICE'], why: 'it listens on ports 80 and 443 and changes no file ownership' },
  caddy: { capabilities: ['NET_BIND_SERVICE'], why: 'it listens on ports 80 and 443 and changes no file ownership' },
  memcached: { capabilities: [], why: 'it runs as the memcache user from the start, on port 11211' },
};

/** The official image an image reference names (`docker.io/library/nginx:1.27` → `nginx`), if it is one. */
function officialImage(reference: string | undefined): string | undefined {
  const repository = imageRepository(reference);
  return repository?.includes('/') ? undefined : repository;
}

export function imageNeeds(reference: string | undefined): (ImageNeeds & { image: string }) | undefined {
  const image = officialImage(reference);
  const needs = image === undefined ? undefined : IMAGES[image];
  return needs && image ? { ...needs, image } : undefined;
}
