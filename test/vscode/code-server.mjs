// Starts a real VS Code (code-server 4.139.1 on Node 24, from .vscode-test/toolchain) for one test run, and stops it.
//
//   const vs = await startCodeServer({ env: { CODEX_HOME: fake }, smokeTestDriver: true });
//   page.goto(vs.workbenchUrl({ folder, extensionDevelopmentPath, extensionTestsPath }));
//   ...
//   await vs.stop();
//
// Each run gets its own temp folder with HOME, XDG_CONFIG_HOME, XDG_DATA_HOME, the user-data dir (with settings that
// keep the workbench quiet) and the extensions dir. code-server runs detached in its own process group, and stop()
// kills the whole group (code-server keeps extension hosts alive otherwise); so does an exit, an uncaught error, or
// SIGINT/SIGTERM/SIGHUP of the launching process. Variables in `env` reach the extension host (and so the extension
// under test); `env.HOME` replaces the run folder's home (XDG_* stay in the run folder).
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertToolchain, CODE_SERVER_ENTRY, NODE24 } from './paths.mjs';

/** Settings written into <user-data>/User/settings.json before start (the caller's `settings` are merged over). */
export const DEFAULT_SETTINGS = {
  'chat.disableAIFeatures': true, // else an agent runtime process starts
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
};

/** Finds a free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const live = new Set();
let hooksInstalled = false;
function installExitHooks() {
  if (hooksInstalled) return;
  hooksInstalled = true;
  // Last resort: whatever way this process ends, no code-server (or extension host) outlives it.
  process.on('exit', () => {
    for (const vs of live) vs.killNow();
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      for (const vs of live) vs.killNow();
      process.exit(sig === 'SIGINT' ? 130 : sig === 'SIGTERM' ? 143 : 129);
    });
  }
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // already gone
  }
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * @param {object} [options]
 * @param {Record<string, string|undefined>} [options.env]  extra environment for code-server and its extension hosts
 *   (undefined deletes a variable)
 * @param {Record<string, unknown>} [options.settings]  user settings merged over DEFAULT_SETTINGS
 * @param {boolean} [options.smokeTestDriver]  `--vscode-option enable-smoke-test-driver`: needed for extension tests
 *   (the workbench then honours extensionDevelopmentPath/extensionTestsPath), but hides toasts and skips dialogs
 * @param {string[]} [options.args]  more code-server flags
 * @param {string} [options.runDir]  run folder (default: a new temp folder, removed by stop())
 * @param {boolean} [options.keepRunDir]  keep the run folder (also with KEYSWEEP_KEEP_RUN_DIR=1)
 * @param {boolean} [options.verbose]  echo code-server's output (also with KEYSWEEP_VSCODE_VERBOSE=1); it always goes
 *   to <runDir>/code-server.log
 * @param {string[]} [options.installExtensions]  extension folders (package.json + what it ships) to install before
 *   start, as symlinks named <publisher>.<name>-<version> in the extensions dir (how the UI checks install Keysweep)
 * @param {number} [options.readyTimeoutMs]
 */
