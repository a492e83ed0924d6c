// The generated fixture workspace (the demo workspace with keys planted at generation time), for .mjs harness code:
// bundles test/integration/fixture.ts (which reuses scripts/demo-workspace.ts) with esbuild, then calls it.
import * as esbuild from 'esbuild';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { REPO_ROOT } from './paths.mjs';

let loaded;

async function load() {
  if (!loaded) {
    const outfile = join(REPO_ROOT, 'out', 'fixture', `fixture-${process.pid}.cjs`);
    await esbuild.build({
      entryPoints: [join(REPO_ROOT, 'test', 'integration', 'fixture.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      logLevel: 'warning',
    });
    loaded = createRequire(import.meta.url)(outfile);
    rmSync(outfile, { force: true }); // loaded; one file per process so that parallel runs do not collide
  }
  return loaded;
}

/** @returns {Promise<{ dir: string, files: Record<string, string> }>} the manifest: folder and every file's text */
export async function createFixtureWorkspace(dir) {
  return (await load()).createFixtureWorkspace(dir);
}

/** @returns {Promise<{ home: string, codexHome: string, keychain: string, secrets: string[] }>} a fake home with a Codex login */
export async function createFixtureHome(dir) {
  return (await load()).createFixtureHome(dir);
}
