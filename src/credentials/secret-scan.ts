/**
 * The engine applied to files on this machine: how many keys a transcript, a history or a config holds — as
 * counts, masks and fingerprints, never values. Big trees are scanned up to a byte budget, and the result says so.
 */
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { scanText } from '../engine';
import type { Finding } from '../engine/types';
import { decodeText } from './fs-read';
import { printableRuns } from './printable-runs';
import { builtinRuleSet } from './redact-text';

export function findSecrets(text: string, path: string): Finding[] {
  return scanText(text, path, builtinRuleSet());
}

export interface KeyCount {
  /** Distinct keys (by fingerprint). */
  keysFound: number;
  providers: string[];
  files: number;
  bytes: number;
  filesScanned: number;
  bytesScanned: number;
  /** Files not scanned: compressed (.zst), binary, or past the budget. */
  filesSkipped: number;
  capped: boolean;
}

export interface CountOptions {
  /** Total bytes read across the tree. */
  budget?: number;
  /** Bytes read from any one file (its start). */
  perFile?: number;
  /** Entries walked at most; a tree bigger than this is reported as capped. */
  maxEntries?: number;
  /** Scan binary files too, as Latin-1 (a SQLite database keeps text values readable in its pages). */
  allowBinary?: boolean;
}

export const TRANSCRIPT_BUDGET = 32 * 1024 * 1024;
const PER_FILE = 8 * 1024 * 1024;
const MAX_ENTRIES = 50_000;
const MAX_DEPTH = 8;

interface FileEntry {
  path: string;
  size: number;
  mtimeMs: number;
}

/** Regular files under `root`, newest first; symlinks are never followed (a transcript tree is the tool's own). */
async function walk(root: string, maxEntries: number): Promise<{ files: FileEntry[]; truncated: boolean }> {
  const files: FileEntry[] = [];
  let seen = 0;
  let truncated = false;
  async function visit(dir: string, depth: number): Promise<void> {
    if (depth > MAX_DEPTH || truncated) return;
    let names: string[];
    try {
      names = await fsp.readdir(dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (++seen > maxEntries) {
        truncated = true;
        return;
      }
      const full = join(dir, name);
      try {
        const st = await fsp.lstat(full);
        if (st.isDirectory()) await visit(full, depth + 1);
        else if (st.isFile()) files.push({ path: full, size: st.size, mtimeMs: st.mtimeMs });
      } catch {
        // Vanished or unreadable while walking: not a reason to stop counting the rest.
      }
    }
  }
  await visit(root, 0);
  files.sort((a, b) => b.mtimeMs - a.mtimeMs);
  return { files, truncated };
}

async function readHead(path: string, max: number): Promise<Buffer | undefined> {
  try {
    const handle = await fsp.open(path, 'r');
    try {
      const buffer = Buffer.alloc(max);
      const { bytesRead } = await handle.read(buffer, 0, max, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
}

/**
 * Printable runs of a binary file, one per line. In a SQLite page a row's key and value are stored back to back
 * ("cursorAuth/openAIKey" then the key), so a break is also put before the provider prefixes: rules that need a
 * boundary before the key would otherwise miss it.
 */
function binaryToText(bytes: Buffer): string {
  return printableRuns(bytes).replace(/(sk-|gh[pousr]_|github_pat_|hf_|xox[abep]-|npm_|AIza|AKIA|glpat-)/g, '\n$1');
}

/** Counts keys in one file or a whole tree (`path` a directory). */
export async function countKeys(path: string, isDirectory: boolean, options: CountOptions = {}): Promise<KeyCount> {
  let entries: FileEntry[];
  let truncated = false;
  if (isDirectory) {
    ({ files: entries, truncated } = await walk(path, options.maxEntries ?? MAX_ENTRIES));
  } else {
    try {
      const st = await fsp.stat(path);
      entries = [{ path, size: st.size, mtimeMs: st.mtimeMs }];
    } catch {
      entries = [];
    }
  }
  return countKeysInEntries(entries, truncated, options);
}

/** Counts keys in the given files (regular files only, scanned newest first) within the same budgets as a tree. */
export async function countKeysInFiles(paths: string[], options: CountOptions = {}): Promise<KeyCount> {
  const entries: FileEntry[] = [];
  for (const path of paths) {
    const st = await fsp.lstat(path).catch(() => undefined);
    if (st?.isFile()) entries.push({ path, size: st.size, mtimeMs: st.mtimeMs });
  }
  entries.sort((a, b) => b.mtimeMs - a.mtimeMs);
  return countKeysInEntries(entries, false, options);
}

async function countKeysInEntries(entries: FileEntry[], truncated: boolean, options: CountOptions): Promise<KeyCount> {
  const budget = options.budget ?? TRANSCRIPT_BUDGET;
  const perFile = options.perFile ?? PER_FILE;
  const fingerprints = new Set<string>();
  const providers = new Set<string>();
  const count: KeyCount = { keysFound: 0, providers: [], files: entries.length, bytes: 0, filesScanned: 0, bytesScanned: 0, filesSkipped: 0, capped: truncated };
  for (const entry of entries) {
    count.bytes += entry.size;
    const remaining = budget - count.bytesScanned;
    if (entry.path.endsWith('.zst') || entry.path.endsWith('.gz') || remaining <= 0) {
      count.filesSkipped++;
      if (remaining <= 0) count.capped = true;
      continue;
    }
    const want = Math.min(perFile, remaining);
    if (entry.size > want) count.capped = true;
    const bytes = await readHead(entry.path, want);
    if (!bytes) {
      count.filesSkipped++;
      continue;
    }
    const decoded = decodeText(entry.path, bytes, true);
    count.bytesScanned += bytes.length;
    if (decoded.status !== 'ok') {
      // A cut in the middle of a multi-byte character is not binary: decode leniently then.
      if (decoded.code === 'binary' && !options.allowBinary) {
        count.filesSkipped++;
        continue;
      }
    }
    const text = decoded.status === 'ok' ? decoded.text : options.allowBinary && decoded.code === 'binary' ? binaryToText(bytes) : bytes.toString('utf8');
    count.filesScanned++;
    for (const f of findSecrets(text, entry.path)) {
      fingerprints.add(f.fingerprint);
      providers.add(f.provider);
    }
  }
  count.keysFound = fingerprints.size;
  count.providers = [...providers].sort();
  return count;
}
