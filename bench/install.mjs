// What the benchmarks share: the repository's paths, a setup failure (exit 2), and pinned extra packages (a corpus,
// peer tools, other regex engines) installed once per lockfile from bench/<kind>/ into .bench-cache/<kind>/ with
// `npm ci --ignore-scripts`. That folder is a node_modules tree, which `keysweep scan .` skips by default.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const benchDir = dirname(new URL(import.meta.url).pathname);
export const repo = resolve(benchDir, '..');
export const cache = join(repo, '.bench-cache');

export function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(2);
}

/** `npm ci --ignore-scripts` of bench/<kind> into .bench-cache/<kind>, skipped when the lockfile is unchanged. */
export function install(kind) {
  const src = join(benchDir, kind);
  const dest = join(cache, kind);
  const lock = readFileSync(join(src, 'package-lock.json'));
  const stamp = createHash('sha256').update(readFileSync(join(src, 'package.json'))).update(lock).digest('hex');
  const stampFile = join(dest, '.installed');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp && existsSync(join(dest, 'node_modules'))) return;
  mkdirSync(dest, { recursive: true });
  copyFileSync(join(src, 'package.json'), join(dest, 'package.json'));
  copyFileSync(join(src, 'package-lock.json'), join(dest, 'package-lock.json'));
  const started = performance.now();
  process.stderr.write(`bench: npm ci --ignore-scripts in .bench-cache/${kind}… `);
  const r = spawnSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', '--engine-strict=false'], {
    cwd: dest,
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  if (r.status !== 0) fail(`npm ci failed in .bench-cache/${kind}:\n${(r.stderr ?? '').trim() || r.error?.message}`);
  process.stderr.write(`${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  writeFileSync(stampFile, stamp);
}
