import { decodeGo, parseGoJson, type GoType } from './go-json.js';

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

/** The part of a seccomp profile (moby profiles/seccomp.Seccomp) that says what a call no rule names gets. */
const SECCOMP_PROFILE: GoType = { kind: 'struct', fields: { defaultAction: { kind: 'string' } } };

/**
 * Default actions that let a system call through: a profile built on one
 * filters only the calls it names, and one with no names filters nothing
 * (libseccomp's SCMP_ACT_ALLOW and SCMP_ACT_LOG, which allows and logs).
 */
const PERMISSIVE_ACTIONS: ReadonlySet<string> = new Set(['SCMP_ACT_ALLOW', 'SCMP_ACT_LOG']);

/**
 * The default action of a seccomp profile given inline (`seccomp={…}`, which
 * the docker CLI sends for `seccomp=/path/profile.json`) when it lets calls
 * through; read as the daemon reads it (Go's JSON, keys in any case).
 */
export function permissiveSeccompDefault(value: string | undefined): string | undefined {
  if (value === undefined || !value.trimStart().startsWith('{')) return undefined;
  try {
    const profile = decodeGo(SECCOMP_PROFILE, parseGoJson(Buffer.from(value)).value) as { defaultAction?: string };
    const action = profile.defaultAction?.toUpperCase();
    return action !== undefined && PERMISSIVE_ACTIONS.has(action) ? action : undefined;
  } catch {
    // A profile the daemon cannot read makes it refuse the container.
    return undefined;
  }
}
