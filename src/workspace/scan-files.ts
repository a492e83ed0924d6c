/** Scans a batch of files in the current thread: what each worker runs, and the whole job for small scans. */
import type { KeysweepConfig } from '../config/keysweep-config';
import { buildRuleSet } from '../config/rule-set';
import { scanText, type ScanOptions } from '../engine/scan';
import type { CompiledRuleSet, Finding } from '../engine/types';
import { readForScan } from './read-file';
import { emptySkipCounts, type SkipCounts, type UnreadableEntry, type WalkedFile } from './walk';

export interface BatchResult {
  findings: Array<Finding & { absPath: string }>;
  filesScanned: number;
  bytesScanned: number;
  skips: SkipCounts;
  unreadable: UnreadableEntry[];
  /** Files of the batch left unread because `maxBytes` was reached; the caller queues them again. */
  rest?: WalkedFile[];
}

/** A worker returns the rest of its batch after reading this much (a batch averages a few hundred KB). */
export const WORKER_BATCH_BYTES = 2 * 1024 * 1024;

export interface BatchContext {
  ruleSet: CompiledRuleSet;
  maxFileSize: number;
  scanOptions: ScanOptions;
}

/** What a scan of files needs besides the config: how fingerprints are made (plain data, it crosses to workers). */
export type FingerprintOptions = Pick<ScanOptions, 'fingerprint' | 'legacyFingerprints'>;

export function batchContext(config: KeysweepConfig, trustWorkspaceConfig: boolean, fingerprints: FingerprintOptions = {}): BatchContext {
  return { ruleSet: buildRuleSet(config, { trustWorkspaceConfig }), maxFileSize: config.maxFileSize, scanOptions: { ...fingerprints } };
}

/**
 * Reads and scans the files in order. With `maxBytes`, stops once that many bytes were read and returns the files
 * not yet read as `rest`: batches are cut by file count before anything is read, and one holding a few large files
 * would otherwise keep one worker busy while the others wait at the end of a scan.
 */
export function scanBatch(files: readonly WalkedFile[], ctx: BatchContext, maxBytes = Infinity): BatchResult {
  const result: BatchResult = { findings: [], filesScanned: 0, bytesScanned: 0, skips: emptySkipCounts(), unreadable: [] };
  for (let i = 0; i < files.length; i++) {
    if (result.bytesScanned >= maxBytes) {
      result.rest = files.slice(i);
      break;
    }
    const file = files[i]!;
    // A path given as bytes arrives from a worker's message as a plain Uint8Array.
    const read = readForScan(file.rawPath ? Buffer.from(file.rawPath) : file.path, ctx.maxFileSize);
    if ('skip' in read) {
      result.skips[read.skip]++;
      if (read.skip === 'unreadable') result.unreadable.push({ path: file.relPath, reason: read.reason ?? 'cannot be read', ...(read.errno ? { errno: read.errno } : {}) });
      continue;
    }
    result.filesScanned++;
    result.bytesScanned += read.bytes;
    for (const f of scanText(read.text, file.relPath, ctx.ruleSet, ctx.scanOptions)) result.findings.push({ ...f, absPath: file.path });
  }
  return result;
}
