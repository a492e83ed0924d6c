/**
 * Temporary folders for tests, removed when the test process exits: a test that forgets its `after` (or fails before
 * it) still leaves nothing in the system's temp folder. Explicit removal in `after`/`finally` stays fine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const created = new Set<string>();

process.on('exit', () => {
  for (const dir of created) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // A folder a test made unremovable is reported by nothing here; the rest are still removed.
    }
  }
});

/** Registers a folder (made some other way) for removal at exit. */
export function removeAtExit(dir: string): string {
  created.add(dir);
  return dir;
}

export function makeTempDir(prefix: string): string {
  return removeAtExit(mkdtempSync(join(tmpdir(), prefix)));
}
