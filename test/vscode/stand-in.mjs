#!/usr/bin/env node
// A stand-in "VS Code executable" for @vscode/test-electron's runTests({ vscodeExecutablePath }).
//
// Desktop VS Code cannot be downloaded on this machine, so this script takes the arguments runTests passes to the
// `code` binary and runs the same extension-host test the way VS Code's own browser integration tests do:
// code-server (VS Code OSS server) with the smoke-test driver enabled, the workbench opened in headless Chromium with
// the development and tests paths in the URL payload, the test output relayed through `codeAutomationLog`, and the
// exit code taken from `codeAutomationExit`. The mocha suite itself runs in the server-side Node 24 extension host.
//
// Understood:  --extensionDevelopmentPath=DIR (repeatable)  --extensionTestsPath=FILE  [FOLDER]
// Ignored:     the desktop-only flags runTests adds (--no-sandbox, --disable-gpu-sandbox, --disable-updates,
//              --skip-welcome, --skip-release-notes, --disable-workspace-trust, --user-data-dir=, --extensions-dir=):
//              each run gets fresh temp user-data and extensions dirs.
// Environment: everything this process gets (runTests' extensionTestsEnv included) reaches the extension host;
//              KEYSWEEP_EXTHOST_<NAME>=V sets <NAME>=V there even where the launcher sets its own (HOME, XDG_*);
//              KEYSWEEP_VSCODE_TIMEOUT (ms, default 600000): the whole run; past it, exit 124;
//              KEYSWEEP_VSCODE_VERBOSE=1: also echo code-server's output and the page's console;
//              KEYSWEEP_KEEP_RUN_DIR=1: keep the temp run folder (logs, user data) for a look afterwards.
// Exit code:   the suite's (0 when every test passed), 124 on timeout, 1 on any failure to start.
import { existsSync, statSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { format } from 'node:util';
import { startCodeServer } from './code-server.mjs';
import { launchChromium } from './chromium.mjs';

const log = (msg) => process.stderr.write(`[stand-in] ${msg}\n`);
const verbose = process.env.KEYSWEEP_VSCODE_VERBOSE === '1';
const timeoutMs = Number(process.env.KEYSWEEP_VSCODE_TIMEOUT || 600_000);

// The workbench relays its own console too; these lines are harmless here (no network, sockets being set up and
// torn down) and hide the suite's output. KEYSWEEP_VSCODE_VERBOSE=1 shows them.
const WORKBENCH_CHATTER = [
  /^Resolv(ing|ed) connection token/,
  /^Creating a socket \(/,
  /^\[reconnection-grace-time\]/,
  /^Updating additional builtin extensions cache/,
  /^\[Service Worker\]/,
  /^\[AgentHost/,
  /^\[AccountPolicyGate\]/,
  /^Canceled: Canceled/,
  /getaddrinfo (ENOTFOUND|EAI_AGAIN)/,
  /vsda/,
];

function parseArgs(argv) {
  const out = { extensionDevelopmentPaths: [], extensionTestsPath: undefined, folder: undefined, ignored: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const m = /^--([^=]+)(?:=(.*))?$/s.exec(arg);
    if (!m) {
      if (out.folder) throw new Error(`more than one folder or file to open: ${out.folder}, ${arg}`);
      out.folder = resolve(arg);
      continue;
    }
    const [, name, inline] = m;
    const value = () => inline ?? argv[++i];
    if (name === 'extensionDevelopmentPath') out.extensionDevelopmentPaths.push(resolve(value()));
    else if (name === 'extensionTestsPath') out.extensionTestsPath = resolve(value());
    else if (name === 'folder-uri') out.folder = new URL(value()).pathname;
    else out.ignored.push(arg);
  }
  return out;
}

/** The extension host loads the tests module by URI: name the file itself. */
function testsModule(path) {
  if (existsSync(path) && statSync(path).isDirectory()) path = join(path, 'index.js');
  else if (!existsSync(path) && existsSync(`${path}.js`)) path = `${path}.js`;
  if (!existsSync(path)) throw new Error(`extensionTestsPath not found: ${path}`);
  return path;
}

// runTests forwards Ctrl+C, but if whoever started this process dies otherwise, stop too (the exit hooks of
// code-server.mjs and playwright then take code-server and Chromium down with us).
const parentPid = process.ppid;
setInterval(() => {
  if (process.ppid !== parentPid) {
    log('parent process is gone: stopping');
    process.exit(1);
  }
}, 500).unref();

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.extensionDevelopmentPaths.length === 0 && !opts.extensionTestsPath && !opts.folder) {
    console.log('Usage: stand-in.mjs --extensionDevelopmentPath=DIR --extensionTestsPath=FILE [FOLDER]');
    return 2;
  }
  if (verbose && opts.ignored.length) log(`ignoring desktop-only arguments: ${opts.ignored.join(' ')}`);
  const extensionTestsPath = opts.extensionTestsPath ? testsModule(opts.extensionTestsPath) : undefined;
  if (opts.folder && !existsSync(opts.folder)) throw new Error(`folder not found: ${opts.folder}`);

  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    const m = /^KEYSWEEP_EXTHOST_(.+)$/.exec(k);
    if (m) env[m[1]] = v;
  }

  const t0 = Date.now();
  const vs = await startCodeServer({ smokeTestDriver: true, env });
  log(`code-server ready on ${vs.origin} in ${Date.now() - t0} ms (run folder ${vs.runDir})`);
  let browser;
  let timer;
  try {
    browser = await launchChromium(vs.runDir);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();

    let settle;
    const done = new Promise((r) => (settle = r));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = format(...(Array.isArray(args) ? args : [args]));
      if (!verbose && WORKBENCH_CHATTER.some((re) => re.test(text))) return;
      (type === 'error' || type === 'warn' ? process.stderr : process.stdout).write(`${text}\n`);
    });
    await page.exposeFunction('codeAutomationExit', (code) => settle({ code: Number(code) || 0 }));
    page.on('pageerror', (err) => verbose && log(`page error: ${err.message}`));
    page.on('console', (msg) => verbose && log(`console.${msg.type()}: ${msg.text()}`));
    page.on('crash', () => settle({ code: 1, why: 'the workbench page crashed' }));
    vs.exited.then((e) => settle({ code: 1, why: `code-server exited during the run (${JSON.stringify(e)})` }));
    timer = setTimeout(() => settle({ code: 124, why: `no result within ${timeoutMs} ms (KEYSWEEP_VSCODE_TIMEOUT)` }), timeoutMs);

    const url = vs.workbenchUrl({
      folder: opts.folder,
      extensionDevelopmentPath: opts.extensionDevelopmentPaths[0],
      extensionTestsPath,
      payload: opts.extensionDevelopmentPaths.slice(1).map((p) => ['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${vs.port}${p}`]),
    });
    if (verbose) log(`opening ${url}`);
    await page.goto(url);
    const result = await done;
    if (result.why) {
      log(result.why);
      log(`code-server log (last lines):\n${vs.logTail()}`);
    }
    log(`finished with exit code ${result.code} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return result.code;
  } finally {
    clearTimeout(timer);
    await browser?.close().catch(() => {});
    await vs.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    log(err instanceof Error ? err.stack ?? err.message : String(err));
    process.exit(1);
  },
);
