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
import { findRepositoryRoot, GitStatusIndex, type GitStatus } from '../git/status';
import { batchContext, scanBatch, type BatchResult, type FingerprintOptions } from './scan-files';
import { DEFAULT_SKIP_DIRS, emptySkipCounts, walk, type SkipCounts, type UnreadableEntry, type WalkedFile } from './walk';

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
  /** False: run no git at all (an untrusted workspace, `--no-git`); every git status is then `unknown`. Default true. */
  git?: boolean;
  /** Worker threads to use; 0 scans in this thread. Default: one per core, and none for small jobs. */
  workers?: number;
  /** The bundled worker (dist/scan-worker.js). Without it the scan runs in this thread. */
  workerScript?: string;
  levels?: Partial<Record<GitStatus, FindingLevel>>;
  /** The fingerprint scheme (a baseline's, or the project's) and whether version 1 fingerprints are wanted too. */
  fingerprints?: FingerprintOptions;
  onProgress?: (progress: ScanProgress) => void;
}

export interface WorkspaceScanResult {
  findings: ScannedFinding[];
  filesScanned: number;
  bytesScanned: number;
  skipped: SkipCounts;
  /** The first few files and folders that could not be read, with the reason (a few words and the errno, never content). */
  unreadable: UnreadableEntry[];
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
  const unreadable: UnreadableEntry[] = [];
  const git = new GitStatusIndex();
  const useGit = options.git ?? true;
  const allow = trust && config.allowlist.paths.length ? ignore().add(config.allowlist.paths) : undefined;
  const skipDirs = new Set(config.replaceDefaultSkips ? config.skipDirs : [...DEFAULT_SKIP_DIRS, ...config.skipDirs]);

  // Workers start while the tree is still being walked: each takes a batch as soon as one is full, so reading and
  // scanning overlap the walk and the workers' own start-up (loading the bundle, compiling the rules). The number
  // of workers and the batches are the same as if the walk had finished first: one per core (or `workers`) for
  // WORKER_THRESHOLD files or more, never more than there are batches.
  const files: WalkedFile[] = [];
  let walking = true;
  const report = (): void => {
    // Progress is only reported once the total is known.
    if (!walking && pool) options.onProgress?.({ filesDone: pool.filesDone, filesTotal: files.length, findings: pool.findings });
  };
  const pool = options.workerScript && options.workers !== 0 ? new ScanPool(options.workerScript, config, trust, options.fingerprints ?? {}, report) : undefined;
  const maxWorkers = (): number => options.workers ?? (files.length >= WORKER_THRESHOLD ? availableParallelism() : 0);
  let handedOut = 0;
  const feed = (final: boolean): void => {
    if (!pool || maxWorkers() === 0) return;
    while (files.length - handedOut >= BATCH_SIZE || (final && handedOut < files.length)) {
      const batch = files.slice(handedOut, handedOut + BATCH_SIZE);
      handedOut += batch.length;
      pool.submit(batch, maxWorkers());
    }
    pool.throwIfFailed();
  };
  try {
    for (const root of options.roots) {
      const abs = resolve(base, root);
      const repoRoot = useGit ? await findRepositoryRoot(abs) : undefined;
      if (repoRoot) git.addRepository(repoRoot);
      const walkOptions = {
        skipDirs,
        // `/` is the scan base itself (a root that contains it): never excluded, and not a path `ignore` accepts.
        isExcluded: allow ? (rel: string) => !rel.startsWith('..') && rel !== '/' && allow.ignores(rel) : undefined,
        onRepository: useGit ? (dir: string) => git.addRepository(dir) : undefined,
        onUnreadable: (entry: UnreadableEntry) => void (unreadable.length < MAX_UNREADABLE_LISTED && unreadable.push(entry)),
      };
      for await (const file of walk(abs, base, walkOptions, skipped)) {
        files.push(file);
        if (files.length - handedOut >= BATCH_SIZE) feed(false);
      }
    }
    feed(true);
  } catch (err) {
    await pool?.abort();
    throw err;
  }
  walking = false;
  if (pool && pool.filesDone > 0) report();

