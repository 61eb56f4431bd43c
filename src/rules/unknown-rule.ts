/**
 * What to say about a rule id that does not exist, with the ids it was
 * probably meant to be: those containing it or contained in it, or sharing
 * its first four letters (privilegd → privileged, privileged-port).
 */
export function unknownRule(ids: Iterable<string>, wrong: string): string {
  const lower = wrong.toLowerCase();
  const near = [...ids].filter((id) => id.includes(lower) || lower.includes(id) || id.startsWith(lower.slice(0, 4)));
  return `there is no rule "${wrong}"${near.length ? `; did you mean ${near.join(', ')}?` : ''} (dockward rules lists them)`;
}
