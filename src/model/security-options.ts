/**
 * `--security-opt` values come as `key=value` or, from clients before Docker 1.11,
 * `key:value` (moby daemon/oci_linux.go still accepts both). Returns the
 * lower-cased key and the raw value, or undefined for flags without a value
 * such as `no-new-privileges`.
 */
export function parseSecurityOpt(option: string): { key: string; value: string } | undefined {
  const separator = option.search(/[=:]/);
  if (separator === -1) return undefined;
  return { key: option.slice(0, separator).trim().toLowerCase(), value: option.slice(separator + 1).trim() };
}
