// The floor the authorization plugin is measured against: a separate Node
// process on its own unix socket that reads each request whole and allows it
// without looking at it. Started by authz-bench.mjs with the plugin's flags.
import { createServer } from 'node:http';

const ALLOW = '{"Allow":true}';
const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, { 'Content-Type': 'application/vnd.docker.plugins.v1.2+json', 'Content-Length': ALLOW.length });
    response.end(ALLOW);
  });
});
server.listen(process.argv[2], () => process.stderr.write('listening\n'));
process.on('SIGTERM', () => process.exit(0));
