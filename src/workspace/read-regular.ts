/**
 * Opening a file named by a workspace (a scanned file, `.keysweep.json`, a baseline) the only safe way: one open with
 * no-follow (a file swapped for a symlink after it was listed is refused, not read through) and non-blocking (a FIFO
 * swapped in cannot hang the open), then the type and size checked on the open descriptor, so what is read is what
 * was checked. Never throws; every failure is a code and a one-line reason that names the file, never its contents.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { open as openAsync } from 'node:fs/promises';

export type RegularReadFailure = {
  ok: false;
  /** absent | symlink | not-a-file | too-large | name-too-long | permission-denied | unreadable */
  code: string;
  /** The errno behind it, when there was one. */
  errno?: string;
  /** Why, in a few words, without the path: "a symlink (not followed)". */
  reason: string;
};

export type RegularRead = { ok: true; bytes: Buffer; size: number } | RegularReadFailure;

/** O_NOFOLLOW and O_NONBLOCK where the platform has them (Windows has neither; it has no FIFOs in the tree either). */
export const NO_FOLLOW_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

export function describeOpenError(err: unknown): RegularReadFailure {
  const errno = (err as NodeJS.ErrnoException)?.code ?? 'EIO';
  switch (errno) {
    case 'ENOENT':
    case 'ENOTDIR':
      return { ok: false, code: 'absent', errno, reason: 'not found' };
    case 'ELOOP':
    case 'EMLINK': // FreeBSD's answer to O_NOFOLLOW on a symlink
      return { ok: false, code: 'symlink', errno, reason: 'a symlink (not followed)' };
    case 'EISDIR':
      return { ok: false, code: 'not-a-file', errno, reason: 'a folder, not a file' };
    case 'ENAMETOOLONG':
      return { ok: false, code: 'name-too-long', errno, reason: 'its path is longer than the system allows' };
    case 'EACCES':
    case 'EPERM':
      return { ok: false, code: 'permission-denied', errno, reason: 'permission denied' };
    case 'ENXIO':
      return { ok: false, code: 'not-a-file', errno, reason: 'a socket or device, not a regular file' };
    default:
      return { ok: false, code: 'unreadable', errno, reason: `cannot be read (${errno})` };
  }
}

function checkStats(st: Stats, maxBytes: number): RegularReadFailure | undefined {
  if (st.isDirectory()) return { ok: false, code: 'not-a-file', reason: 'a folder, not a file' };
  if (!st.isFile()) return { ok: false, code: 'not-a-file', reason: 'not a regular file (a FIFO, socket or device); not read' };
  if (st.size > maxBytes) return { ok: false, code: 'too-large', reason: `${st.size} bytes; the limit is ${maxBytes}` };
  return undefined;
}

/** Reads at most `maxBytes` of a regular file that is not a symlink; a file that grows past the cap is too large. */
export function readRegularFileSync(path: string | Buffer, maxBytes: number): RegularRead {
  let fd: number;
  try {
    fd = openSync(path, NO_FOLLOW_FLAGS);
  } catch (err) {
    return describeOpenError(err);
  }
  try {
    const st = fstatSync(fd);
    const bad = checkStats(st, maxBytes);
    if (bad) return bad;
    // One byte more than the cap tells a file that grew since fstat from one that is exactly at it.
    const buf = Buffer.allocUnsafe(Math.min(st.size, maxBytes) + 1);
    let read = 0;
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buf, read, buf.length - read, read);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EAGAIN') continue;
        throw err;
      }
      if (n === 0) break;
      read += n;
      if (read === buf.length) break;
    }
    if (read > maxBytes) return { ok: false, code: 'too-large', reason: `more than ${maxBytes} bytes` };
    return { ok: true, bytes: buf.subarray(0, read), size: read };
  } catch (err) {
    return describeOpenError(err);
  } finally {
    closeSync(fd);
  }
}

export async function readRegularFile(path: string, maxBytes: number): Promise<RegularRead> {
  let handle;
  try {
    handle = await openAsync(path, NO_FOLLOW_FLAGS);
  } catch (err) {
    return describeOpenError(err);
  }
  try {
    const st = await handle.stat();
    const bad = checkStats(st, maxBytes);
    if (bad) return bad;
    const buf = Buffer.allocUnsafe(Math.min(st.size, maxBytes) + 1);
    let read = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buf, read, buf.length - read, read);
      if (bytesRead === 0) break;
      read += bytesRead;
      if (read === buf.length) break;
    }
    if (read > maxBytes) return { ok: false, code: 'too-large', reason: `more than ${maxBytes} bytes` };
    return { ok: true, bytes: buf.subarray(0, read), size: read };
  } catch (err) {
    return describeOpenError(err);
  } finally {
    await handle.close().catch(() => undefined);
  }
}
