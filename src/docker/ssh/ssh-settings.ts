import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import SSHConfig from 'ssh-config';

/** How to reach one ssh:// engine, as OpenSSH's client would from the same files and environment. */
export interface SshSettings {
  /** The name in the URL, which may be a `Host` alias of ~/.ssh/config. */
  alias: string;
  hostname: string;
  port: number;
  username: string;
  /** Identity files to offer, in order: the config's IdentityFile entries, else the default ones. */
  identityFiles: string[];
  /** The agent's socket (SSH_AUTH_SOCK, or the config's IdentityAgent), unless the config says none. */
  agent?: string;
  /** The name known_hosts files know the host by: HostKeyAlias, else the host name. */
  hostKeyName: string;
  knownHostsFiles: string[];
}

export interface SshInputs {
  host: string;
  port?: number;
  username?: string;
  env: NodeJS.ProcessEnv;
  home?: string;
  /** Reads a file or returns undefined when it does not exist. */
  readOptional: (path: string) => string | undefined;
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
 * first value wins, and what the URL says wins over both (as `ssh -p` and
 * `user@` do). `Match exec` sections are not run: reading settings must not
 * execute commands.
 */
export function sshSettings({ host, port, username, env, home = homedir(), readOptional }: SshInputs): SshSettings {
  const texts = [join(home, '.ssh', 'config'), '/etc/ssh/ssh_config'].map(readOptional).filter((text) => text !== undefined);
  const config = SSHConfig.parse(texts.join('\n'));
  const computed = config.compute(host, { ignoreCase: true, matchExec: false });
  const hostname = first(computed['hostname'])?.replace(/%h/g, host) ?? host;
  const resolvedPort = port ?? Number(first(computed['port']) ?? 22);
  const user = username ?? first(computed['user']) ?? userInfo().username;
  const tokens = { home, host, hostname, port: resolvedPort, user };
  const configured = asList(computed['identityfile']).map((path) => expandPath(path, tokens));
  const identityFiles = configured.length > 0 ? configured : DEFAULT_IDENTITIES.map((name) => join(home, '.ssh', name));
  const identityAgent = first(computed['identityagent']);
  const agent =
    identityAgent === 'none'
      ? undefined
      : identityAgent === undefined || identityAgent === 'SSH_AUTH_SOCK'
        ? env['SSH_AUTH_SOCK']
        : expandPath(identityAgent, tokens);
  const userKnownHosts = asList(computed['userknownhostsfile']).flatMap((entry) => entry.split(/\s+/));
  const knownHostsFiles = [
    ...(userKnownHosts.length > 0
      ? userKnownHosts.map((path) => expandPath(path, tokens))
      : [join(home, '.ssh', 'known_hosts'), join(home, '.ssh', 'known_hosts2')]),
    '/etc/ssh/ssh_known_hosts',
    '/etc/ssh/ssh_known_hosts2',
  ];
  return {
    alias: host,
    hostname,
    port: resolvedPort,
    username: user,
    identityFiles,
    ...(agent && { agent }),
    hostKeyName: first(computed['hostkeyalias']) ?? hostname,
    knownHostsFiles,
  };
}
