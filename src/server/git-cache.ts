/**
 * Git status for open documents, asked per file (a workspace snapshot goes stale as files are created) and cached
 * until a save or a file event says the answer may have changed. Until the workspace is trusted no git runs at
 * all and every status is `unknown`.
 */
import { dirname } from 'node:path';
import { fileStatus, findRepositoryRoot, type GitStatus } from '../git/status';

export class GitStatusCache {
  private statuses = new Map<string, Promise<GitStatus>>();
  private roots = new Map<string, Promise<string | undefined>>();

  /** `runGit`: false in an untrusted workspace. */
  constructor(private runGit: boolean) {}

  /** Trust granted (or withdrawn): statuses are asked again, of git or not. */
  setRunGit(runGit: boolean): void {
    this.runGit = runGit;
    this.invalidate();
  }

  statusOf(filePath: string | undefined): Promise<GitStatus> {
    if (!filePath || !this.runGit) return Promise.resolve('unknown');
    let status = this.statuses.get(filePath);
    if (!status) {
      status = this.load(filePath);
      this.statuses.set(filePath, status);
    }
    return status;
  }

  private async load(filePath: string): Promise<GitStatus> {
    const dir = dirname(filePath);
    let root = this.roots.get(dir);
    if (!root) {
      root = findRepositoryRoot(dir);
      this.roots.set(dir, root);
    }
    const repo = await root;
    return repo ? fileStatus(repo, filePath) : 'unknown';
  }

  /** After a save, a .gitignore edit or a git operation: statuses (and repository roots: a `git init`) are asked again. */
  invalidate(): void {
    this.statuses = new Map();
    this.roots = new Map();
  }
}
