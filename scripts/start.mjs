// `npm start`: Keysweep in a real VS Code on the demo workspace (keys planted now). Desktop VS Code when `code` is on
// PATH; otherwise code-server (the same VS Code, in the browser) at a printed localhost URL. The demo has its own
// home with a Codex CLI login made of random values, so the sidebar shows every feature without touching your
// credentials; `npm start -- --real-home` shows this machine's instead. Ctrl+C stops it.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFixtureHome, createFixtureWorkspace } from '../test/vscode/fixture.mjs';
import { REPO_ROOT } from '../test/vscode/paths.mjs';

const realHome = process.argv.includes('--real-home');
const run = (args) => execFileSync(process.execPath, args, { cwd: REPO_ROOT, stdio: 'inherit' });

run(['esbuild.mjs']);
const dir = mkdtempSync(join(tmpdir(), 'keysweep-demo-'));
const workspace = await createFixtureWorkspace(join(dir, 'demo-workspace'));
const home = await createFixtureHome(join(dir, 'home'));
const env = realHome ? {} : { KEYSWEEP_HOME: home.home, CODEX_HOME: home.codexHome, KEYSWEEP_FAKE_KEYCHAIN: home.keychain };
console.log(`Demo workspace (keys planted just now): ${workspace.dir}`);
console.log(realHome ? 'This Machine shows your own credentials (--real-home).' : `This Machine shows a demo home: ${home.home}`);

const desktop = spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
if (desktop && !process.env.KEYSWEEP_FORCE_CODE_SERVER) {
  console.log('Opening desktop VS Code with Keysweep loaded from this folder…');
  spawn('code', ['--new-window', `--extensionDevelopmentPath=${REPO_ROOT}`, workspace.dir], { stdio: 'inherit', env: { ...process.env, ...env } });
} else {
  run(['scripts/vscode-toolchain.mjs']);
  const { startCodeServer } = await import('../test/vscode/code-server.mjs');
  const vs = await startCodeServer({ installExtensions: [REPO_ROOT], env, settings: { 'workbench.startupEditor': 'none' } });
  console.log(`\nKeysweep is running in VS Code (code-server). Open this in your browser:\n\n  ${vs.origin}/?folder=${encodeURIComponent(workspace.dir)}\n\nThe Keysweep shield is in the activity bar. Ctrl+C stops it.`);
  await new Promise(() => {}); // code-server's exit hooks stop it on Ctrl+C
}
