// Runs dockward's CLI in this worker thread, one command per message, so that
// the fuzz test can stop a command that hangs (terminate()) and cap its memory
// (resourceLimits) without paying for a process per case.
import { Writable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';

const { main } = await import(workerData.program);

const sink = (append) =>
  new Writable({
    write(chunk, _encoding, done) {
      append(chunk.toString());
      done();
    },
  });

parentPort.on('message', async ({ id, argv }) => {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: sink((text) => (stdout += text)),
    stderr: sink((text) => (stderr += text)),
    env: { NO_COLOR: '1' },
    version: '0.0.0-fuzz',
  };
  const code = await main(argv, io);
  parentPort.postMessage({ id, code, stdout, stderr });
});
