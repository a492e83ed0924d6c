/** Review tracking: concurrent writers lose nothing, a corrupt file is reported and replaced, overdue after 90 days. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { describe, it } from 'node:test';
import { markReviewed, readReviewState, reviewStatePath, reviewStatus } from '../../src/grants/review-state';
import { tempDir } from '../support/cli';

describe('review state', () => {
  it('lives in the user config folder and honours XDG_CONFIG_HOME', () => {
    assert.equal(reviewStatePath('/h', {}, 'linux'), '/h/.config/keysweep/review-state.json');
    assert.equal(reviewStatePath('/h', { XDG_CONFIG_HOME: '/x' }, 'linux'), '/x/keysweep/review-state.json');
  });

  it('survives concurrent writers in separate processes: every review is kept', async () => {
    const path = join(tempDir(), 'state', 'review-state.json');
    const script = `
      const { markReviewed } = require(${JSON.stringify(join(__dirname, '..', '..', 'src', 'grants', 'review-state.ts'))});
      const [path, prefix] = process.argv.slice(-2);
      (async () => { for (let i = 0; i < 10; i++) await markReviewed(path, [prefix + i], new Date()); })()
        .catch((e) => { console.error(e); process.exit(1); });`;
    const runs = Array.from({ length: 6 }, (_, p) =>
      new Promise<number>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', '-e', script, path, `w${p}-`], { stdio: ['ignore', 'ignore', 'inherit'] });
        child.on('close', (code) => resolve(code ?? 1));
      }),
    );
    assert.deepEqual(await Promise.all(runs), [0, 0, 0, 0, 0, 0]);
    const { state, warning } = await readReviewState(path);
    assert.equal(warning, undefined);
    assert.equal(Object.keys(state.reviews).length, 60);
    assert.deepEqual(readdirSync(dirname(path)), ['review-state.json'], 'no temp or lock files left behind');
  });

  it('reports a corrupt file, keeps it aside and replaces it', async () => {
    const dir = tempDir();
    const path = join(dir, 'review-state.json');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path, '{"version":1,"reviews":{"a":');
    const read = await readReviewState(path);
    assert.match(read.warning ?? '', /corrupt/);
    assert.deepEqual(read.state.reviews, {});
    const written = await markReviewed(path, ['github-oauth-apps'], new Date('2026-11-01T00:00:00Z'));
    assert.match(written.warning ?? '', /corrupt/);
    assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')).reviews, { 'github-oauth-apps': '2026-11-01T00:00:00.000Z' });
    assert.equal(readdirSync(dir).filter((f) => f.includes('.corrupt-')).length, 1);
    writeFileSync(path, '{"version":1,"reviews":{"x":"yesterday"}}');
    assert.match((await readReviewState(path)).warning ?? '', /expected shape/);
  });

  it('is overdue when never reviewed or reviewed 90 or more days ago (configurable)', () => {
    const state = { version: 1 as const, reviews: { a: '2026-08-01T00:00:00.000Z' } };
    const now = new Date('2026-11-27T00:00:00Z');
    assert.deepEqual(reviewStatus(state, 'never', now), { overdue: true });
    assert.equal(reviewStatus(state, 'a', now).ageDays, 118);
    assert.equal(reviewStatus(state, 'a', now).overdue, true);
    assert.equal(reviewStatus(state, 'a', now, 180).overdue, false);
  });
});