export async function startCodeServer(options = {}) {
  assertToolchain();
  installExitHooks();
  const ownRunDir = !options.runDir;
  const runDir = options.runDir ?? mkdtempSync(join(tmpdir(), 'keysweep-vscode-'));
  const keepRunDir = options.keepRunDir ?? process.env.KEYSWEEP_KEEP_RUN_DIR === '1';
  const verbose = options.verbose ?? process.env.KEYSWEEP_VSCODE_VERBOSE === '1';
  const home = join(runDir, 'home');
  const userDataDir = join(runDir, 'user-data');
  const extensionsDir = join(runDir, 'extensions');
  for (const d of [home, join(home, '.config'), join(home, '.local', 'share'), join(userDataDir, 'User'), extensionsDir]) {
    mkdirSync(d, { recursive: true });
  }
  for (const dir of options.installExtensions ?? []) {
    const { publisher, name, version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    symlinkSync(dir, join(extensionsDir, `${publisher}.${name}-${version}`), 'dir');
  }
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, ...options.settings }, null, 2));

  const port = await freePort();
  const args = [
    CODE_SERVER_ENTRY,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--reconnection-grace-time', '5',
    ...(options.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    ...(options.args ?? []),
  ];

  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    // Not the identity of an outer VS Code or npm: the extension host would inherit it.
    if (/^(VSCODE_|ELECTRON_RUN_AS_NODE$|npm_)/i.test(k)) continue;
    env[k] = v;
  }
  // The XDG dirs stay in the run folder even when the caller replaces HOME, so that a fake HOME given to the extension
  // holds only what the test (and the extension) put there.
  Object.assign(env, {
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_STATE_HOME: join(home, '.local', 'state'),
  });
  for (const [k, v] of Object.entries(options.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }

  const logFile = join(runDir, 'code-server.log');
  const logStream = createWriteStream(logFile);
  const child = spawn(NODE24, args, { cwd: runDir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid;
  let exited = null;
  const exitPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    });
    child.on('error', (err) => {
      exited = { code: null, signal: null, error: err };
      resolve(exited);
    });
  });
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (d) => {
      logStream.write(d);
      if (verbose) process.stderr.write(`[code-server] ${d}`);
    });
  }

  let stopped = false;
  const handle = {
    port,
    pid,
    origin: `http://127.0.0.1:${port}`,
    runDir,
    home: env.HOME,
    userDataDir,
    extensionsDir,
    logFile,
    /** The workbench URL for a folder; with dev/test paths it carries the payload the smoke-test driver reads. */
    workbenchUrl({ folder, extensionDevelopmentPath, extensionTestsPath, payload = [] } = {}) {
      const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
      const items = [['skipWelcome', 'true'], ...payload];
      if (extensionDevelopmentPath) items.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
      if (extensionTestsPath) items.push(['extensionTestsPath', remote(extensionTestsPath)]);
      const query = [];
      if (folder) query.push(`folder=${encodeURIComponent(folder)}`);
      query.push(`payload=${encodeURIComponent(JSON.stringify(items))}`);
      return `${handle.origin}/?${query.join('&')}`;
    },
    /** The last lines of code-server's output, for error messages. */
    logTail(lines = 40) {
      try {
        return readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n');
      } catch {
        return '';
      }
    },
    /** Synchronous SIGKILL of the whole group (exit hooks). */
    killNow() {
      if (pid) killGroup(pid, 'SIGKILL');
      live.delete(handle);
      if (ownRunDir && !keepRunDir) {
        try {
          rmSync(runDir, { recursive: true, force: true, maxRetries: 3 });
        } catch {
          /* a dying process still had a file open; the OS temp cleaner gets it */
        }
      }
    },
    /** SIGTERM to the group, SIGKILL after `graceMs`; removes the run folder unless kept. */
    async stop(graceMs = 3000) {
      if (stopped) return;
      stopped = true;
      if (pid) {
        killGroup(pid, 'SIGTERM');
        const deadline = Date.now() + graceMs;
        while (groupAlive(pid) && Date.now() < deadline) await sleep(100);
        if (groupAlive(pid)) killGroup(pid, 'SIGKILL');
        while (groupAlive(pid) && Date.now() < deadline + 2000) await sleep(50);
      }
      live.delete(handle);
      await new Promise((r) => logStream.end(r));
      if (ownRunDir && !keepRunDir) rmSync(runDir, { recursive: true, force: true, maxRetries: 3 });
    },
    exited: exitPromise,
  };
  live.add(handle);

  // Ready when /healthz answers.
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  try {
    for (;;) {
      if (exited) throw new Error(`code-server exited before it was ready (${JSON.stringify(exited)}):\n${handle.logTail()}`);
      try {
        const res = await fetch(`${handle.origin}/healthz`, { signal: AbortSignal.timeout(1000) });
        if (res.ok) break;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) throw new Error(`code-server did not answer /healthz within the timeout:\n${handle.logTail()}`);
      await sleep(100);
    }
  } catch (err) {
    await handle.stop();
    throw err;
  }
  return handle;
}

/**
 * Memory (bytes) of `rootPid` and all its descendants, from /proc (Linux): `rss` adds up resident sizes (pages
 * shared between Chromium's processes counted in each), `pss` shares them out (the closer figure for "how much this
 * run needs").
 */
export function treeMemory(rootPid) {
  let rss = 0;
  let pss = 0;
  for (const pid of treePids(rootPid)) {
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      rss += Number(/^Rss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0) * 1024;
      pss += Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0) * 1024;
    } catch {
      /* exited meanwhile */
    }
  }
  return { rss, pss };
}

/** `rootPid` and all its descendants. */
export function treePids(rootPid) {
  const children = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(name));
    } catch {
      /* exited meanwhile */
    }
  }
  const out = [];
  const stack = [rootPid];
  while (stack.length) {
    const p = stack.pop();
    out.push(p);
    stack.push(...(children.get(p) ?? []));
  }
  return out;
}
