/**
 * Rule examples are templates so that nothing secret-shaped is committed (GitHub push protection and our own
 * self-scan would both trip on literals). `expandTemplate` turns a template into concrete text with a seeded PRNG,
 * so every test run sees the same values.
 *
 * Placeholders, `{{kind:length}}`:
 *   alnum  [A-Za-z0-9]        hex   [0-9a-f]          HEX   [0-9A-F]         digits [0-9]
 *   lower  [a-z0-9]           upper [A-Z0-9]          alpha [A-Za-z]         letters [a-z]
 *   b64    [A-Za-z0-9+/]      b64url [A-Za-z0-9_-]    base32 [A-Z2-7]
 * Whole tokens, `{{kind:prefix}}`:
 *   {{gh:ghp}}      a checksum-valid GitHub token with that prefix (ghp, gho, ghu, ghs, ghr)
 *   {{gh-bad:ghp}}  same shape with a wrong checksum
 *   {{npm}} / {{npm-bad}}  npm tokens, valid and invalid checksum
 * Escapes: `{{lbrace}}` and `{{rbrace}}` for literal `{{`/`}}` next to a placeholder.
 */
import { base62, crc32 } from '../engine/checksum';

const CHARSETS: Record<string, string> = {
  alnum: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
  hex: '0123456789abcdef',
  HEX: '0123456789ABCDEF',
  digits: '0123456789',
  lower: 'abcdefghijklmnopqrstuvwxyz0123456789',
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  alpha: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
  letters: 'abcdefghijklmnopqrstuvwxyz',
  b64: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/',
  b64url: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-',
  base32: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567',
};

/** mulberry32: tiny, fast, good enough for test data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function seedFrom(text: string): number {
  return crc32(text);
}

export function randomString(rand: () => number, charset: string, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += charset[Math.floor(rand() * charset.length)];
  return s;
}

function checksumToken(rand: () => number, prefix: string, valid: boolean): string {
  const body = randomString(rand, CHARSETS.alnum!, 30);
  let sum = base62(crc32(body), 6);
  if (!valid) sum = sum.slice(0, 5) + (sum[5] === 'A' ? 'B' : 'A');
  return `${prefix}_${body}${sum}`;
}

const PLACEHOLDER = /\{\{([A-Za-z0-9-]+)(?::([A-Za-z0-9]+))?\}\}/g;

/** Expands one template. Throws on an unknown placeholder, so a typo in a rule's example fails its test loudly. */
export function expandTemplate(template: string, rand: () => number): string {
  return template.replace(PLACEHOLDER, (whole, kind: string, arg: string | undefined) => {
    if (kind === 'lbrace') return '{{';
    if (kind === 'rbrace') return '}}';
    if (kind === 'gh' || kind === 'gh-bad') return checksumToken(rand, arg ?? 'ghp', kind === 'gh');
    if (kind === 'npm' || kind === 'npm-bad') return checksumToken(rand, 'npm', kind === 'npm');
    const charset = CHARSETS[kind];
    const length = Number(arg);
    if (!charset || !Number.isInteger(length) || length <= 0) throw new Error(`unknown example placeholder ${whole}`);
    return randomString(rand, charset, length);
  });
}
