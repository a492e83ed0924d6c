/**
 * A lock file beside a file that several processes read, change and write back (a revoke editing ~/.npmrc, the
 * review state): created with O_EXCL, so one process holds it at a time; the holder re-reads the file under the lock
 * and computes its change from that text, so no update is lost. A lock left by a process that died (its pid is gone,
 * or it is older than `staleMs`) is taken over. Waiting is bounded: past `timeoutMs` the work is not done and the
 * caller says so.
 */
import { open, readFile, rm, stat } from 'node:fs/promises';

export interface LockOptions {
  /** A lock older than this is a crashed holder's. */
  staleMs?: number;
  /** How long to wait for another holder before giving up. */
  timeoutMs?: number;
}

export class LockTimeout extends Error {
  constructor(readonly lockPath: string) {
    super(`locked by another process (${lockPath})`);
    this.name = 'LockTimeout';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function stale(lockPath: string, staleMs: number): Promise<boolean> {
  const st = await stat(lockPath).catch(() => undefined);
  if (!st) return false;
  if (Date.now() - st.mtimeMs > staleMs) return true;
  const pid = Number((await readFile(lockPath, 'utf8').catch(() => '')).trim());
  // Written right after creation: an empty file is a holder between open and write, not a dead one.
  return Number.isInteger(pid) && pid > 0 && pid !== process.pid && !alive(pid);
}

export async function withFileLock<T>(lockPath: string, work: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const staleMs = options.staleMs ?? 10_000;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(lockPath, 'wx', 0o600);
      try {
        await handle.writeFile(`${process.pid}\n`);
      } finally {
        await handle.close();
      }
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (await stale(lockPath, staleMs)) await rm(lockPath, { force: true });
      else if (Date.now() - started > timeoutMs) throw new LockTimeout(lockPath);
      await new Promise((r) => setTimeout(r, 5 + Math.random() * Math.min(50, 5 * attempt)));
    }
  }
  try {
    return await work();
  } finally {
    await rm(lockPath, { force: true });
  }
}
