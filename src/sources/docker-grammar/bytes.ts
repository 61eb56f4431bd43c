/**
 * `512m`, `1g`, `1024` (bytes), as the docker CLI reads --memory and Compose
 * reads mem_limit: go-units RAMInBytes (github.com/docker/go-units size.go),
 * binary multiples, an optional `b`/`ib` suffix, case-insensitive.
 */
export function parseBytes(value: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([kmgtp]?)i?b?$/i.exec(value.trim());
  if (!match) return undefined;
  const power = ' kmgtp'.indexOf((match[2] ?? '').toLowerCase() || ' ');
  return Math.round(Number(match[1]) * 1024 ** power);
}
