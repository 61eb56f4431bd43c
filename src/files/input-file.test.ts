import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { FileRefused, fileErrorReason, readInputStream, readInputText } from './input-file.js';

const dir = mkdtempSync(join(tmpdir(), 'dw-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const refusal = (read: () => unknown) => {
  try {
    read();
  } catch (error) {
    return fileErrorReason(error);
  }
  return 'read';
};

describe('readInputText', () => {
  it('reads a regular file as UTF-8, up to and including the limit', () => {
    writeFileSync(join(dir, 'ok'), 'héllo');
    expect(readInputText(join(dir, 'ok'), 6)).toBe('héllo');
    expect(refusal(() => readInputText(join(dir, 'ok'), 5))).toBe('larger than 0 MiB, the limit for an input file');
  });

  it('refuses devices and folders before reading, and keeps the system code for the rest', () => {
    expect(refusal(() => readInputText('/dev/zero'))).toBe('a character device, not a regular file');
    expect(refusal(() => readInputText(dir))).toBe('a folder, not a regular file');
    expect(refusal(() => readInputText(join(dir, 'missing')))).toBe('ENOENT');
  });

  it('cuts off a file that reports no size (/proc) at the limit', () => {
    expect(readInputText('/proc/self/status').length).toBeGreaterThan(0);
    expect(() => readInputText('/proc/self/status', 16)).toThrow(FileRefused);
  });
});

describe('readInputStream', () => {
  it('reads a stream to its end within the limit, and refuses one past it', async () => {
    expect(await readInputStream(Readable.from([Buffer.from('ab'), Buffer.from('c')]), 3)).toBe('abc');
    await expect(readInputStream(Readable.from([Buffer.from('ab'), Buffer.from('cd')]), 3)).rejects.toThrow(FileRefused);
  });
});
