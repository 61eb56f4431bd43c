import { execFile } from 'node:child_process';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

const openssl = (args: string[], cwd: string) => run('openssl', args, { cwd });

/** A certificate authority: its key and self-signed certificate, in `dir`. */
async function authority(dir: string, name: string): Promise<{ key: string; cert: string }> {
  const key = join(dir, `${name}-key.pem`);
  const cert = join(dir, `${name}.pem`);
  await openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=${name}`, '-keyout', key, '-out', cert], dir);
  return { key, cert };
}

/** A key and a certificate the authority signs, with the given extensions. */
async function signed(
  dir: string,
  name: string,
  ca: { key: string; cert: string },
  extensions: string,
): Promise<{ key: string; cert: string }> {
  const key = join(dir, `${name}-key.pem`);
  const request = join(dir, `${name}.csr`);
  const cert = join(dir, `${name}.pem`);
  const extFile = join(dir, `${name}.ext`);
  await writeFile(extFile, extensions);
  await openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${name}`, '-keyout', key, '-out', request], dir);
  await openssl(
    ['x509', '-req', '-in', request, '-CA', ca.cert, '-CAkey', ca.key, '-CAcreateserial', '-days', '2', '-extfile', extFile, '-out', cert],
    dir,
  );
  return { key, cert };
}

export interface TlsFiles {
  /** --tlscacert, --tlscert and --tlskey of a dockerd serving 127.0.0.1. */
  server: { ca: string; cert: string; key: string };
  /** A DOCKER_CERT_PATH folder (ca.pem, cert.pem, key.pem) the server accepts. */
  clientDir: string;
  /** The same, but its ca.pem is another authority's: the server's certificate does not verify. */
  wrongCaDir: string;
  /** A ca.pem only, without a client certificate, which a --tlsverify daemon refuses. */
  noClientCertDir: string;
}

/** Certificates as Docker's "Protect the Docker daemon socket" guide makes them, with openssl, for one test run. */
export async function makeTlsFiles(dir: string): Promise<TlsFiles> {
  await mkdir(dir, { recursive: true });
  const ca = await authority(dir, 'ca');
  const other = await authority(dir, 'other-ca');
  const server = await signed(dir, 'server', ca, 'subjectAltName = IP:127.0.0.1\nextendedKeyUsage = serverAuth\n');
  const client = await signed(dir, 'client', ca, 'extendedKeyUsage = clientAuth\n');
  const folder = async (name: string, files: Record<string, string>) => {
    const path = join(dir, name);
    await mkdir(path, { recursive: true });
    for (const [file, source] of Object.entries(files)) await copyFile(source, join(path, file));
    return path;
  };
  return {
    server: { ca: ca.cert, cert: server.cert, key: server.key },
    clientDir: await folder('client', { 'ca.pem': ca.cert, 'cert.pem': client.cert, 'key.pem': client.key }),
    wrongCaDir: await folder('wrong-ca', { 'ca.pem': other.cert, 'cert.pem': client.cert, 'key.pem': client.key }),
    noClientCertDir: await folder('no-client-cert', { 'ca.pem': ca.cert }),
  };
}
