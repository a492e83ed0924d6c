/**
 * Reads one file for scanning: one open, one fstat, one read. Decides binary (a NUL byte in the first 8 KB) and
 * decodes UTF-8, or UTF-16 when the file starts with a byte-order mark.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { SkipReason } from './walk';

const SNIFF_BYTES = 8000;

export type ReadResult = { text: string; bytes: number } | { skip: SkipReason; error?: string };

export function decode(buf: Buffer): string | undefined {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString('utf16le');
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    const body = buf.subarray(2);
    const swapped = Buffer.from(body.subarray(0, body.length - (body.length % 2)));
    return swapped.swap16().toString('utf16le');
  }
  const sniff = buf.subarray(0, SNIFF_BYTES);
  if (sniff.includes(0)) return undefined;
  const start = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  return buf.toString('utf8', start);
}

export function readForScan(path: string, maxFileSize: number): ReadResult {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const st = fstatSync(fd);
    if (!st.isFile()) return { skip: 'special' };
    if (st.size > maxFileSize) return { skip: 'tooLarge' };
    const buf = Buffer.allocUnsafe(st.size);
    let read = 0;
    while (read < st.size) {
      const n = readSync(fd, buf, read, st.size - read, read);
      if (n === 0) break;
      read += n;
    }
    const text = decode(buf.subarray(0, read));
    return text === undefined ? { skip: 'binary' } : { text, bytes: read };
  } catch (err) {
    return { skip: 'unreadable', error: (err as NodeJS.ErrnoException).code ?? 'error' };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
