/**
 * A workspace scan: walk the roots, read and scan files in worker threads (or in this thread for small jobs), and
 * attach each finding's git status and level. Severity follows DESIGN.md: a key in a tracked or committable file
 * warns ("in repo"); in a git-ignored file it informs ("local only").
 */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import ignore from 'ignore';
import type { KeysweepConfig } from '../config/keysweep-config';
import type { Finding } from '../engine/types';
import { findRepositoryRoot, GitStatusIndex, type GitStatus } from './git-status';
import { batchContext, scanBatch, type BatchResult } from './scan-files';
import { DEFAULT_SKIP_DIRS, emptySkipCounts, walk, type SkipCounts, type WalkedFile } from './walk';

export type FindingLevel = 'warning' | 'info';

export interface ScannedFinding extends Finding {
  gitStatus: GitStatus;
  level: FindingLevel;
}

export interface ScanProgress {
  filesDone: number;
  filesTotal: number;
  findings: number;
}

export interface WorkspaceScanOptions {
  /** Files or folders to scan (absolute, or relative to `base`). */
  roots: string[];
  /** Finding paths are relative to this folder. */
  base: string;
  config: KeysweepConfig;
  /** False for an untrusted workspace: the config's custom rules and allowlist regexes are not run. */
  trustWorkspaceConfig?: boolean;
  /** Worker threads to use; 0 scans in this thread. Default: one per core, and none for small jobs. */
  workers?: number;
  /** The bundled worker (dist/scan-worker.js). Without it the scan runs in this thread. */
  workerScript?: string;
  levels?: Partial<Record<GitStatus, FindingLevel>>;
  onProgress?: (progress: ScanProgress) => void;
}

export interface WorkspaceScanResult {
  findings: ScannedFinding[];
  filesScanned: number;
  bytesScanned: number;
  skipped: SkipCounts;
  /** The first few files that could not be read, with the reason (an errno code, never content). */
  unreadable: Array<{ path: string; reason: string }>;
  repositories: number;
  durationMs: number;
}

export const DEFAULT_LEVELS: Record<GitStatus, FindingLevel> = {
  tracked: 'warning',
  untracked: 'warning',
  unknown: 'warning',
  ignored: 'info',
};

/** Below this many files the cost of starting workers outweighs the parallelism. */
const WORKER_THRESHOLD = 200;
const BATCH_SIZE = 48;
const MAX_UNREADABLE_LISTED = 50;

export async function scanWorkspace(options: WorkspaceScanOptions): Promise<WorkspaceScanResult> {
  const started = performance.now();
  const { config } = options;
  const trust = options.trustWorkspaceConfig ?? true;
  const base = resolve(options.base);
  const skipped = emptySkipCounts();
  const git = new GitStatusIndex();
  const allow = trust && config.allowlist.paths.length ? ignore().add(config.allowlist.paths) : undefined;
  const skipDirs = new Set(config.replaceDefaultSkips ? config.skipDirs : [...DEFAULT_SKIP_DIRS, ...config.skipDirs]);

  const files: WalkedFile[] = [];
  for (const root of options.roots) {
    const abs = resolve(base, root);
    const repoRoot = await findRepositoryRoot(abs).catch(() => undefined);
    if (repoRoot) git.addRepository(repoRoot);
    const walkOptions = {
      skipDirs,
      isExcluded: allow ? (rel: string) => !rel.startsWith('..') && allow.ignores(rel) : undefined,
      onRepository: (dir: string) => git.addRepository(dir),
    };
    for await (const file of walk(abs, base, walkOptions, skipped)) files.push(file);
  }

  const workerCount = Math.min(
    options.workers ?? (files.length >= WORKER_THRESHOLD ? availableParallelism() : 0),
    Math.ceil(files.length / BATCH_SIZE),
  );
  const batches: BatchResult[] =
    workerCount > 0 && options.workerScript
      ? await scanInWorkers(files, workerCount, options.workerScript, config, trust, options.onProgress)
      : [scanInThread(files, config, trust, options.onProgress)];

  const levels = { ...DEFAULT_LEVELS, ...options.levels };
  const findings: ScannedFinding[] = [];
  let filesScanned = 0;
  let bytesScanned = 0;
  const unreadable: WorkspaceScanResult['unreadable'] = [];
  for (const batch of batches) {
    filesScanned += batch.filesScanned;
    bytesScanned += batch.bytesScanned;
    for (const [reason, n] of Object.entries(batch.skips)) skipped[reason as keyof SkipCounts] += n;
    unreadable.push(...batch.unreadable.slice(0, MAX_UNREADABLE_LISTED - unreadable.length));
    for (const { absPath, ...finding } of batch.findings) {
      const gitStatus = await git.statusOf(absPath);
      findings.push({ ...finding, gitStatus, level: levels[gitStatus] });
    }
  }
  findings.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.start - b.start));
  return {
    findings,
    filesScanned,
    bytesScanned,
    skipped,
    unreadable,
    repositories: git.repositoryCount,
    durationMs: performance.now() - started,
  };
}

function scanInThread(
  files: WalkedFile[],
  config: KeysweepConfig,
  trust: boolean,
  onProgress: WorkspaceScanOptions['onProgress'],
): BatchResult {
  const ctx = batchContext(config, trust);
  const total: BatchResult = { findings: [], filesScanned: 0, bytesScanned: 0, skips: emptySkipCounts(), unreadable: [] };
  for (let i = 0; i < files.length; i += BATCH_SIZE) {
    const r = scanBatch(files.slice(i, i + BATCH_SIZE), ctx);
    total.findings.push(...r.findings);
    total.filesScanned += r.filesScanned;
    total.bytesScanned += r.bytesScanned;
    total.unreadable.push(...r.unreadable);
    for (const [reason, n] of Object.entries(r.skips)) total.skips[reason as keyof SkipCounts] += n;
    onProgress?.({ filesDone: Math.min(i + BATCH_SIZE, files.length), filesTotal: files.length, findings: total.findings.length });
  }
  return total;
}

/** A shared queue of batches; each worker takes the next one when it finishes, so slow files do not stall others. */
async function scanInWorkers(
  files: WalkedFile[],
  count: number,
  workerScript: string,
  config: KeysweepConfig,
  trust: boolean,
  onProgress: WorkspaceScanOptions['onProgress'],
): Promise<BatchResult[]> {
  const queue: WalkedFile[][] = [];
  for (let i = 0; i < files.length; i += BATCH_SIZE) queue.push(files.slice(i, i + BATCH_SIZE));
  const results: BatchResult[] = [];
  let filesDone = 0;
  let findings = 0;
  const runOne = (): Promise<void> =>
    new Promise((done, fail) => {
      const worker = new Worker(workerScript, { workerData: { config, trustWorkspaceConfig: trust } });
      let current: WalkedFile[] | undefined;
      const next = () => {
        current = queue.shift();
        if (current) worker.postMessage(current);
        else void worker.terminate().then(() => done());
      };
      worker.on('message', (result: BatchResult) => {
        results.push(result);
        filesDone += current?.length ?? 0;
        findings += result.findings.length;
        onProgress?.({ filesDone, filesTotal: files.length, findings });
        next();
      });
      worker.on('error', (err) => fail(new Error(`scan worker failed: ${err.message}`)));
      next();
    });
  await Promise.all(Array.from({ length: count }, runOne));
  return results;
}
