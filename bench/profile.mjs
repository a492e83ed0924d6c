// `node bench/profile.mjs [TOP]`: bundles bench/profile.ts from src/ (no dist/ needed) and runs it on the corpus
// that bench/scan.mjs installs (.bench-cache/corpus/node_modules): walk, read, prefilter and per-rule regex time.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const here = dirname(new URL(import.meta.url).pathname);
const repo = resolve(here, '..');
const corpus = join(repo, '.bench-cache', 'corpus', 'node_modules');
if (!existsSync(corpus)) {
  console.error('bench: no corpus yet: run `npm run bench` (or node bench/scan.mjs) once to install it');
  process.exit(2);
}
const outfile = join(repo, '.bench-cache', 'run', 'profile.cjs');
mkdirSync(dirname(outfile), { recursive: true });
const esbuild = createRequire(join(repo, 'package.json'))('esbuild');
await esbuild.build({ entryPoints: [join(here, 'profile.ts')], bundle: true, platform: 'node', format: 'cjs', outfile, logLevel: 'error' });
const r = spawnSync(process.execPath, [outfile, corpus, process.argv[2] ?? '15'], { stdio: 'inherit' });
process.exit(r.status ?? 1);
