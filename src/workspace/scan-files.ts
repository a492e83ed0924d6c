/** Scans a batch of files in the current thread: what each worker runs, and the whole job for small scans. */
import type { KeysweepConfig } from '../config/keysweep-config';
import { buildRuleSet } from '../config/rule-set';
import { scanText } from '../engine/scan';
import type { CompiledRuleSet, Finding } from '../engine/types';
import { readForScan } from './read-file';
import { emptySkipCounts, type SkipCounts, type WalkedFile } from './walk';

export interface BatchResult {
  findings: Array<Finding & { absPath: string }>;
  filesScanned: number;
  bytesScanned: number;
  skips: SkipCounts;
  unreadable: Array<{ path: string; reason: string }>;
}

export interface BatchContext {
  ruleSet: CompiledRuleSet;
  maxFileSize: number;
}

export function batchContext(config: KeysweepConfig, trustWorkspaceConfig: boolean): BatchContext {
  return { ruleSet: buildRuleSet(config, { trustWorkspaceConfig }), maxFileSize: config.maxFileSize };
}

export function scanBatch(files: readonly WalkedFile[], ctx: BatchContext): BatchResult {
  const result: BatchResult = { findings: [], filesScanned: 0, bytesScanned: 0, skips: emptySkipCounts(), unreadable: [] };
  for (const file of files) {
    const read = readForScan(file.path, ctx.maxFileSize);
    if ('skip' in read) {
      result.skips[read.skip]++;
      if (read.skip === 'unreadable') result.unreadable.push({ path: file.relPath, reason: read.error ?? 'unreadable' });
      continue;
    }
    result.filesScanned++;
    result.bytesScanned += read.bytes;
    for (const f of scanText(read.text, file.relPath, ctx.ruleSet)) result.findings.push({ ...f, absPath: file.path });
  }
  return result;
}
