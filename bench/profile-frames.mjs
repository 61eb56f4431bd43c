// How the profile scripts name a function of a V8 profile: its name, and for
// code from a file, the file's last two path parts and the line (1-based).
export function frameName({ functionName, url, lineNumber }) {
  const name = functionName || '(anonymous)';
  return url === '' ? name : `${name} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
}

/** The `count` entries of a map of totals with the largest values, largest first. */
export function largest(totals, count) {
  return [...totals].sort((a, b) => b[1] - a[1]).slice(0, count);
}
