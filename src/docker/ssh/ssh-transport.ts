import { readdirSync, readFileSync, statSync } from 'node:fs';
import type { EngineTransport } from '../engine-client.js';
import type { Endpoint } from '../endpoint.js';
import { sshAgent } from './ssh-agent.js';
import { sshSettings } from './ssh-settings.js';

function isSocket(path: string): boolean {
  try {
    return statSync(path).isSocket();
  } catch {
    return false;
  }
}

function listFolder(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

/**
 * A file of the ssh configuration, or undefined where there is none to read:
 * a missing or unreadable one, a folder, a named pipe (which would block) are
 * skipped, as OpenSSH skips an identity it cannot load, so that one bad entry
 * does not hide the good ones.
 */
function readOptional(path: string): Buffer | undefined {
  try {
    return statSync(path).isFile() ? readFileSync(path) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * OpenSSH's servers allow ten sessions on one connection by default
 * (sshd_config MaxSessions): more HTTP connections than that would be refused.
 */
const SESSIONS_PER_CONNECTION = 10;

/** The transport of an ssh:// endpoint, with the settings OpenSSH's client would use for it. */
export function sshTransport(endpoint: Endpoint, env: NodeJS.ProcessEnv): EngineTransport {
  const settings = sshSettings({
    host: endpoint.host ?? '',
    ...(endpoint.port !== undefined && { port: endpoint.port }),
    ...(endpoint.username !== undefined && { username: endpoint.username }),
    env,
    ...(env['HOME'] && { home: env['HOME'] }),
    readOptional: (path) => readOptional(path)?.toString('utf8'),
    listFolder,
    isSocket,
  });
  return sshAgent(settings, readOptional, { maxSockets: SESSIONS_PER_CONNECTION });
}
