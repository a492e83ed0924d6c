/**
 * Which files git tracks, which are untracked (committable) and which are ignored — one `git status` per
 * repository. Tracked files are those git does not list as untracked or ignored.
 */
import { lstat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { runGit, succeeded } from './run';

export type GitStatus = 'tracked' | 'untracked' | 'ignored' | 'unknown';

interface RepoStatus {
  root: string;
  untracked: Set<string>;
  ignoredFiles: Set<string>;
  /** Ignored folders, with a trailing `/`; everything under them is ignored too. */
  ignoredDirs: string[];
  ok: boolean;
}

/**
 * Submodules are left out: otherwise `git status` runs `git status` inside each one, under the submodule's own
 * config. A submodule is a repository of its own, and the scan asks it directly.
 */
const STATUS_ARGS = ['status', '--porcelain=v1', '-z', '--ignored=matching', '--untracked-files=all', '--no-renames', '--ignore-submodules=all'];
/** A whole repository's status can take a while on a cold disk. */
const REPOSITORY_STATUS_TIMEOUT_MS = 120_000;

/**
 * The repository root that contains `dir`: the nearest folder, from `dir` up, that holds a `.git` entry (a folder, or
 * a file that points to one), as git itself discovers it. Not asked of git: `rev-parse --show-toplevel` honours a
 * repository's `core.worktree`, which a hostile one sets to `/`. Git then confirms it is a repository it will use.
 */
export async function findRepositoryRoot(dir: string): Promise<string | undefined> {
  let current = resolve(dir);
  for (;;) {
    const found = await lstat(join(current, '.git')).then((st) => st.isDirectory() || st.isFile(), () => false);
    if (found) break;
    const parent = dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
  const result = await runGit(current, ['rev-parse', '--is-inside-work-tree'], { workTree: current });
  return succeeded(result) && result.stdout.toString('utf8').trim() === 'true' ? current : undefined;
}

/** Parses `git status --porcelain=v1 -z`: entries are `XY path`, renames and copies carry the old path next. */
export function parsePorcelain(output: string): { untracked: string[]; ignored: string[] } {
  const untracked: string[] = [];
  const ignored: string[] = [];
  const fields = output.split('\0');
  for (let i = 0; i < fields.length; i++) {
    const entry = fields[i]!;
    if (entry.length < 4) continue;
    const xy = entry.slice(0, 2);
    const path = entry.slice(3);
    if (xy === '??') untracked.push(path);
    else if (xy === '!!') ignored.push(path);
    if (xy[0] === 'R' || xy[0] === 'C') i++;
  }
  return { untracked, ignored };
}

async function loadRepo(root: string): Promise<RepoStatus> {
  const result = await runGit(root, STATUS_ARGS, { timeoutMs: REPOSITORY_STATUS_TIMEOUT_MS, workTree: root });
  if (!succeeded(result)) return { root, untracked: new Set(), ignoredFiles: new Set(), ignoredDirs: [], ok: false };
  const { untracked, ignored } = parsePorcelain(result.stdout.toString('utf8'));
  return {
    root,
    untracked: new Set(untracked),
    ignoredFiles: new Set(ignored.filter((p) => !p.endsWith('/'))),
    ignoredDirs: ignored.filter((p) => p.endsWith('/')),
    ok: true,
  };
}

/**
 * One file's status, asked of git directly: right for files created or renamed since a repository snapshot, and
 * for unsaved editor buffers (a path that does not exist yet is committable unless a rule ignores it).
 */
export async function fileStatus(repoRoot: string, absPath: string): Promise<GitStatus> {
  const rel = absPath.slice(repoRoot.length + 1).split(sep).join('/');
  if (!rel || rel.startsWith('..')) return 'unknown';
  const status = await runGit(repoRoot, [...STATUS_ARGS, '--', rel], { workTree: repoRoot });
  if (!succeeded(status)) return 'unknown';
  const { untracked, ignored } = parsePorcelain(status.stdout.toString('utf8'));
  if (ignored.length) return 'ignored';
  if (untracked.length) return 'untracked';
  if (status.stdout.length > 0) return 'tracked'; // modified, added, deleted…
  const listed = await runGit(repoRoot, ['ls-files', '-z', '--', rel], { workTree: repoRoot });
  if (listed.failure) return 'unknown';
  if (listed.code === 0 && listed.stdout.length > 0) return 'tracked';
  // check-ignore exits 0 when the path is ignored, 1 when it is not; anything else is no answer.
  const checkIgnore = await runGit(repoRoot, ['check-ignore', '-q', '--', rel], { literalPathspecs: false, workTree: repoRoot });
  if (checkIgnore.failure || (checkIgnore.code !== 0 && checkIgnore.code !== 1)) return 'unknown';
  return checkIgnore.code === 0 ? 'ignored' : 'untracked';
}

export class GitStatusIndex {
  private readonly repos = new Map<string, Promise<RepoStatus>>();

  /** Starts loading a repository's status (idempotent). */
  addRepository(root: string): void {
    const key = resolve(root);
    if (!this.repos.has(key)) this.repos.set(key, loadRepo(key));
  }

  get repositoryCount(): number {
    return this.repos.size;
  }

  /** Status of an absolute path: decided by the innermost repository that contains it. */
  async statusOf(absPath: string): Promise<GitStatus> {
    let best: string | undefined;
    for (const root of this.repos.keys()) {
      if ((absPath.startsWith(root + sep) || absPath === root) && (!best || root.length > best.length)) best = root;
    }
    if (!best) return 'unknown';
    const repo = await this.repos.get(best)!;
    if (!repo.ok) return 'unknown';
    const rel = absPath.slice(best.length + 1).split(sep).join('/');
    if (repo.untracked.has(rel)) return 'untracked';
    if (repo.ignoredFiles.has(rel) || repo.ignoredDirs.some((d) => rel.startsWith(d))) return 'ignored';
    return 'tracked';
  }
}

export function joinRepoPath(root: string, rel: string): string {
  return join(root, ...rel.split('/'));
}
