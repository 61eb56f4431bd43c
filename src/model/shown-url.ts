/**
 * A URL as reports and messages may show it: a password in it, as userinfo
 * or as a `password` parameter, is replaced, so it cannot reach any output. libpq's URLs are not always WHATWG URLs
 * (`postgresql://user@/db?host=/run/postgresql` has credentials but no
 * host): there the text between the user's `:` and the last `@` is replaced.
 */
export function shownUrl(url: string | URL): string {
  // libpq also takes the password, and the passphrase of the client key, as parameters (?password=…, ?sslpassword=…).
  return withUserinfoRedacted(url).replace(/([?&](?:ssl)?password=)[^&#]*/gi, '$1redacted');
}

function withUserinfoRedacted(url: string | URL): string {
  let parsed: URL | undefined;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    parsed = undefined;
  }
  if (parsed !== undefined && parsed.password !== '') {
    const copy = new URL(parsed.href);
    copy.password = 'redacted';
    return copy.href.replace(/\/$/, '');
  }
  // Not parsed, or parsed without a password where the text may still hold one: a password of digits and then a `/`
  // (`ops:2024/Secret@db`) parses as a port and a path.
  const text = typeof url === 'string' ? url : url.href;
  const start = text.indexOf('://') + 3;
  const at = text.lastIndexOf('@');
  const colon = text.indexOf(':', start);
  if (start > 2 && at > start && colon !== -1 && colon < at) return `${text.slice(0, colon)}:redacted${text.slice(at)}`;
  return parsed === undefined ? text : parsed.href.replace(/\/$/, '');
}
