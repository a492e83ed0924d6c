#!/usr/bin/env node
// Runs the extension-host suites (test/integration/suite/*.test.ts) in a real VS Code through @vscode/test-electron's
// runTests. Here VS Code is code-server driven by test/vscode/stand-in.mjs (desktop VS Code cannot be downloaded on
// this machine); with KEYSWEEP_VSCODE_EXECUTABLE=/path/to/code (or KEYSWEEP_VSCODE_DOWNLOAD=1 to let runTests download
// it, on a machine that can) the same suites run in desktop VS Code.
//
// Needs: `npm run build` (dist/extension.js is what is tested; this script builds nothing of the extension) and the
// toolchain (`npm run vscode:toolchain`). It compiles the suites themselves (esbuild, into out/integration/) and
// generates the fixture workspace with planted keys in a temp folder, removed afterwards unless --keep.
//
// Usage: node test/integration/run.mjs [--grep PATTERN] [--keep]
// Exit code: the suite's (0: all passed; non-zero: a failure, a timeout, or VS Code could not start).
import { runTests } from '@vscode/test-electron';
import * as esbuild from 'esbuild';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createFixtureHome, createFixtureWorkspace } from '../vscode/fixture.mjs';
import { assertToolchain, enginesWarning, REPO_ROOT } from '../vscode/paths.mjs';

const argv = process.argv.slice(2);
const keep = argv.includes('--keep');
const grepAt = argv.indexOf('--grep');
const grep = grepAt >= 0 ? argv[grepAt + 1] : undefined;
const log = (msg) => console.log(`[integration] ${msg}`);

// The extension under test: the repository (package.json + dist/); KEYSWEEP_EXTENSION_PATH tests another copy.
const extensionPath = process.env.KEYSWEEP_EXTENSION_PATH ? resolve(process.env.KEYSWEEP_EXTENSION_PATH) : REPO_ROOT;
const SUITE_SRC = join(REPO_ROOT, 'test', 'integration', 'suite');
const OUT = join(REPO_ROOT, 'out', 'integration');

async function compileSuites() {
  rmSync(OUT, { recursive: true, force: true });
  const entries = readdirSync(SUITE_SRC).filter((f) => f === 'index.ts' || f.endsWith('.test.ts'));
  const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: 'inline', logLevel: 'warning' };
  await esbuild.build({
    ...common,
    entryPoints: entries.map((f) => join(SUITE_SRC, f)),
    outdir: join(OUT, 'suite'),
    // Provided by the extension host / shared with the index so that `suite`/`test` reach the running mocha.
    external: ['vscode', 'mocha'],
  });
}

async function main() {
  if (!existsSync(join(extensionPath, 'dist', 'extension.js'))) {
    throw new Error('dist/extension.js is missing: run `npm run build` first');
  }
  const warning = enginesWarning(extensionPath);
  if (warning) log(warning);
  const executable = process.env.KEYSWEEP_VSCODE_EXECUTABLE || (process.env.KEYSWEEP_VSCODE_DOWNLOAD === '1' ? undefined : join(REPO_ROOT, 'test', 'vscode', 'stand-in.mjs'));
  if (executable?.endsWith('stand-in.mjs')) assertToolchain();

  const t0 = Date.now();
  await compileSuites();
  const runDir = mkdtempSync(join(tmpdir(), 'keysweep-integration-'));
  const manifest = await createFixtureWorkspace(join(runDir, 'workspace'));
  // A fake home with a Codex CLI login: the extension reads it instead of this machine's (KEYSWEEP_HOME, CODEX_HOME),
  // and a test-only keychain file stands in for the OS keychain.
  const home = await createFixtureHome(join(runDir, 'home'));
  manifest.home = home;
  // Outside the workspace, so that scanning the workspace does not find the manifest's copies of the keys.
  const manifestPath = join(runDir, 'fixture-manifest.json');
  writeFileSync(manifestPath, JSON.stringify(manifest));
  log(`suites compiled and fixture workspace generated in ${Date.now() - t0} ms: ${manifest.dir}`);

  const resultsPath = join(runDir, 'results.json');
  // The closing line, printed last (CI reads it): the suite's counts, or one failure when the suite never reported.
  const closingLine = () => {
    let r = { passes: 0, failures: 1, pending: 0 };
    try {
      r = JSON.parse(readFileSync(resultsPath, 'utf8'));
    } catch {
      /* VS Code did not start, or the suite crashed before mocha finished */
    }
    console.log(`integration: ${r.passes} passed, ${r.failures} failed, ${r.pending} skipped`);
  };
  const cleanup = () => {
    if (!keep) rmSync(runDir, { recursive: true, force: true });
  };
  for (const sig of ['SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      cleanup(); // the stand-in notices that its parent is gone and stops code-server and Chromium
      process.exit(sig === 'SIGTERM' ? 143 : 129);
    });
  }
  try {
    await runTests({
      ...(executable ? { vscodeExecutablePath: executable } : {}),
      extensionDevelopmentPath: extensionPath,
      extensionTestsPath: join(OUT, 'suite', 'index.js'),
      launchArgs: [manifest.dir],
      extensionTestsEnv: {
        KEYSWEEP_FIXTURE_MANIFEST: manifestPath,
        KEYSWEEP_FIXTURE_DIR: manifest.dir,
        KEYSWEEP_TEST_RESULTS: resultsPath,
        KEYSWEEP_HOME: home.home,
        CODEX_HOME: home.codexHome,
        KEYSWEEP_FAKE_KEYCHAIN: home.keychain,
        ...(grep ? { KEYSWEEP_TEST_GREP: grep } : {}),
      },
    });
    log(`passed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    closingLine();
    return 0;
  } catch (err) {
    // runTests rejects with TestRunFailedError { code } when VS Code (here: the stand-in) exits non-zero.
    const code = typeof err?.code === 'number' && err.code !== 0 ? err.code : 1;
    log(`FAILED (exit code ${code}) after ${((Date.now() - t0) / 1000).toFixed(1)} s: ${err instanceof Error ? err.message : err}`);
    closingLine();
    return code;
  } finally {
    if (keep) log(`kept ${runDir}`);
    cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`[integration] ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  },
);
