/** CRC32 + base62 checksums of GitHub and npm token formats (GitHub blog, 2021-04-05 and 2021-09-23). */

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

let crcTable: Uint32Array | undefined;

function table(): Uint32Array {
  if (crcTable) return crcTable;
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  crcTable = t;
  return t;
}

/** CRC32 (IEEE) of an ASCII string. Kept here rather than zlib.crc32 so the engine runs on any Node and in browsers. */
export function crc32(text: string): number {
  const t = table();
  let c = 0xffffffff;
  for (let i = 0; i < text.length; i++) c = t[(c ^ text.charCodeAt(i)) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function base62(n: number, width: number): string {
  let s = '';
  while (n > 0) {
    s = BASE62[n % 62] + s;
    n = Math.floor(n / 62);
  }
  return s.padStart(width, '0');
}

/** `<prefix>_<30 random><6 checksum>`: true when the last six characters are base62(crc32(random part)). */
export function hasValidTokenChecksum(token: string): boolean {
  const underscore = token.indexOf('_');
  if (underscore < 0) return false;
  const body = token.slice(underscore + 1);
  if (body.length !== 36) return false;
  return base62(crc32(body.slice(0, 30)), 6) === body.slice(30);
}
