/**
 * Reads one file for scanning through readRegularFileSync: one no-follow, non-blocking open, type and size checked on
 * the descriptor. A file swapped for a symlink after the walk listed it is counted as a symlink (never read through),
 * one swapped for a FIFO or a device as special (never waited on). Decides binary (a NUL byte in the first 8 KB that
 * is not UTF-16) and decodes UTF-8, or UTF-16 with or without a byte-order mark.
 */
import { readRegularFileSync, type RegularReadFailure } from './read-regular';
import type { SkipReason } from './walk';

const SNIFF_BYTES = 8000;

export type ReadResult = { text: string; bytes: number } | { skip: SkipReason; reason?: string; errno?: string };

function fromUtf16be(body: Buffer): string {
  const swapped = Buffer.from(body.subarray(0, body.length - (body.length % 2)));
  return swapped.swap16().toString('utf16le');
}

/**
 * UTF-16 without a byte-order mark, as Windows tools write it: mostly-ASCII text puts a NUL in every other byte — the
 * high byte, second in little-endian, first in big-endian — and almost never in the other position. Binary data has
 * NULs in both. Returns the endianness, or undefined when the sample does not look like UTF-16 text.
 */
export function sniffUtf16(sample: Buffer): 'le' | 'be' | undefined {
  const pairs = Math.floor(sample.length / 2);
  if (pairs < 2) return undefined;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (sample[i] === 0) zeroEven++;
    if (sample[i + 1] === 0) zeroOdd++;
  }
  // A NUL code unit (both bytes zero) is not text; a few zero low bytes are characters like U+0100 or U+4E00.
  const le = zeroOdd >= pairs * 0.4 && zeroEven <= pairs * 0.05;
  const be = zeroEven >= pairs * 0.4 && zeroOdd <= pairs * 0.05;
  return le ? 'le' : be ? 'be' : undefined;
}

/** Text that decoded from UTF-16 but holds NUL or other C0 controls than tab and line breaks was binary after all. */
function looksLikeText(text: string): boolean {
  return !/[\u0000-\u0008\u000e-\u001a\u001c-\u001f]/.test(text);
}

export function decode(buf: Buffer): string | undefined {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString('utf16le');
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return fromUtf16be(buf.subarray(2));
  const sniff = buf.subarray(0, SNIFF_BYTES);
  if (sniff.includes(0)) {
    const utf16 = sniffUtf16(sniff);
    if (!utf16) return undefined;
    const text = utf16 === 'le' ? buf.subarray(0, buf.length - (buf.length % 2)).toString('utf16le') : fromUtf16be(buf);
    return looksLikeText(text.slice(0, SNIFF_BYTES)) ? text : undefined;
  }
  const start = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  return buf.toString('utf8', start);
}

/** Why a file or folder could not be read, in a few words for the unreadable list (never its contents). */
export function unreadableReason(failure: Pick<RegularReadFailure, 'code' | 'reason'>): string {
  return failure.code === 'name-too-long' ? 'path too long' : failure.reason;
}

export function readForScan(path: string | Buffer, maxFileSize: number): ReadResult {
  const read = readRegularFileSync(path, maxFileSize);
  if (read.ok) {
    const text = decode(read.bytes);
    return text === undefined ? { skip: 'binary' } : { text, bytes: read.size };
  }
  switch (read.code) {
    case 'symlink':
      return { skip: 'symlink' };
    case 'not-a-file':
      return { skip: 'special' };
    case 'too-large':
      return { skip: 'tooLarge' };
    default:
      return { skip: 'unreadable', reason: unreadableReason(read), ...(read.errno ? { errno: read.errno } : {}) };
  }
}
