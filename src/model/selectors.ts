/**
 * The two ways a user picks containers, shared by `scan --name/--label` and
 * waiver targets: a name glob where `*` matches anything (and, for the
 * patterns of ssh's files, `?` any one character), and a label
 * selector `key` (the label is set) or `key=value`, as `docker ps --filter label=` reads it.
 */
export function globToRegExp(glob: string, flags = '', { anyOneCharacter = false } = {}): RegExp {
  const pattern = glob.replace(/[*?.+^${}()|[\]\\]/g, (char) =>
    char === '*' ? '.*' : char === '?' && anyOneCharacter ? '.' : `\\${char}`,
  );
  return new RegExp(`^${pattern}$`, flags);
}

export function matchesLabelSelector(selector: string, labels: Readonly<Record<string, string>>): boolean {
  const equals = selector.indexOf('=');
  if (equals === -1) return Object.hasOwn(labels, selector);
  return labels[selector.slice(0, equals)] === selector.slice(equals + 1);
}
