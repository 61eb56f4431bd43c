import { createHash } from 'node:crypto';
import { Agent, type AgentOptions } from 'node:http';
import type { Duplex } from 'node:stream';
import ssh2, { type AnyAuthMethod, type Client, type ClientChannel, type ConnectConfig, type ParsedKey } from 'ssh2';
import { KnownHosts } from './known-hosts.js';
import type { SshSettings } from './ssh-settings.js';
import { TransportRefusal, type EngineTransport } from '../engine-client.js';

// ssh2 is CommonJS: its exports are properties of the default one.
const { utils } = ssh2;

/** The key's fingerprint as `ssh-keygen -l` prints it: SHA256, base64 without padding. */
function fingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

function keyType(key: Buffer): string {
  const parsed = utils.parseKey(key);
  if (parsed instanceof Error) return 'unknown';
  const first: ParsedKey | undefined = Array.isArray(parsed) ? (parsed[0] as ParsedKey | undefined) : parsed;
  return first?.type ?? 'unknown';
}

/** The host key algorithms to ask for first: those known_hosts holds a key of (an ssh-rsa key signs with rsa-sha2-*). */
function preferredAlgorithms(types: readonly string[]): string[] {
  return types.flatMap((type) => (type === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [type]));
}

function hostKeyRefusal(settings: SshSettings, key: Buffer, knownHosts: KnownHosts): string | undefined {
  const verdict = knownHosts.judge(key);
  const where = `${settings.hostname}:${settings.port}`;
  const offered = `${keyType(key)} ${fingerprint(key)}`;
  const files = settings.knownHostsFiles[0] ?? '~/.ssh/known_hosts';
  switch (verdict.verdict) {
    case 'known':
      return undefined;
    case 'unknown':
      return (
        `the SSH host key of ${where} (${offered}) is not in ${settings.knownHostsFiles.join(', ')}: ` +
        `check it with the host's owner, then add it (ssh-keyscan -p ${settings.port} ${settings.hostname} >> ${files}, or connect once with ssh)`
      );
    case 'changed':
      return (
        `the SSH host key of ${where} has CHANGED: it offered ${offered}, which is not the ${verdict.knownTypes.join(', ')} key known for ${knownHosts.name}. ` +
        'Someone may be intercepting the connection, or the host was reinstalled: check with its owner before removing the old key (ssh-keygen -R)'
      );
    case 'revoked':
      return `the SSH host key of ${where} (${offered}) is marked @revoked in known_hosts`;
  }
}

/** Identity files that exist and can be used without a passphrase; the others are named in a failure. */
function identities(settings: SshSettings, readKey: (path: string) => Buffer | undefined) {
  const usable: { path: string; key: Buffer }[] = [];
  const skipped: string[] = [];
  for (const path of settings.identityFiles) {
    const key = readKey(path);
    if (key === undefined) continue;
    const parsed = utils.parseKey(key);
    if (parsed instanceof Error) skipped.push(`${path} (${parsed.message})`);
    else usable.push({ path, key });
  }
  return { usable, skipped };
}

/** A channel as http.Agent handles a socket between requests: keep-alive, ref and an idle timeout. */
function asSocket(channel: ClientChannel): Duplex {
  let idleMs = 0;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    if (idleMs > 0) timer = setTimeout(() => channel.emit('timeout'), idleMs).unref();
  };
  channel.on('data', arm);
  channel.on('close', () => clearTimeout(timer));
  return Object.assign(channel, {
    setTimeout(ms: number, onTimeout?: () => void) {
      idleMs = ms;
      if (onTimeout) channel.once('timeout', onTimeout);
      arm();
      return channel;
    },
    setKeepAlive: () => channel,
    setNoDelay: () => channel,
    ref: () => channel,
    unref: () => channel,
  });
}

/** A channel running `docker system dial-stdio`, as a socket; a failure of the remote command ends it with the command's words. */
function dialChannel(channel: ClientChannel, hostname: string): Duplex {
  let stderr = '';
  channel.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(0, 400)));
  channel.once('exit', (code: number | null) => {
    if (code !== 0 && code !== null)
      (channel as Duplex).destroy(
        new TransportRefusal(`"docker system dial-stdio" on ${hostname} exited with ${code}: ${stderr.trim().split('\n')[0] ?? ''}`),
      );
  });
  return asSocket(channel);
}

/**
 * An http.Agent that carries every request to one engine over a single SSH
 * connection: each HTTP connection is a channel running `docker system
 * dial-stdio` on the remote host, as the docker CLI does, and is kept alive
 * for the next request. The host key must be in known_hosts.
 */
