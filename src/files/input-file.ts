import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

/**
 * The largest file read as input: 250 times the largest Compose file or README
 * of the public corpus (16 KiB). A Compose file this size holds some 40,000
 * services, which lint reads in about 10 s; past it a file is not configuration
 * and reading it would only cost time and memory.
 */
export const INPUT_FILE_LIMIT = 4 * 1024 * 1024;

/** `docker inspect` of a few thousand containers runs to tens of MiB. */
export const INSPECT_FILE_LIMIT = 256 * 1024 * 1024;

/** A file that is not read on purpose: not a regular file, or too large. */
export class FileRefused extends Error {}

/** Why a file could not be read, for a message: a refusal's reason or the system's error code. */
export function fileErrorReason(error: unknown): string {
  if (error instanceof FileRefused) return error.message;
  return (error as NodeJS.ErrnoException).code ?? 'error';
}

function mebibytes(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;
}

function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a named pipe';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  return 'a special file';
}

function tooLarge(limit: number): FileRefused {
  return new FileRefused(`larger than ${mebibytes(limit)}, the limit for an input file`);
}

/**
 * Reads a regular file of at most `limit` bytes as UTF-8. Devices (`/dev/zero`),
 * named pipes and sockets are refused before a byte is read, so a file that
 * names one can neither hang the audit nor fill its memory; a file that grows
 * while it is read, or reports no size (/proc), is still cut off at the limit.
 */
export function readInputText(path: string, limit = INPUT_FILE_LIMIT): string {
  // O_NONBLOCK: opening a named pipe with no writer would otherwise wait for one.
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) throw new FileRefused(`${kindOf(info)}, not a regular file`);
    if (info.size > limit) throw tooLarge(limit);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      // The size stat gave, plus one byte to notice growth; files that report no size (/proc) in 64 KiB steps.
      const chunk = Buffer.allocUnsafe(Math.min(limit + 1 - total, Math.max(info.size + 1 - total, 64 * 1024)));
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      total += read;
      if (total > limit) throw tooLarge(limit);
      chunks.push(chunk.subarray(0, read));
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** Standard input, read to its end with the same limit as a file. */
export async function readInputStream(stream: AsyncIterable<unknown>, limit = INPUT_FILE_LIMIT): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    total += buffer.length;
    if (total > limit) throw tooLarge(limit);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks, total).toString('utf8');
}
