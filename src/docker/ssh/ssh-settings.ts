import { homedir, userInfo } from 'node:os';
import { basename, dirname, join } from 'node:path';
import SSHConfig from 'ssh-config';
import { globToRegExp } from '../../model/selectors.js';
import { knownHostName } from './known-hosts.js';

/** How to reach one ssh:// engine, as OpenSSH's client would from the same files and environment. */
export interface SshSettings {
  /** The name in the URL, which may be a `Host` alias of ~/.ssh/config. */
  alias: string;
  hostname: string;
  port: number;
  username: string;
  /** Identity files to offer, in order: the config's IdentityFile entries, else the default ones. */
  identityFiles: string[];
  /** The agent's socket (SSH_AUTH_SOCK, or the config's IdentityAgent), unless the config says none or nothing listens there. */
  agent?: string;
  /** An agent named that is not a socket (a stale SSH_AUTH_SOCK): said when no key is accepted, never a reason to stop. */
  missingAgent?: string;
  /** The name known_hosts files know the host by: HostKeyAlias as it is, else the host name (`[host]:port` on another port than 22). */
  hostKeyName: string;
  knownHostsFiles: string[];
  /** A ProxyJump or ProxyCommand the config gives, which dockward's client does not follow: said, never skipped. */
  proxy?: string;
}

export interface SshInputs {
  host: string;
  port?: number;
  username?: string;
  env: NodeJS.ProcessEnv;
  home?: string;
  /** Reads a file or returns undefined when it does not exist. */
  readOptional: (path: string) => string | undefined;
  /** The names in a folder, for an Include with a wildcard; none when it does not exist. */
  listFolder: (path: string) => string[];
  /** Whether something that could be an agent listens at a path (a unix socket is there). */
  isSocket: (path: string) => boolean;
}

/** OpenSSH's limit on nested Include directives. */
const INCLUDE_DEPTH = 16;

/** `*` and `?` in the last part of an Include path, as glob(3) matches them there (not hidden files). */
function matchesName(pattern: string, name: string): boolean {
  return !name.startsWith('.') && globToRegExp(pattern, '', { anyOneCharacter: true }).test(name);
}

/**
 * A config file with its Include directives replaced by the files they name,
 * in name order: relative paths are under ~/.ssh for the user's file and
 * /etc/ssh for the system's, as ssh_config(5) says.
 */
function withIncludes(
  text: string,
  folder: string,
  inputs: Pick<SshInputs, 'readOptional' | 'listFolder'> & { home: string },
  depth = 0,
): string {
  return text.replace(/^[ \t]*include[ \t=]+(.+)$/gim, (_, patterns: string) => {
    if (depth >= INCLUDE_DEPTH) return '';
    const included = patterns
      .trim()
      .split(/\s+/)
      .flatMap((pattern) => {
        const path = pattern.replace(/^~(?=\/)/, inputs.home);
        const absolute = path.startsWith('/') ? path : join(folder, path);
        const name = basename(absolute);
        if (!/[*?]/.test(name)) return [absolute];
        return inputs
          .listFolder(dirname(absolute))
          .filter((entry) => matchesName(name, entry))
          .sort()
          .map((entry) => join(dirname(absolute), entry));
      });
    return included.map((path) => withIncludes(inputs.readOptional(path) ?? '', folder, inputs, depth + 1)).join('\n');
  });
}

/** OpenSSH's default identities (ssh_config(5) IdentityFile), in its order. */
const DEFAULT_IDENTITIES = ['id_rsa', 'id_ecdsa', 'id_ecdsa_sk', 'id_ed25519', 'id_ed25519_sk'];

/** `~` and the tokens ssh_config(5) allows in file names that are known without asking the server. */
function expandPath(path: string, tokens: { home: string; host: string; hostname: string; port: number; user: string }): string {
  const expanded = path.replace(/^~(?=\/|$)/, tokens.home).replace(/%([dhpnru%])/g, (_, token: string) => {
    switch (token) {
      case 'd':
        return tokens.home;
      case 'h':
        return tokens.hostname;
      case 'n':
        return tokens.host;
      case 'p':
        return String(tokens.port);
      case 'r':
        return tokens.user;
      case 'u':
        return userInfo().username;
      default:
        return '%';
    }
  });
  return expanded.startsWith('/') ? expanded : join(tokens.home, '.ssh', expanded);
}

const asList = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const first = (value: string | string[] | undefined): string | undefined => asList(value)[0];

/**
 * What ssh_config(5) gives for the host: ~/.ssh/config then /etc/ssh/ssh_config,
 * with their Includes, first value wins, and what the URL says wins over both
 * (as `ssh -p` and `user@` do). `Match exec` sections are not run: reading
 * settings must not execute commands.
 */
export function sshSettings({ host, port, username, env, home = homedir(), readOptional, listFolder, isSocket }: SshInputs): SshSettings {
  const files = [
    { path: join(home, '.ssh', 'config'), folder: join(home, '.ssh') },
    { path: '/etc/ssh/ssh_config', folder: '/etc/ssh' },
  ];
  const texts = files.flatMap(({ path, folder }) => {
    const text = readOptional(path);
    return text === undefined ? [] : [withIncludes(text, folder, { readOptional, listFolder, home })];
  });
  // Each file starts outside any Host block, as it does for OpenSSH.
  const config = SSHConfig.parse(texts.join('\nHost *\n'));
  const computed = config.compute(host, { ignoreCase: true, matchExec: false });
  const hostname = first(computed['hostname'])?.replace(/%h/g, host) ?? host;
  const resolvedPort = port ?? Number(first(computed['port']) ?? 22);
  const user = username ?? first(computed['user']) ?? userInfo().username;
  const tokens = { home, host, hostname, port: resolvedPort, user };
  const configured = asList(computed['identityfile']).map((path) => expandPath(path, tokens));
  const identityFiles = configured.length > 0 ? configured : DEFAULT_IDENTITIES.map((name) => join(home, '.ssh', name));
  const identityAgent = first(computed['identityagent']);
  const namedAgent =
    identityAgent === 'none'
      ? undefined
      : identityAgent === undefined || identityAgent === 'SSH_AUTH_SOCK'
        ? env['SSH_AUTH_SOCK'] || undefined
        : expandPath(identityAgent, tokens);
  const agentListens = namedAgent !== undefined && isSocket(namedAgent);
  const userKnownHosts = asList(computed['userknownhostsfile']).flatMap((entry) => entry.split(/\s+/));
  const knownHostsFiles = [
    ...(userKnownHosts.length > 0
      ? userKnownHosts.map((path) => expandPath(path, tokens))
      : [join(home, '.ssh', 'known_hosts'), join(home, '.ssh', 'known_hosts2')]),
    '/etc/ssh/ssh_known_hosts',
    '/etc/ssh/ssh_known_hosts2',
  ];
  const proxy = [['ProxyJump', first(computed['proxyjump'])] as const, ['ProxyCommand', first(computed['proxycommand'])] as const]
    .filter(([, value]) => value !== undefined && value !== 'none')
    .map(([key, value]) => `${key} ${value}`)[0];
  return {
    alias: host,
    hostname,
    port: resolvedPort,
    username: user,
    identityFiles,
    ...(namedAgent !== undefined && (agentListens ? { agent: namedAgent } : { missingAgent: namedAgent })),
    hostKeyName: first(computed['hostkeyalias']) ?? knownHostName(hostname, resolvedPort),
    knownHostsFiles,
    ...(proxy !== undefined && { proxy }),
  };
}
