// Bundles: the extension (vscode is provided by the host), the language server, the CLI, and the scan worker that
// the workspace scanner starts in worker threads. `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: false,
  minify: false,
  logLevel: 'warning',
  define: { 'process.env.KEYSWEEP_VERSION': JSON.stringify(version) },
};

const builds = [
  { entryPoints: { extension: 'src/extension/extension.ts' }, external: ['vscode'] },
  { entryPoints: { server: 'src/server/server.ts' } },
  { entryPoints: { cli: 'src/cli.ts' }, banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: { 'scan-worker': 'src/workspace/scan-worker.ts' } },
].map((b) => ({ ...common, outdir: 'dist', ...b }));

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  // Every bundle is attempted, so one broken entry does not leave the others stale; any failure fails the build.
  const results = await Promise.allSettled(builds.map((b) => esbuild.build(b)));
  if (results.some((r) => r.status === 'rejected')) process.exit(1);
}
