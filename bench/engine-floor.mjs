// The floor dockward is measured against: the least a process can do to read
// the same data. One list call, then one inspect per container, with nothing
// but Node's http module, over FLOOR_SOCKETS keep-alive connections (default
// 1) with as many requests in flight: 8 is the shape of a careful client.
import { Agent, request } from 'node:http';

const socketPath = process.env.DOCKER_HOST.replace('unix://', '');
const sockets = Number(process.env.FLOOR_SOCKETS ?? 1);
const agent = new Agent({ keepAlive: true, maxSockets: sockets });

function get(path) {
  return new Promise((resolve, reject) => {
    request({ socketPath, path, agent }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString())));
    })
      .on('error', reject)
      .end();
  });
}

const list = await get('/containers/json?all=1');
const inspected = [];
let next = 0;
async function worker() {
  while (next < list.length) {
    const { Id } = list[next++];
    inspected.push(await get(`/containers/${Id}/json`));
  }
}
await Promise.all(Array.from({ length: sockets }, worker));
process.stdout.write(`${inspected.length}\n`);
agent.destroy();
