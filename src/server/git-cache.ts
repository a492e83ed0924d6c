/**
 * Git status for open documents, asked per file (a workspace snapshot goes stale as files are created) and cached
 * until a save or a file event says the answer may have changed.
 */
import { dirname } from 'node:path';
import { fileStatus, findRepositoryRoot, type GitStatus } from '../workspace/git-status';

export class GitStatusCache {
  private statuses = new Map<string, Promise<GitStatus>>();
  private readonly roots = new Map<string, Promise<string | undefined>>();

  statusOf(filePath: string | undefined): Promise<GitStatus> {
    if (!filePath) return Promise.resolve('unknown');
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
      root = findRepositoryRoot(dir).catch(() => undefined);
      this.roots.set(dir, root);
    }
    const repo = await root;
    return repo ? fileStatus(repo, filePath) : 'unknown';
  }

  /** After a save, a .gitignore edit or a git operation: statuses are asked again on next use. */
  invalidate(): void {
    this.statuses = new Map();
  }
}