  const batches: BatchResult[] = handedOut > 0 && pool ? await pool.finish() : [scanInThread(files, config, trust, options.fingerprints ?? {}, options.onProgress)];

  const levels = { ...DEFAULT_LEVELS, ...options.levels };
  const findings: ScannedFinding[] = [];
  let filesScanned = 0;
  let bytesScanned = 0;
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
  fingerprints: FingerprintOptions,
  onProgress: WorkspaceScanOptions['onProgress'],
): BatchResult {
  const ctx = batchContext(config, trust, fingerprints);
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

/**
 * Worker threads fed from a shared queue of batches: each worker takes the next batch when it finishes one, so slow
 * files do not stall the others. A worker is started with each of the first batches, up to the limit.
 */
class ScanPool {
  private readonly queue: WalkedFile[][] = [];
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  /** Files in the batch each busy worker is scanning. */
  private readonly busy = new Map<Worker, number>();
  private readonly results: BatchResult[] = [];
  private failure: Error | undefined;
  private finishing: { done: (results: BatchResult[]) => void; fail: (err: Error) => void } | undefined;
  filesDone = 0;
  findings = 0;

  constructor(
    private readonly script: string,
    private readonly config: KeysweepConfig,
    private readonly trust: boolean,
    private readonly fingerprints: FingerprintOptions,
    private readonly onResult: () => void,
  ) {}

  submit(batch: WalkedFile[], maxWorkers: number): void {
    this.queue.push(batch);
    if (this.workers.length < maxWorkers && !this.failure) this.start();
    this.pump();
  }

  /** Resolves with every batch's result once the queue is empty and every worker idle; then stops the workers. */
  finish(): Promise<BatchResult[]> {
    return new Promise((done, fail) => {
      if (this.failure) fail(this.failure);
      else {
        this.finishing = { done, fail };
        this.settleIfDone();
      }
    });
  }

  throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }

  async abort(): Promise<void> {
    this.failure ??= new Error('scan aborted');
    await this.stop();
  }

  private start(): void {
    const worker = new Worker(this.script, { workerData: { config: this.config, trustWorkspaceConfig: this.trust, fingerprints: this.fingerprints } });
    this.workers.push(worker);
    this.idle.push(worker);
    worker.on('message', (result: BatchResult) => {
      const { rest, ...done } = result;
      // A batch cut short by size: its unread files go back to the front of the queue, for whichever worker is free.
      if (rest?.length) this.queue.unshift(rest);
      this.filesDone += (this.busy.get(worker) ?? 0) - (rest?.length ?? 0);
      this.busy.delete(worker);
      this.findings += done.findings.length;
      this.results.push(done);
      this.idle.push(worker);
      this.onResult();
      this.pump();
    });
    worker.on('error', (err) => this.fail(new Error(`scan worker failed: ${err.message}`)));
    worker.on('exit', (code) => {
      if (this.busy.has(worker)) this.fail(new Error(`scan worker exited with code ${code}`));
    });
  }

  private pump(): void {
    while (!this.failure && this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.shift()!;
      const batch = this.queue.shift()!;
      this.busy.set(worker, batch.length);
      worker.postMessage(batch);
    }
    this.settleIfDone();
  }

  private settleIfDone(): void {
    if (!this.finishing || this.failure || this.queue.length > 0 || this.busy.size > 0) return;
    const { done } = this.finishing;
    this.finishing = undefined;
    void this.stop().then(() => done(this.results));
  }

  private fail(err: Error): void {
    if (this.failure) return;
    this.failure = err;
    this.busy.clear();
    void this.stop();
    this.finishing?.fail(err);
    this.finishing = undefined;
  }

  private async stop(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
