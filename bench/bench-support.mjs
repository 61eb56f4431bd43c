// What the scan benchmarks share: containers with realistic settings made
// through the Engine API, and whole processes timed from spawn to exit.
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';

/** A spread of realistic settings, so rules have work to do. */
function containerBody(image, index) {
  const variants = [
    { HostConfig: { CapDrop: ['ALL'], CapAdd: ['NET_BIND_SERVICE'], NetworkMode: 'none' } },
    {
      Env: ['DB_PASSWORD=bench-not-real', 'PATH=/bin'],
      HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '', HostPort: `${20000 + index}` }] } },
    },
    { HostConfig: { Privileged: true } },
    { HostConfig: { Binds: ['/etc:/host-etc:ro'], CapAdd: ['SYS_ADMIN'] } },
    { HostConfig: { NetworkMode: 'host', PidMode: 'host' } },
  ];
  return { Image: image, Labels: { bench: 'yes' }, ...variants[index % variants.length] };
}

function api(socketPath, agent, method, path, body) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      {
        socketPath,
        agent,
        method,
        path,
        headers: payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {},
      },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () =>
          res.statusCode < 300 ? resolve() : reject(new Error(`${method} ${path}: ${res.statusCode} ${Buffer.concat(chunks)}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Creates containers bench-<from> to bench-<to - 1>, eight requests at a time. */
export async function createContainers(engine, image, from, to) {
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  const indices = Array.from({ length: to - from }, (_, i) => from + i);
  for (let i = 0; i < indices.length; i += 8) {
    await Promise.all(
      indices
        .slice(i, i + 8)
        .map((index) => api(engine.socketPath, agent, 'POST', `/containers/create?name=bench-${index}`, containerBody(image, index))),
    );
  }
  agent.destroy();
}

/**
 * Wall time of a whole process, from spawn to exit, and what it wrote to
 * stderr; `input` goes to its standard input, and `accepted` are the exit
 * codes of a run that worked.
 */
export function timeProcess(args, env, { input, accepted = [0] } = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, {
      env: { ...process.env, ...env },
      stdio: [input === undefined ? 'ignore' : 'pipe', 'ignore', 'pipe'],
    });
    if (input !== undefined) child.stdin.end(input);
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (!accepted.includes(code)) reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}`));
      else resolve({ ms, stderr });
    });
  });
}

export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
