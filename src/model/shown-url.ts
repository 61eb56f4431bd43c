/**
 * A URL as reports and messages may show it: a password in it, as userinfo
 * or as a `password` parameter, is replaced, so it cannot reach any output. libpq's URLs are not always WHATWG URLs
 * (`postgresql://user@/db?host=/run/postgresql` has credentials but no
 * host): there the text between the user's `:` and the last `@` is replaced.
 */
export function shownUrl(url: string | URL): string {
  // libpq also takes the password as a parameter (?password=…).
  return withUserinfoRedacted(url).replace(/([?&]password=)[^&#]*/gi, '$1redacted');
}

function withUserinfoRedacted(url: string | URL): string {
  let parsed: URL | undefined;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined) {
    const text = url as string;
    const at = text.lastIndexOf('@');
    const start = text.indexOf('://') + 3;
    const colon = text.indexOf(':', start);
    return at > start && colon !== -1 && colon < at ? `${text.slice(0, colon)}:redacted${text.slice(at)}` : text;
  }
  if (parsed.password === '') return parsed.href.replace(/\/$/, '');
  const copy = new URL(parsed.href);
  copy.password = 'redacted';
  return copy.href.replace(/\/$/, '');
}
