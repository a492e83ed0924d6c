/**
 * Baseline files: fingerprints of accepted findings, never values or line numbers (so moving code keeps them).
 *
 * Version 2 (written now) carries its own random salt and scrypt parameters, so a committed baseline neither lets a
 * reader confirm guesses at a weak secret cheaply nor matches a table computed for another project. Version 1
 * (unsalted SHA-256) is still read; the findings it matches are written in version 2 the next time it is written.
 */
import { randomBytes } from 'node:crypto';
import { lstat, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import type { BaselineSets } from '../engine/ignore';
import { FINGERPRINT_KEY, SCRYPT_DEFAULTS, SCRYPT_LIMITS, type StableScheme } from '../engine/redact';
import { readRegularFile } from '../workspace/read-regular';

/** A baseline of 100,000 findings is about 4 MB; anything larger is not one. */
export const MAX_BASELINE_BYTES = 8 * 1024 * 1024;
const MAX_ENTRIES = 100_000;

const v1Schema = z.strictObject({
  version: z.literal(1),
  fingerprints: z.array(z.string().regex(/^[0-9a-f]{16}$/, 'a version 1 fingerprint is 16 hex characters')).max(MAX_ENTRIES),
});

const powerOfTwo = (n: number): boolean => Number.isInteger(Math.log2(n));

const v2Schema = z.strictObject({
  version: z.literal(2),
  scheme: z.literal(FINGERPRINT_KEY),
  kdf: z.strictObject({
    name: z.literal('scrypt'),
    salt: z.string().regex(/^[A-Za-z0-9+/]{22,88}={0,2}$/, 'the salt is 16 to 64 bytes of base64'),
    N: z.number().int().min(SCRYPT_LIMITS.minN).max(SCRYPT_LIMITS.maxN).refine(powerOfTwo, 'N must be a power of two'),
    r: z.number().int().min(1).max(SCRYPT_LIMITS.maxR),
    p: z.number().int().min(1).max(SCRYPT_LIMITS.maxP),
  }),
  fingerprints: z.array(z.string().regex(/^[0-9a-f]{32}$/, 'a fingerprint is 32 hex characters')).max(MAX_ENTRIES),
});

export type BaselineFileV2 = z.infer<typeof v2Schema>;

export interface Baseline extends BaselineSets {
  /** The scheme its fingerprints were made with; undefined for a version 1 file (which has none). */
  scheme?: StableScheme;
  fingerprints: Set<string>;
  /** Version 1 fingerprints, matched against findings' `legacyFingerprint`. */
  legacy: Set<string>;
}

export const emptyBaseline = (): Baseline => ({ fingerprints: new Set(), legacy: new Set() });

/** A fresh random salt with today's cost: every new baseline gets its own. */
export function newScheme(): StableScheme {
  return { ...SCRYPT_DEFAULTS, salt: randomBytes(16).toString('base64') };
}

/**
 * zod's own messages can quote the input ("Unrecognized key: …" names the key, which could be a secret): only the
 * path, which holds our field names and array indexes, and a description of the problem are shown.
 */
function issueText(issue: z.core.$ZodIssue): string {
  const where = issue.path.length ? issue.path.map(String).join('.') : '(top level)';
  const what = issue.code === 'unrecognized_keys' ? `${issue.keys.length} unexpected field(s)` : issue.code === 'invalid_union' ? 'not a baseline' : issue.message;
  return `${where}: ${what}`;
}

/** Reads a baseline (either version); a missing or broken file is an error with a one-line message. */
export async function readBaseline(path: string): Promise<Baseline> {
  const read = await readRegularFile(path, MAX_BASELINE_BYTES);
  if (!read.ok) throw new Error(`cannot read baseline ${path}: ${read.reason}`);
  let json: unknown;
  try {
    json = JSON.parse(read.bytes.toString('utf8').replace(/^\uFEFF/, ''));
  } catch {
    throw new Error(`baseline ${path} is not valid JSON`);
  }
  const version = (json as { version?: unknown } | null)?.version;
  if (version === 1) {
    const parsed = v1Schema.safeParse(json);
    if (!parsed.success) throw new Error(`baseline ${path}: ${issueText(parsed.error.issues[0]!)}`);
    return { fingerprints: new Set(), legacy: new Set(parsed.data.fingerprints) };
  }
  const parsed = v2Schema.safeParse(json);
  if (!parsed.success) {
    if (typeof version !== 'number' || version > 2) throw new Error(`baseline ${path}: version must be 1 or 2`);
    throw new Error(`baseline ${path}: ${issueText(parsed.error.issues[0]!)}`);
  }
  const { salt, N, r, p } = parsed.data.kdf;
  return { scheme: { kdf: 'scrypt', salt, N, r, p }, fingerprints: new Set(parsed.data.fingerprints), legacy: new Set() };
}

/** The baseline at `path`, or an empty one when there is no file (any other problem is an error). */
export async function readBaselineIfPresent(path: string): Promise<Baseline | undefined> {
  const exists = await lstat(path).then(
    () => true,
    (err: NodeJS.ErrnoException) => (err.code === 'ENOENT' || err.code === 'ENOTDIR' ? false : true),
  );
  return exists ? readBaseline(path) : undefined;
}

/**
 * Writes a version 2 baseline atomically (a temp file beside the target, then rename), so a crash never leaves half
 * a baseline and nothing is left behind on failure. The target must be a file or absent: a folder is an error.
 */
export async function writeBaseline(path: string, scheme: StableScheme, fingerprints: Iterable<string>): Promise<void> {
  const target = await lstat(path).catch(() => undefined);
  if (target?.isDirectory()) throw new Error(`cannot write baseline ${path}: it is a folder`);
  if (target && !target.isFile() && !target.isSymbolicLink()) throw new Error(`cannot write baseline ${path}: not a regular file`);
  const file: BaselineFileV2 = {
    version: 2,
    scheme: FINGERPRINT_KEY,
    kdf: { name: 'scrypt', salt: scheme.salt, N: scheme.N, r: scheme.r, p: scheme.p },
    fingerprints: [...new Set(fingerprints)].sort(),
  };
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(tmp, 'wx', 0o644);
    try {
      await handle.writeFile(`${JSON.stringify(file, null, 2)}\n`);
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw new Error(`cannot write baseline ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** The scheme a baseline written to `path` will use: the one already there (so rewrites diff cleanly), else a new one. */
export async function schemeForWriting(path: string): Promise<StableScheme> {
  const existing = await readBaselineIfPresent(path).catch(() => undefined);
  return existing?.scheme ?? newScheme();
}
