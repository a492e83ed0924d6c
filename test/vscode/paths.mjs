// Where the real-VS-Code toolchain lives. Shared by the installer (scripts/vscode-toolchain.mjs), the code-server
// launcher, the stand-in executable and the UI checks, so that no two of them disagree about a path.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export const REPO_ROOT = resolve(here, '..', '..');
/** The committed definition: package.json + package-lock.json pinning code-server and Node 24. */
export const TOOLCHAIN_DEFINITION = join(REPO_ROOT, 'test', 'vscode', 'toolchain');
/** The installed copy (gitignored). `KEYSWEEP_VSCODE_TOOLCHAIN` moves it, e.g. to a cache shared by several clones. */
export const TOOLCHAIN_DIR = process.env.KEYSWEEP_VSCODE_TOOLCHAIN
  ? resolve(process.env.KEYSWEEP_VSCODE_TOOLCHAIN)
  : join(REPO_ROOT, '.vscode-test', 'toolchain');
export const STAMP_FILE = join(TOOLCHAIN_DIR, '.keysweep-toolchain-stamp.json');
/** Node 24 from the npm registry (`node` package): runs code-server, and so the extension host. */
export const NODE24 = join(TOOLCHAIN_DIR, 'node_modules', 'node', 'bin', 'node');
export const CODE_SERVER_DIR = join(TOOLCHAIN_DIR, 'node_modules', 'code-server');
export const CODE_SERVER_ENTRY = join(CODE_SERVER_DIR, 'out', 'node', 'entry.js');
/** Debian's Chromium, driven by playwright-core. `KEYSWEEP_CHROMIUM` points elsewhere. */
export const CHROMIUM = process.env.KEYSWEEP_CHROMIUM || '/usr/bin/chromium';
/** Headless Chromium flags that work here (no GPU, no network but loopback, no first-run UI). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Throws with the command to run when the toolchain or Chromium is missing. */
export function assertToolchain() {
  const missing = [NODE24, CODE_SERVER_ENTRY, CHROMIUM].filter((p) => !existsSync(p));
  if (missing.length > 0) {
    throw new Error(
      `The VS Code test toolchain is not installed (missing: ${missing.join(', ')}).\n` +
        'Run `npm run vscode:toolchain` (node scripts/vscode-toolchain.mjs) once; it installs code-server, Node 24 and Chromium.',
    );
  }
}

/**
 * A warning when the extension's engines.vscode is a bare version: VS Code reads "1.90.0" as "exactly 1.90.0" and
 * does not load the extension in code-server's 1.139.1 (the extension-host tests then fail with "not loaded").
 */
export function enginesWarning(extensionPath) {
  const engine = JSON.parse(readFileSync(join(extensionPath, 'package.json'), 'utf8')).engines?.vscode ?? '';
  if (!/^\d/.test(engine)) return null;
  return (
    `WARNING: engines.vscode is "${engine}", which VS Code reads as "exactly ${engine}": a newer VS Code (code-server ` +
    `here is 1.139.1) will not load the extension. Use a range such as "^${engine}", no lower than the @types/vscode version.`
  );
}
