/**
 * The only two ways a secret is ever turned into text that leaves the engine: a masked form that keeps the
 * provider prefix and the last few characters (enough to recognise a key on a provider's page), and a fingerprint.
 */
import { createHash, createHmac, randomBytes, scryptSync } from 'node:crypto';

/** At least this many characters stay hidden, whatever the prefix and tail. */
const MIN_HIDDEN = 12;
/** A known prefix is shown only when it is this short: longer "prefixes" would be part of the secret. */
const MAX_PREFIX = 16;

/**
 * `prefix` is the provider's fixed prefix when the caller knows it (the engine passes the rule keyword the secret
 * starts with: `sk-proj-`, `ghp_`, `AKIA`); without it only the tail is shown, since a guessed prefix could be
 * random characters of the secret.
 */
export function mask(secret: string, prefix = ''): string {
  const value = secret.replace(/\s+/g, '');
  const length = value.length;
  const tailLength = length >= 20 ? 4 : length >= 14 ? 2 : 0;
  const known = prefix && value.startsWith(prefix) && prefix.length <= MAX_PREFIX ? prefix : '';
  const shownPrefix = length - known.length - tailLength >= MIN_HIDDEN ? known : '';
  if (!shownPrefix && tailLength === 0) return '****';
  return `${sanitize(shownPrefix)}…${sanitize(value.slice(length - tailLength))}`;
}

/** Keeps masks printable on one line whatever the secret contained. */
function sanitize(text: string): string {
  return text.replace(/[^\x21-\x7e]/g, '?');
}

/**
 * How fingerprints are made. A published fingerprint (SARIF, JSON, a committed baseline) must not let anyone confirm
 * guesses at a weak secret cheaply, nor match a table precomputed for another project: it is scrypt (memory-hard) of
 * rule id + secret under a salt — a baseline's own random salt, or, without one, a salt named after the project
 * (stable between runs, so SARIF alerts keep their identity in CI).
 *
 * scrypt costs milliseconds per key, so it is only paid where a stable fingerprint is used: baselines, JSON, SARIF, a
 * hover. Elsewhere (text output, diagnostics' internal ids, joining the same key across places in one process) a
 * session fingerprint serves: HMAC under a random key that never leaves the process, worthless once it exits.
 */
export type FingerprintScheme =
  | {
      kdf: 'scrypt';
      /** base64 of random bytes (a baseline's), or a label (`keysweep/v2/<project>`). */
      salt: string;
      /** scrypt cost (a power of two), block size and parallelism. */
      N: number;
      r: number;
      p: number;
    }
  | { kdf: 'session'; key: string };

export type StableScheme = Extract<FingerprintScheme, { kdf: 'scrypt' }>;

/** ~10 ms and 4 MB per guess on one core of a laptop: a 15,600-word dictionary costs minutes, not milliseconds. */
export const SCRYPT_DEFAULTS = { kdf: 'scrypt', N: 4096, r: 8, p: 1 } as const;
/** Bounds a baseline's parameters must stay within: a hostile file must not make every scan take minutes. */
export const SCRYPT_LIMITS = { minN: 1024, maxN: 65536, maxR: 16, maxP: 2 } as const;

export const FINGERPRINT_KEY = 'keysweep/v2';

/** The salt of a scan with no baseline: named after the project folder (or any stable label). */
export function namedScheme(label: string): StableScheme {
  return { ...SCRYPT_DEFAULTS, salt: `keysweep/v2/${label}` };
}

/** Credential items and grants of this machine, and callers with no project. */
export const DEFAULT_SCHEME: StableScheme = namedScheme('default');

/** This process's session scheme; pass it to worker threads so every thread of one scan agrees. */
export const SESSION_SCHEME: FingerprintScheme = { kdf: 'session', key: randomBytes(32).toString('base64') };

/** secret -> fingerprint, per scheme. Bounded: a file of 10,000 distinct keys must not grow it without end. */
const cache = new Map<string, string>();
const CACHE_LIMIT = 20_000;

/**
 * 32 hex characters (128 bits), stable across line moves and files within one scheme. Whitespace is left out so a
 * multi-line secret (a PEM block) has one fingerprint in LF and CRLF checkouts alike.
 */
export function fingerprint(ruleId: string, secret: string, scheme: FingerprintScheme = DEFAULT_SCHEME): string {
  const material = `${ruleId}\0${secret.replace(/\s+/g, '')}`;
  if (scheme.kdf === 'session') return createHmac('sha256', scheme.key).update(material).digest('hex').slice(0, 32);
  const key = `${scheme.salt}\0${scheme.N}.${scheme.r}.${scheme.p}\0${material}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const digest = scryptSync(material, scheme.salt, 16, { N: scheme.N, r: scheme.r, p: scheme.p, maxmem: 256 * scheme.N * scheme.r * scheme.p + 1024 * 1024 }).toString('hex');
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, digest);
  return digest;
}

/**
 * The version 1 fingerprint (unsalted SHA-256, 16 hex characters), only to read baselines written before version 2:
 * a finding that matches one is carried over when the baseline is next written, with the new scheme.
 */
export function legacyFingerprint(ruleId: string, secret: string): string {
  return createHash('sha256').update(ruleId).update('\0').update(secret.replace(/\s+/g, '')).digest('hex').slice(0, 16);
}
