/**
 * `--security-opt` values come as `key=value` or, from clients before Docker 1.11,
 * `key:value` (moby's daemon still accepts both). A flag such as
 * `no-new-privileges` has no value. Keys are compared lower-cased.
 */
export function parseSecurityOpt(option: string): { key: string; value: string | undefined } {
  const separator = option.search(/[=:]/);
  if (separator === -1) return { key: option.trim().toLowerCase(), value: undefined };
  return { key: option.slice(0, separator).trim().toLowerCase(), value: option.slice(separator + 1).trim() };
}

/**
 * The last option with this key, which is the one the daemon applies for
 * single-valued settings (apparmor, seccomp, no-new-privileges, systempaths).
 */
/** The last `key` option when it switches confinement off (`seccomp=unconfined`), with its place and text. */
export function unconfinedOption(options: readonly string[] | undefined, key: string): { index: number; option: string } | undefined {
  const setting = lastSecurityOpt(options, key);
  const option = options?.[setting?.index ?? -1];
  return setting?.value === 'unconfined' && option !== undefined ? { index: setting.index, option } : undefined;
}

export function lastSecurityOpt(options: readonly string[] | undefined, key: string): { index: number; value: string | undefined } | undefined {
  const list = options ?? [];
  for (let index = list.length - 1; index >= 0; index--) {
    const parsed = parseSecurityOpt(list[index] ?? '');
    if (parsed.key === key) return { index, value: parsed.value?.toLowerCase() };
  }
  return undefined;
}
