/**
 * UTF-8 decoding that never fails and remembers where each character came from. Line-based credential files
 * (.npmrc, .netrc, .git-credentials, shell rc files) are often UTF-8 with a stray Latin-1 byte in a comment: read
 * strictly they are "not text" and nothing in them can be seen or removed. Decoded here, every invalid byte becomes
 * one U+FFFD and the rest reads as written; and because each UTF-16 unit knows its byte offset, an edit computed on
 * the text can be applied to the bytes, leaving every byte outside the removed ranges exactly as it was.
 */

export interface LossyText {
  text: string;
  /** offsets[i] = byte offset where UTF-16 unit i starts; offsets[text.length] = bytes.length. */
  offsets: Uint32Array;
  /** How many bytes were not valid UTF-8 (each became one U+FFFD). */
  invalidBytes: number;
}

const REPLACEMENT = 0xfffd;

function cont(b: number | undefined): boolean {
  return b !== undefined && (b & 0xc0) === 0x80;
}

/** Length of the valid UTF-8 sequence starting at `i`, or 0 when the byte there starts none. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b0 = bytes[i]!;
  if (b0 < 0x80) return 1;
  const b1 = bytes[i + 1];
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(b1) ? 2 : 0;
  if (b0 >= 0xe0 && b0 <= 0xef) {
    if (b1 === undefined) return 0;
    const ok1 = b0 === 0xe0 ? b1 >= 0xa0 && b1 <= 0xbf : b0 === 0xed ? b1 >= 0x80 && b1 <= 0x9f : cont(b1);
    return ok1 && cont(bytes[i + 2]) ? 3 : 0;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    if (b1 === undefined) return 0;
    const ok1 = b0 === 0xf0 ? b1 >= 0x90 && b1 <= 0xbf : b0 === 0xf4 ? b1 >= 0x80 && b1 <= 0x8f : cont(b1);
    return ok1 && cont(bytes[i + 2]) && cont(bytes[i + 3]) ? 4 : 0;
  }
  return 0;
}

export function decodeUtf8Lossy(bytes: Uint8Array): LossyText {
  const units: number[] = [];
  const starts: number[] = [];
  let invalidBytes = 0;
  for (let i = 0; i < bytes.length; ) {
    const n = sequenceLength(bytes, i);
    if (n === 0) {
      units.push(REPLACEMENT);
      starts.push(i);
      invalidBytes++;
      i++;
      continue;
    }
    let cp = n === 1 ? bytes[i]! : bytes[i]! & (0xff >> (n + 1));
    for (let k = 1; k < n; k++) cp = (cp << 6) | (bytes[i + k]! & 0x3f);
    if (cp > 0xffff) {
      const v = cp - 0x10000;
      units.push(0xd800 + (v >> 10), 0xdc00 + (v & 0x3ff));
      starts.push(i, i);
    } else {
      units.push(cp);
      starts.push(i);
    }
    i += n;
  }
  let text = '';
  for (let k = 0; k < units.length; k += 8192) text += String.fromCharCode(...units.slice(k, k + 8192));
  const offsets = new Uint32Array(units.length + 1);
  offsets.set(starts);
  offsets[units.length] = bytes.length;
  return { text, offsets, invalidBytes };
}

/** `bytes` without the byte ranges that correspond to the given text ranges (half-open, non-overlapping). */
export function cutBytes(bytes: Buffer, decoded: LossyText, spans: ReadonlyArray<readonly [number, number]>): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (const [from, to] of [...spans].sort((a, b) => a[0] - b[0])) {
    const bFrom = decoded.offsets[from]!;
    const bTo = decoded.offsets[to]!;
    parts.push(bytes.subarray(at, bFrom));
    at = bTo;
  }
  parts.push(bytes.subarray(at));
  return Buffer.concat(parts);
}

/** The same cut on the text (what the file will read as). */
export function cutText(text: string, spans: ReadonlyArray<readonly [number, number]>): string {
  let out = '';
  let at = 0;
  for (const [from, to] of [...spans].sort((a, b) => a[0] - b[0])) {
    out += text.slice(at, from);
    at = to;
  }
  return out + text.slice(at);
}
