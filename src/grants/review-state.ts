/**
 * When each grant or catalog entry was last reviewed. A small JSON file in the user's config folder, validated with
 * zod, written atomically under a lock file so concurrent `keysweep review` runs (or the extension and the CLI at
 * once) never lose an update. A corrupt file is reported, kept aside for inspection, and replaced — never a crash.
 */
import { readFile, rename, writeFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { LockTimeout, withFileLock } from '../credentials/file-lock';

export const DEFAULT_REVIEW_INTERVAL_DAYS = 90;

const stateSchema = z.object({
  version: z.literal(1),
  /** id -> ISO 8601 instant of the last review. */
  reviews: z.record(z.string(), z.iso.datetime()),
});

export type ReviewState = z.infer<typeof stateSchema>;

export interface ReviewStateRead {
  state: ReviewState;
  /** Set when the file existed but was not a valid state file; the faces show it once. */
  warning?: string;
}

export function reviewStatePath(home: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string {
  if (env.KEYSWEEP_STATE_DIR) return join(env.KEYSWEEP_STATE_DIR, 'review-state.json');
  const base =
    platform === 'win32'
      ? (env.APPDATA ?? join(home, 'AppData', 'Roaming'))
      : (env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(home, '.config'));
  return join(base, 'keysweep', 'review-state.json');
}

const empty = (): ReviewState => ({ version: 1, reviews: {} });

export async function readReviewState(path: string): Promise<ReviewStateRead> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { state: empty() };
    return { state: empty(), warning: `review state ${path} could not be read (${code ?? 'error'}); starting afresh` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { state: empty(), warning: `review state ${path} was corrupt (not JSON); it will be replaced` };
  }
  const parsed = stateSchema.safeParse(json);
  if (!parsed.success) return { state: empty(), warning: `review state ${path} was not in the expected shape; it will be replaced` };
  return { state: parsed.data };
}

async function withLock<T>(path: string, work: () => Promise<T>): Promise<T> {
  try {
    return await withFileLock(`${path}.lock`, work);
  } catch (err) {
    if (err instanceof LockTimeout) throw new Error(`review state is locked by another process (${err.lockPath})`);
    throw err;
  }
}

/** Records reviews (id -> when) and returns the new state plus any warning about what was there before. */
export async function markReviewed(path: string, ids: readonly string[], when: Date): Promise<ReviewStateRead> {
  await mkdir(dirname(path), { recursive: true });
  return withLock(path, async () => {
    const current = await readReviewState(path);
    if (current.warning) await rename(path, `${path}.corrupt-${when.getTime()}`).catch(() => undefined);
    const state: ReviewState = { version: 1, reviews: { ...current.state.reviews } };
    for (const id of ids) state.reviews[id] = when.toISOString();
    const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
    await rename(tmp, path);
    return { state, warning: current.warning };
  });
}

export type ReviewStatus = { reviewedAt?: string; ageDays?: number; overdue: boolean };

/** Never reviewed counts as overdue: the point is to look at each page at least once. */
export function reviewStatus(state: ReviewState, id: string, now: Date, intervalDays = DEFAULT_REVIEW_INTERVAL_DAYS): ReviewStatus {
  const reviewedAt = state.reviews[id];
  if (!reviewedAt) return { overdue: true };
  const ageDays = Math.floor((now.getTime() - Date.parse(reviewedAt)) / 86_400_000);
  return { reviewedAt, ageDays, overdue: ageDays >= intervalDays };
}