export function sshAgent(settings: SshSettings, read: (path: string) => Buffer | undefined, options: AgentOptions = {}): EngineTransport {
  let connection: Promise<Client> | undefined;
  let client: Client | undefined;
  /**
   * The channels of each connection. When it closes they are destroyed: ssh2
   * ends them, but a keep-alive channel nobody reads would never say so, and
   * the agent would hand it to the next request, which would wait forever.
   */
  const channelsOf = new WeakMap<Client, Set<Duplex>>();

  function connect(): Promise<Client> {
    const attempt = new Promise<Client>((resolve, reject) => {
      if (settings.proxy !== undefined)
        return reject(
          new TransportRefusal(
            `the ssh configuration reaches ${settings.alias} through ${settings.proxy}, which dockward's SSH client does not follow: ` +
              'point -H at a host it reaches directly, or forward the engine socket (ssh -L) and use unix://',
          ),
        );
      const knownHosts = new KnownHosts(
        settings.knownHostsFiles.map((path) => read(path)?.toString('utf8') ?? ''),
        settings.hostKeyName,
      );
      const { usable, skipped } = identities(settings, read);
      const methods: AnyAuthMethod[] = [
        ...(settings.agent ? [{ type: 'agent' as const, username: settings.username, agent: settings.agent }] : []),
        ...usable.map(({ key }) => ({ type: 'publickey' as const, username: settings.username, key })),
      ];
      let refused: Error | undefined;
      const ssh = new ssh2.Client();
      client = ssh;
      const config: ConnectConfig = {
        host: settings.hostname,
        port: settings.port,
        username: settings.username,
        authHandler: methods,
        // A connection that went quiet because the network did is found out, as ssh's ServerAliveInterval does.
        keepaliveInterval: 15_000,
        algorithms: { serverHostKey: { prepend: preferredAlgorithms(knownHosts.keyTypes()) } as never },
        hostVerifier: (key: Buffer) => {
          const reason = hostKeyRefusal(settings, key, knownHosts);
          if (reason !== undefined) refused = new TransportRefusal(reason);
          return reason === undefined;
        },
      };
      ssh.once('ready', () => resolve(ssh));
      // Kept for the connection's life: an error after it was ready (the network went) must not go unheard, and the
      // requests after it open a new connection. Before it was ready, the error is the connection's refusal.
      ssh.on('error', (error: Error & { level?: string }) => {
        if (refused) return reject(refused);
        if (error.level === 'client-authentication') {
          const tried = [...(settings.agent ? [`the agent at ${settings.agent}`] : []), ...usable.map(({ path }) => path)];
          const notTried = [
            ...(skipped.length > 0 ? [`not usable without a passphrase or not a key: ${skipped.join(', ')}`] : []),
            ...(settings.missingAgent !== undefined ? [`no agent listens at ${settings.missingAgent}`] : []),
          ]
            .map((note) => `; ${note}`)
            .join('');
          return reject(
            new TransportRefusal(
              `the SSH server at ${settings.hostname}:${settings.port} accepted no key for ${settings.username} ` +
                `(tried: ${tried.join(', ') || 'nothing: no agent (SSH_AUTH_SOCK) and no identity file'}${notTried})`,
            ),
          );
        }
        reject(error);
      });
      channelsOf.set(ssh, new Set());
      ssh.on('close', () => {
        if (connection === attempt) connection = undefined;
        for (const channel of channelsOf.get(ssh) ?? []) channel.destroy();
      });
      ssh.connect(config);
    });
    return attempt;
  }

  class Tunnel extends Agent {
    override createConnection(_options: unknown, onCreate: (error: Error | null, socket?: Duplex) => void): undefined {
      const failed = (error: unknown) => onCreate(error instanceof Error ? error : new Error(String(error)));
      (connection ??= connect()).then((ssh) => {
        try {
          ssh.exec('docker system dial-stdio', (error, channel) => {
            if (error) return failed(error);
            const socket = dialChannel(channel, settings.hostname);
            const open = channelsOf.get(ssh);
            open?.add(socket);
            socket.once('close', () => open?.delete(socket));
            onCreate(null, socket);
          });
        } catch (error) {
          // A connection that went away since it was ready throws here; the next request makes a new one.
          connection = undefined;
          failed(error);
        }
      }, failed);
      return undefined;
    }

    close(): void {
      this.destroy();
      client?.end();
      connection = undefined;
    }
  }
  return new Tunnel({ keepAlive: true, ...options });
}
