/**
 * Credentials written inside a longer value, whatever the value's name: the
 * password of a URL (`redis://:pw@cache`, `amqp://user:pw@broker`), the
 * `Password=` or `AccountKey=` of a connection string, a `password=` query
 * parameter (JDBC), a quoted `"password": "…"` (JSON, JAAS), and HTTP headers
 * that carry credentials (`Authorization=Basic …`, OpenTelemetry's
 * `OTEL_EXPORTER_OTLP_HEADERS`). Each check is a single pass over the value:
 * the authorization plugin judges values a requester wrote.
 */

export interface EmbeddedCredential {
  kind: string;
  /** The credential itself, for judging whether it is a placeholder or a well-known default; never reported. */
  secret: string;
  /** The user it goes with, where the value names one: a password equal to its user name is a default. */
  user?: string;
}

/** Keys of `key=value;…` connection strings that hold a credential (ADO.NET, ODBC, Azure Storage and Service Bus). */
const CONNECTION_STRING_KEYS = new Set(['password', 'pwd', 'accountkey', 'sharedaccesskey', 'sharedaccesssignature', 'clientsecret']);

/** Query parameters and quoted keys that hold a credential. */
const CREDENTIAL_KEYS = new Set(['password', 'passwd', 'pwd', 'secret', 'token', 'access_token', 'api_key', 'apikey', 'api-key']);

/**
 * HTTP headers that carry a credential as their whole value (RFC 9110's
 * Authorization, and vendors' API key headers as their OTLP docs give them).
 */
const CREDENTIAL_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'x-api-key',
  'api-key',
  'x-auth-token',
  'x-honeycomb-team',
  'dd-api-key',
  'x-scope-orgid-token',
  'signoz-access-token',
  'lightstep-access-token',
  'uptrace-dsn',
]);

/** The user and password of each `scheme://user:password@host` in the value (user may be empty). */
function urlPasswords(value: string): { user: string; password: string }[] {
  const passwords: { user: string; password: string }[] = [];
  for (let at = value.indexOf('://'); at !== -1; at = value.indexOf('://', at + 3)) {
    let end = at + 3;
    while (end < value.length && !'/?#@ \t\r\n'.includes(value[end] ?? '')) end++;
    if (value[end] !== '@') continue;
    const userInfo = value.slice(at + 3, end);
    const colon = userInfo.indexOf(':');
    if (colon !== -1 && colon < userInfo.length - 1) {
      passwords.push({
        user: decodeURIComponentSafe(userInfo.slice(0, colon)),
        password: decodeURIComponentSafe(userInfo.slice(colon + 1)),
      });
    }
  }
  return passwords;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** `key=value` pairs split on `separator`, keys lower-cased without spaces. */
function pairs(value: string, separator: string): [string, string][] {
  return value.split(separator).flatMap((part) => {
    const equals = part.indexOf('=');
    if (equals <= 0) return [];
    return [[part.slice(0, equals).trim().toLowerCase().replace(/\s+/g, ''), part.slice(equals + 1).trim()]];
  });
}

/**
 * `"password": "x"`, `password="x"` (JSON, JAAS): quoted values under
 * credential keys. Found from maximal runs of key characters, so the pass is
 * linear; a value ends at the next quote, and no two values share one.
 */
function quotedValues(value: string): string[] {
  const found: string[] = [];
  for (const run of value.matchAll(/[A-Za-z_-]+/g)) {
    if (!CREDENTIAL_KEYS.has(run[0].toLowerCase())) continue;
    const opening = /^"?\s{0,8}[:=]\s{0,8}"/.exec(value.slice(run.index + run[0].length, run.index + run[0].length + 20));
    if (!opening) continue;
    const start = run.index + run[0].length + opening[0].length;
    const end = value.indexOf('"', start);
    if (end > start) found.push(value.slice(start, end));
  }
  return found;
}

function queryValues(value: string): string[] {
  const query = value.indexOf('?');
  if (query === -1) return [];
  return pairs(value.slice(query + 1).replace(/[;#].*$/s, ''), '&')
    .filter(([key, secret]) => CREDENTIAL_KEYS.has(key) && secret !== '')
    .map(([, secret]) => decodeURIComponentSafe(secret));
}

/**
 * Go's MySQL driver DSN, `user:password@tcp(host:port)/db` (also `unix(…)`), which has no scheme
 * (github.com/go-sql-driver/mysql, "DSN (Data Source Name)").
 */
const GO_MYSQL_DSN = /^([^:@/\s]*):([^@\s]+)@(tcp|tcp6|unix)\(/;

/** The first credential written inside the value, if any. */
export function embeddedCredential(value: string): EmbeddedCredential | undefined {
  const url = urlPasswords(value)[0];
  if (url !== undefined) return { kind: 'password', secret: url.password, user: url.user };
  const dsn = GO_MYSQL_DSN.exec(value);
  if (dsn?.[2] !== undefined) return { kind: 'password', secret: dsn[2], user: dsn[1] ?? '' };
  if (value.includes(';')) {
    const pair = pairs(value, ';').find(([key, secret]) => CONNECTION_STRING_KEYS.has(key) && secret !== '');
    if (pair) return { kind: 'connection-string', secret: pair[1] };
  }
  const query = queryValues(value)[0];
  if (query !== undefined) return { kind: 'password', secret: query };
  const quoted = quotedValues(value)[0];
  if (quoted !== undefined) return { kind: 'password', secret: quoted };
  const header = pairs(value, ',').find(([key, secret]) => CREDENTIAL_HEADERS.has(key) && secret !== '');
  if (header) return { kind: 'token', secret: header[1].replace(/^(basic|bearer|token)\s+/i, '') };
  return undefined;
}
