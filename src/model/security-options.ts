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

export function lastSecurityOpt(
  options: readonly string[] | undefined,
  key: string,
): { index: number; value: string | undefined } | undefined {
  const list = options ?? [];
  for (let index = list.length - 1; index >= 0; index--) {
    const parsed = parseSecurityOpt(list[index] ?? '');
    if (parsed.key === key) return { index, value: parsed.value?.toLowerCase() };
  }
  return undefined;
}

/** The parts of a seccomp profile (moby profiles/seccomp.Seccomp) that say which calls get through. */
const SECCOMP_PROFILE: GoType = {
  kind: 'struct',
  fields: {
    defaultAction: { kind: 'string' },
    syscalls: {
      kind: 'slice',
      of: {
        kind: 'struct',
        fields: { name: { kind: 'string' }, names: { kind: 'slice', of: { kind: 'string' } }, action: { kind: 'string' } },
      },
    },
  },
};

/**
 * Actions that can let a system call through: libseccomp's SCMP_ACT_ALLOW;
 * SCMP_ACT_LOG, which allows and logs; SCMP_ACT_TRACE, which a tracer the
 * container runs itself can let pass (ptrace with PTRACE_O_TRACESECCOMP); and
 * SCMP_ACT_NOTIFY, which leaves the decision to whoever holds the listener.
 * A profile whose default is one of them filters only the calls it names.
 */
const PERMISSIVE_ACTIONS: ReadonlySet<string> = new Set(['SCMP_ACT_ALLOW', 'SCMP_ACT_LOG', 'SCMP_ACT_TRACE', 'SCMP_ACT_NOTIFY']);

/**
 * System calls Docker's default profile blocks outright, from the table
 * "Significant syscalls blocked by the default profile" of Docker's seccomp
 * documentation (docs.docker.com/engine/security/seccomp/), less those it
 * allows in part (clone without namespace flags, personality, ptrace on
 * kernels from 4.8). A profile that allows one of them opens kernel code the
 * default keeps out of reach: keyrings, mounts, namespaces, BPF, modules.
 */
const BLOCKED_BY_DEFAULT: ReadonlySet<string> = new Set([
  'acct',
  'add_key',
  'bpf',
  'clock_adjtime',
  'clock_settime',
  'create_module',
  'delete_module',
  'finit_module',
  'get_kernel_syms',
  'get_mempolicy',
  'init_module',
  'ioperm',
  'iopl',
  'kcmp',
  'kexec_file_load',
  'kexec_load',
  'keyctl',
  'lookup_dcookie',
  'mbind',
  'mount',
  'move_pages',
  'name_to_handle_at',
  'nfsservctl',
  'open_by_handle_at',
  'perf_event_open',
  'pivot_root',
  'process_vm_readv',
  'process_vm_writev',
  'query_module',
  'quotactl',
  'reboot',
  'request_key',
  'set_mempolicy',
  'setns',
  'settimeofday',
  'stime',
  'swapon',
  'swapoff',
  'sysfs',
  '_sysctl',
  'umount',
  'umount2',
  'unshare',
  'uselib',
  'userfaultfd',
  'ustat',
  'vm86',
  'vm86old',
]);

/** How an inline seccomp profile is weaker than Docker's default. */
export type SeccompWeakening = { defaultAction: string } | { allows: string[] };

/**
 * What an inline seccomp profile (`seccomp={…}`, which the docker CLI sends
 * for `seccomp=/path/profile.json`) lets through that Docker's default
 * profile does not: everything, when its default action allows; otherwise
 * the calls the default blocks that it allows by name (with or without
 * argument conditions). Read as the daemon reads it: Go's JSON, keys in any case.
 */
export function seccompWeakening(value: string | undefined): SeccompWeakening | undefined {
  if (value === undefined || !value.trimStart().startsWith('{')) return undefined;
  let profile: { defaultAction?: string; syscalls?: { name?: string; names?: string[]; action?: string }[] };
  try {
    profile = decodeGo(SECCOMP_PROFILE, parseGoJson(Buffer.from(value))) as typeof profile;
  } catch {
    // A profile the daemon cannot read makes it refuse the container.
    return undefined;
  }
  const allows = (action: string | undefined) => action !== undefined && PERMISSIVE_ACTIONS.has(action.toUpperCase());
  if (allows(profile.defaultAction)) return { defaultAction: (profile.defaultAction ?? '').toUpperCase() };
  const opened = new Set<string>();
  for (const rule of profile.syscalls ?? []) {
    if (!allows(rule.action)) continue;
    for (const name of [...(rule.names ?? []), ...(rule.name ? [rule.name] : [])]) if (BLOCKED_BY_DEFAULT.has(name)) opened.add(name);
  }
  return opened.size > 0 ? { allows: [...opened].sort() } : undefined;
}
