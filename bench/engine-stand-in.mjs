// The engine the plugin reads named volumes from during authz-bench.mjs (the
// postgres body mounts one): a separate Node process on its own unix socket
// that answers every volume lookup with a plain local volume, as dockerd
// does, so the plugin talks to no real engine on this machine and the load
// generator's own work does not delay the answers.
import { createServer } from 'node:http';

const server = createServer((request, response) => {
  request.resume();
  const name = decodeURIComponent((request.url ?? '').split('?')[0].split('/').pop() ?? '');
  response.writeHead(200, { 'Content-Type': 'application/json' });
  response.end(
    JSON.stringify({ Name: name, Driver: 'local', Mountpoint: `/var/lib/docker/volumes/${name}/_data`, Options: null, Scope: 'local' }),
  );
});
server.listen(process.argv[2], () => process.stderr.write('listening\n'));
process.on('SIGTERM', () => process.exit(0));
