import { request } from 'node:http';

export interface EngineResponse {
  status: number;
  text: string;
}

/**
 * One raw Engine API request on a unix socket, the path sent exactly as
 * given (encoded, odd version prefixes and all), as an attacker would send it
 * rather than as the docker CLI does.
 */
export function engineRequest(
  socketPath: string,
  method: string,
  path: string,
  body?: string | Buffer,
  headers: Record<string, string> = body === undefined ? {} : { 'Content-Type': 'application/json' },
): Promise<EngineResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path, method, headers, timeout: 120_000 }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.end(body);
  });
}

/** The containers the engine has, by name, running or not. */
export async function containerNames(socketPath: string): Promise<string[]> {
  const { text } = await engineRequest(socketPath, 'GET', '/containers/json?all=1');
  return (JSON.parse(text) as { Names: string[] }[]).flatMap((container) => container.Names.map((name) => name.replace(/^\//, '')));
}
