// Packages the extension as `npx @vscode/vsce package` does (minified bundles, rule examples stripped) into a temp
// folder and checks it: under 1.5 MB, and nothing in it but what the extension needs. Prints the figures; exits 1 on
// a violation. Run by `npm test`; the readable dist/ is rebuilt afterwards for the other tests.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const LIMIT = 1.5 * 1024 * 1024;
const ALLOWED = new Set(['package.json', 'README.md', 'LICENSE', 'dist/extension.js', 'dist/server.js', 'dist/scan-worker.js', 'media/keysweep.svg']);

const run = (cmd, args) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const dir = mkdtempSync(join(tmpdir(), 'keysweep-vsix-'));
let failed = false;
try {
  run(process.execPath, ['esbuild.mjs', '--production']);
  const vsix = join(dir, 'keysweep.vsix');
  // vsce also runs its own secret scan (secretlint) over the package: a leftover example key would fail here.
  run('npx', ['vsce', 'package', '--no-dependencies', '--no-rewrite-relative-links', '--allow-missing-repository', '-o', vsix]);
  const files = run('npx', ['vsce', 'ls', '--no-dependencies']).trim().split('\n').map((l) => l.trim()).filter(Boolean);
  const size = statSync(vsix).size;
  console.log(`vsix: ${(size / 1024).toFixed(0)} KB (limit ${LIMIT / 1024 / 1024} MB), ${files.length} files: ${files.join(', ')}`);
  const extra = files.filter((f) => !ALLOWED.has(f));
  if (extra.length) {
    console.error(`vsix: unexpected files: ${extra.join(', ')}`);
    failed = true;
  }
  if (size > LIMIT) {
    console.error('vsix: over the size limit');
    failed = true;
  }
} catch (err) {
  console.error(`vsix: packaging failed: ${err.stderr || err.message}`);
  failed = true;
} finally {
  rmSync(dir, { recursive: true, force: true });
  run(process.execPath, ['esbuild.mjs']);
}
process.exit(failed ? 1 : 0);
