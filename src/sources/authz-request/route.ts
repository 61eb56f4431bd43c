import { posix } from 'node:path';

/**
 * What the plugin does with an Engine API endpoint that changes state:
 * `judge` reads its body, `pass` changes nothing that weakens isolation, and
 * anything not in the table is denied, since it may.
 */
export type Endpoint =
  | 'container-create'
  | 'container-start'
  | 'container-update'
  | 'exec-create'
  | 'exec-start'
  | 'service-create'
  | 'service-update'
  | 'plugin-pull'
  | 'plugin-upgrade'
  | 'plugin-create'
  | 'plugin-set'
  | 'volume-create'
  | 'build'
  | 'swarm-join'
  | 'pass';

export interface Route {
  endpoint: Endpoint;
  /** The API version the path asks for; undefined without a version prefix (the daemon's own then). */
  version?: string;
  /** The `{name}` of the route, decoded. */
  name?: string;
  query: URLSearchParams;
}

type Routed = Route | { problem: string } | { unknown: string };

const NAME = '(.+)';
/**
 * The write routes of dockerd's router (moby api/server/router/*), in its
 * order: a `{name:.*}` segment matches slashes too, and the first match
 * wins. Routes that create or change what runs are judged; the rest pass.
 */
const ROUTES: readonly (readonly [method: string, pattern: RegExp, endpoint: Endpoint])[] = [
  ['POST', /^\/containers\/create$/, 'container-create'],
  ['POST', new RegExp(`^/containers/${NAME}/start$`), 'container-start'],
  ['POST', new RegExp(`^/containers/${NAME}/update$`), 'container-update'],
  ['POST', new RegExp(`^/containers/${NAME}/exec$`), 'exec-create'],
  ['POST', new RegExp(`^/exec/${NAME}/start$`), 'exec-start'],
  // A restart starts the container again, as it has it now.
  ['POST', new RegExp(`^/containers/${NAME}/restart$`), 'container-start'],
  ['POST', /^\/services\/create$/, 'service-create'],
  ['POST', new RegExp(`^/services/${NAME}/update$`), 'service-update'],
  ['POST', /^\/plugins\/pull$/, 'plugin-pull'],
  ['POST', new RegExp(`^/plugins/${NAME}/upgrade$`), 'plugin-upgrade'],
  ['POST', /^\/plugins\/create$/, 'plugin-create'],
  ['POST', new RegExp(`^/plugins/${NAME}/set$`), 'plugin-set'],
  ['POST', /^\/volumes\/create$/, 'volume-create'],
  ['POST', /^\/build$/, 'build'],
  ['POST', /^\/swarm\/join$/, 'swarm-join'],
  ...(
    [
      // Containers: lifecycle, I/O and copies; none changes the settings a container runs with.
      '/containers/prune',
      `/containers/${NAME}/(kill|stop|wait|pause|unpause|rename|resize|attach|copy)`,
      `/exec/${NAME}/resize`,
      // Images, builds, networks, and the swarm's own objects.
      '/build/prune',
      '/build/cancel',
      '/commit',
      '/images/create',
      '/images/load',
      '/images/prune',
      `/images/${NAME}/(push|tag)`,
      '/networks/create',
      '/networks/prune',
      `/networks/${NAME}/(connect|disconnect)`,
      '/volumes/prune',
      `/plugins/${NAME}/(enable|disable|push)`,
      '/swarm/(init|leave|update|unlock)',
      `/nodes/${NAME}/update`,
      '/secrets/create',
      `/secrets/${NAME}/update`,
      '/configs/create',
      `/configs/${NAME}/update`,
      '/auth',
      '/session',
      '/grpc',
    ] as const
  ).map((path) => ['POST', new RegExp(`^${path}$`), 'pass'] as const),
  ['PUT', new RegExp(`^/containers/${NAME}/archive$`), 'pass'],
  ['PUT', new RegExp(`^/volumes/${NAME}$`), 'pass'],
  ['DELETE', /^\/.+$/, 'pass'],
];

/** dockerd's version prefix: `/v` and any run of digits and dots (moby api/server versionMatcher). */
const VERSION_PREFIX = /^\/v([0-9.]+)(?=\/)/;

/**
 * Percent-decodes a path as Go's url.PathUnescape does (`+` stays `+`);
 * undefined for an invalid escape, which Go's server refuses with 400.
 */
function unescapePath(path: string): string | undefined {
  if (/%(?![0-9a-fA-F]{2})/.test(path)) return undefined;
  const bytes = Buffer.from(
    path.replace(/%([0-9a-fA-F]{2})/g, (_match, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
    'latin1',
  );
  return bytes.toString('utf8');
}

/**
 * Routes a request as dockerd does: the request URI as the client sent it
 * (the plugin gets it raw), its path percent-decoded, cleaned (gorilla/mux
 * redirects an unclean path rather than serving it, so judging the clean
 * one errs on the side of caution), the version prefix taken off.
 */
export function routeRequest(method: string, requestUri: string): Routed {
  const [rawPath, rawQuery] = splitOnce(requestUri.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, ''), '?');
  const decoded = unescapePath(rawPath);
  if (decoded === undefined) return { problem: `the request path ${JSON.stringify(rawPath)} has an invalid escape` };
  let path = posix.normalize(decoded.startsWith('/') ? decoded : `/${decoded}`);
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  const version = VERSION_PREFIX.exec(path)?.[1];
  if (version !== undefined) path = path.slice(version.length + 2);
  const verb = method.toUpperCase();
  if (verb === 'GET' || verb === 'HEAD' || verb === 'OPTIONS')
    return { endpoint: 'pass', query: new URLSearchParams(rawQuery), ...(version !== undefined && { version }) };
  for (const [routeMethod, pattern, endpoint] of ROUTES) {
    if (routeMethod !== verb) continue;
    const match = pattern.exec(path);
    if (!match) continue;
    const name = endpoint === 'pass' ? undefined : match[1];
    return {
      endpoint,
      query: new URLSearchParams(rawQuery),
      ...(version !== undefined && { version }),
      ...(name !== undefined && { name }),
    };
  }
  return { unknown: `${verb} ${path}` };
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at === -1 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
}

/** Compares dotted API versions as moby's versions.LessThan does: field by field, as numbers. */
export function versionLessThan(version: string, other: string): boolean {
  const a = version.split('.');
  const b = other.split('.');
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    const x = Number.parseInt(a[index] ?? '0', 10) || 0;
    const y = Number.parseInt(b[index] ?? '0', 10) || 0;
    if (x !== y) return x < y;
  }
  return false;
}
