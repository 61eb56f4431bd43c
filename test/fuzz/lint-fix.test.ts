/**
 * Fuzz test (issue 17): random and mutated Compose files, Markdown, shell
 * scripts and Quadlet-like units go to `lint` and `fix`, which must answer
 * each with findings or input errors (exit 0, 1 or 2), never an internal
 * error (70), a hang past CASE_BUDGET_MS or a heap past HEAP_LIMIT_MB; and a
 * Compose file lint reads must still be one it reads after `fix --write`.
 *
 * The cases come from fast-check with a fixed seed: DOCKWARD_FUZZ_SEED picks
 * another run and DOCKWARD_FUZZ_CASES its size. A failure is shrunk by
 * fast-check, and its message holds the smallest input that still fails.
 */
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeFile, fuzzCase, Random } from './generators.js';

const SEED = Number(process.env['DOCKWARD_FUZZ_SEED'] ?? 20261203);
const CASES = Number(process.env['DOCKWARD_FUZZ_CASES'] ?? 200);
/** Far beyond what any of these small files needs (milliseconds each): only a hang reaches it. */
const CASE_BUDGET_MS = 15_000;
const HEAP_LIMIT_MB = 512;

const PROGRAM = fileURLToPath(new URL('../../dist/cli/program.js', import.meta.url));
const WORKER = fileURLToPath(new URL('./fuzz-worker.mjs', import.meta.url));

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** The CLI in a worker thread: a command past its budget or its heap ends the worker and fails the case. */
class CliWorker {
  #worker: Worker | undefined;
  #next = 0;
  #pending = new Map<number, { resolve(outcome: Outcome): void; reject(error: Error): void }>();

  /** The worker, started again after one was ended (a hang, the heap limit), so that shrinking can go on. */
  #started(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(WORKER, { workerData: { program: PROGRAM }, resourceLimits: { maxOldGenerationSizeMb: HEAP_LIMIT_MB } });
    worker.on('message', ({ id, ...outcome }: Outcome & { id: number }) => this.#pending.get(id)?.resolve(outcome));
    worker.on('error', (error) => this.#failAll(error));
    worker.on('exit', (code) => {
      this.#worker = undefined;
      this.#failAll(new Error(`the worker exited (${code})`));
    });
    return (this.#worker = worker);
  }

  run(argv: string[]): Promise<Outcome> {
    const worker = this.#started();
    const id = this.#next++;
    return new Promise<Outcome>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`no answer within ${CASE_BUDGET_MS} ms`));
        void worker.terminate();
      }, CASE_BUDGET_MS);
      const settle = () => {
        clearTimeout(timer);
        this.#pending.delete(id);
      };
      this.#pending.set(id, {
        resolve: (outcome) => {
          settle();
          resolve(outcome);
        },
        reject: (error) => {
          settle();
          reject(error);
        },
      });
      worker.postMessage({ id, argv });
    });
  }

  #failAll(error: Error): void {
    for (const pending of this.#pending.values()) pending.reject(error);
  }

  async stop(): Promise<void> {
    await this.#worker?.terminate();
  }
}

let worker: CliWorker;
let root: string;

beforeAll(async () => {
  worker = new CliWorker();
  root = await mkdtemp(join(tmpdir(), 'dw-fuzz-'));
});

afterAll(async () => {
  await worker.stop();
  await rm(root, { recursive: true, force: true });
});

/** What a person needs to see the failure again: the command, its answer and the input. */
function describeCase(name: string, text: string, what: string, outcome?: Outcome): string {
  const shown = text.length > 2000 ? `${text.slice(0, 2000)}… (${text.length} characters)` : text;
  return [
    what,
    outcome ? `exit ${outcome.code}; stderr:\n${outcome.stderr.slice(0, 2000)}` : '',
    `input (${name}):\n${JSON.stringify(shown)}`,
  ].join('\n');
}

describe(`lint and fix on random and mutated files (seed ${SEED})`, () => {
  it('answer every one with findings or input errors, within budget, and fix keeps readable Compose readable', async () => {
    const exitCodes = new Set<number>();
    let index = 0;
    await fc.assert(
      fc.asyncProperty(fc.gen(), async (draw) => {
        const random = new Random(draw);
        const { kind, name, text } = fuzzCase(random);
        const dir = join(root, String(index++));
        await mkdir(join(dir, 'fixed'), { recursive: true });
        const file = join(dir, name);
        await writeFile(file, text);
        // What the cases refer to, beside the file and its fixed copy: an included file and an env file.
        const other = composeFile(random);
        for (const folder of [dir, join(dir, 'fixed')]) {
          await writeFile(join(folder, 'other.yaml'), other);
          await writeFile(join(folder, '.env'), 'TAG=1.0\nDB_PASSWORD=from-env-file\n');
        }
        const config = join(dir, 'dockward.yaml');
        await writeFile(config, '{}\n');

        const run = async (argv: string[]): Promise<Outcome> => {
          let outcome: Outcome;
          try {
            outcome = await worker.run(argv);
          } catch (error) {
            throw new Error(describeCase(name, text, `${argv.join(' ')} failed: ${(error as Error).message}`), { cause: error });
          }
          expect([0, 1, 2], describeCase(name, text, `${argv.join(' ')} ended with an exit code it must not`, outcome)).toContain(
            outcome.code,
          );
          expect(outcome.stderr, describeCase(name, text, `${argv.join(' ')} reported an internal error`, outcome)).not.toMatch(
            /internal error|report this as a bug/i,
          );
          return outcome;
        };

        try {
          const lint = await run(['lint', file, '--format', 'json', '--config', config]);
          exitCodes.add(lint.code);
          expect(
            () => JSON.parse(lint.stdout) as unknown,
            describeCase(name, text, 'lint printed a report that is not JSON', lint),
          ).not.toThrow();
          await run(['fix', file]);
          if (kind === 'compose' && lint.code !== 2) {
            const copy = join(dir, 'fixed', name);
            await copyFile(file, copy);
            await run(['fix', copy, '--write']);
            const again = await run(['lint', copy, '--format', 'json', '--config', config]);
            expect(again.code, describeCase(name, text, 'fix --write made a readable Compose file unreadable', again)).not.toBe(2);
          }
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      }),
      { seed: SEED, numRuns: CASES },
    );
    // The generator must reach every outcome, or it tests less than it claims.
    expect([...exitCodes].sort()).toEqual([0, 1, 2]);
  }, 600_000);
});
