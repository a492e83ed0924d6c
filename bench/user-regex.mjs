// User-supplied patterns (custom rules and allowlist regexes of a `.keysweep.json`) run on a linear-time engine
// (issue 8, item 4). This compares the RE2-family engines on npm on what Keysweep asks of them, against V8's RegExp
// (backtracking: the built-in rules' engine, and what custom patterns ran on before):
//
//   - throughput of realistic custom patterns over ~4 MB of real code (TypeScript's compiler, from this repository's
//     devDependencies) cut into files of a repository's sizes, a planted token in every tenth file, each match's
//     secret span read as the scanner reads it; and over one 2 MB file (the default maxFileSize);
//   - compile time, start-up (a fresh Node loading the engine) and bundle size (esbuild --minify, gzip);
//   - the issue's hostile patterns on 64 KB of adversarial input (V8 runs in a child process killed after 3 s).
//
// Engines: `keysweep` is src/engine/linear-regex.ts (re2js behind a DFA pre-test: a file with no match never reaches
// the slower capture-tracking NFA), `re2js` is re2js's Matcher alone; re2-wasm (Google) and @adguard/re2-wasm (a
// fork) are pinned in bench/engines/ and installed into .bench-cache/engines on the first run.
//
// Prints milliseconds and ratios; never fails on a number (exit 0), only on a broken setup (exit 2).
//   node bench/user-regex.mjs
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { cache, fail, install, repo } from './install.mjs';

const requireRepo = createRequire(join(repo, 'package.json'));
const esbuild = requireRepo('esbuild');

install('engines');
const enginesDir = join(cache, 'engines');
const requireEngines = createRequire(join(enginesDir, 'package.json'));

async function loadKeysweepLinear() {
  const outfile = join(cache, 'run', 'linear-regex.mjs');
  await esbuild.build({ entryPoints: [join(repo, 'src/engine/linear-regex.ts')], bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'error' });
  return import(`${pathToFileURL(outfile).href}?${Date.now()}`);
}
const { LinearRegex } = await loadKeysweepLinear();
const { RE2JS } = requireRepo('re2js');
const wasmEngines = {};
for (const name of ['re2-wasm', '@adguard/re2-wasm']) {
  try {
    wasmEngines[name] = requireEngines(name).RE2;
  } catch (err) {
    console.error(`bench: ${name} not loadable (${err.message}); skipped`);
  }
}

// ----------------------------------------------------------------------------------------------------- inputs

const tsPath = requireRepo.resolve('typescript/lib/typescript.js');
const source = readFileSync(tsPath, 'utf8');
let seed = 20261129;
const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
const alnum = (n) => Array.from({ length: n }, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(random() * 62)]).join('');
const planted = () =>
  `\nconst ACME_TOKEN = "acme_${alnum(32)}";\nexport PASSWORD="${alnum(20)}"\nconfig.api_key = "${alnum(24)}";\nurl = "https://deploy:${alnum(16)}@acme.example/x"\n`;
const files = [];
for (let at = 0, i = 0; at < 4_000_000; i++) {
  const size = 8_000 + Math.floor(random() * 56_000);
  files.push(source.slice(at, at + size) + (i % 10 === 0 ? planted() : ''));
  at += size;
}
const big = source.slice(0, 2 * 1024 * 1024 - 200) + planted();
const corpusBytes = files.reduce((n, f) => n + f.length, 0);

const PATTERNS = [
  ['literal prefix', 'acme_(?<secret>[A-Za-z0-9]{32})', ''],
  ['word boundary + prefix', '\\bacme_[A-Za-z0-9]{32}\\b', ''],
  ['assignment, case-insensitive', 'password\\s*[:=]\\s*["\']?(?<secret>[^"\'\\s]{8,64})', 'i'],
  ['keyword alternation', '(?:api|secret|token)_?key\\s*=\\s*"(?<secret>[A-Za-z0-9_\\-]{16,})"', 'i'],
  ['URL credentials', 'https?://[^\\s:@/]{1,64}:(?<secret>[^\\s:@/]{8,128})@[a-z0-9.-]{1,253}', ''],
  ['line-anchored', '^\\s*export\\s+[A-Z_]+=(?<secret>\\S{12,})$', ''],
];

// ---------------------------------------------------------------------------------------------------- engines

/** An exec loop with the `g` flag (V8 and the RegExp-shaped wasm engines); counts the non-empty matches `read` takes. */
function execAll(re, text, read) {
  let n = 0;
  re.lastIndex = 0;
  let m;
  while ((m = re.exec(text)) !== null) {
    if (m[0].length === 0) re.lastIndex++;
    else if (read(m)) n++;
  }
  return n;
}

/** Each engine: compile(source, flags) -> scan(text) returning how many secret spans it read. */
const ENGINES = {
  v8: (src, flags) => {
    const re = new RegExp(src, `dgm${flags}`);
    return (text) => execAll(re, text, (m) => Boolean(m.indices.groups?.secret ?? m.indices[0]));
  },
  keysweep: (src, flags) => {
    const re = LinearRegex.compile(src, { multiline: true, ignoreCase: flags.includes('i') });
    return (text) => {
      let n = 0;
      for (const _ of re.matches(text)) n++;
      return n;
    };
  },
  re2js: (src, flags) => {
    const re = RE2JS.compile(RE2JS.translateRegExp(src), RE2JS.MULTILINE | (flags.includes('i') ? RE2JS.CASE_INSENSITIVE : 0));
    const secret = 'secret' in re.namedGroups();
    return (text) => {
      let n = 0;
      const m = re.matcher(text);
      while (m.find()) if ((secret ? m.start('secret') : m.start()) >= 0) n++;
      return n;
    };
  },
  ...Object.fromEntries(
    Object.entries(wasmEngines).map(([name, RE2]) => [
      name,
      (src, flags) => {
        const re = new RE2(src, `gmu${flags}`);
        // No group offsets (no `d` flag): the secret's span cannot be read, only the match's start.
        return (text) => execAll(re, text, () => true);
      },
    ]),
  ),
};

function timeIt(f) {
  const t0 = performance.now();
  const r = f();
  return { ms: performance.now() - t0, r };
}

// --------------------------------------------------------------------------------------------------- measures

const fmt = (ms) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1)).padStart(7);
const ratio = (ms, base) => `${(ms / base).toFixed(1)}x`.padStart(7);
const names = Object.keys(ENGINES);

console.log(`user-regex bench: Node ${process.version}; corpus ${files.length} files, ${(corpusBytes / 1e6).toFixed(1)} MB of ${tsPath.slice(repo.length + 1)} (a token planted in every 10th)\n`);
console.log('throughput: ms over the corpus (best of 3), ratio to V8; [one 2 MB file]');
console.log(`${'pattern'.padEnd(30)}${names.map((n) => n.padStart(18)).join('')}`);
const totals = Object.fromEntries(names.map((n) => [n, 0]));
for (const [label, src, flags] of PATTERNS) {
  const cells = [];
  let base;
  let counts = new Set();
  for (const name of names) {
    let scan;
    try {
      scan = ENGINES[name](src, flags);
    } catch (err) {
      cells.push(`n/a`.padStart(18));
      continue;
    }
    let best = Infinity;
    let found = 0;
    for (let round = 0; round < 3; round++) {
      const { ms, r } = timeIt(() => files.reduce((n, f) => n + scan(f), 0));
      best = Math.min(best, ms);
      found = r;
    }
    counts.add(found);
    base ??= best;
    totals[name] += best;
    let bigCell = '';
    if (!name.includes('wasm')) bigCell = ` [${timeIt(() => scan(big)).ms.toFixed(0)}]`;
    cells.push(`${fmt(best)}${name === 'v8' ? '' : ratio(best, base)}${bigCell}`.padStart(18));
  }
  console.log(`${label.padEnd(30)}${cells.join('')}${counts.size > 1 ? `  (match counts differ: ${[...counts].join('/')})` : ''}`);
}
console.log(`${'all patterns'.padEnd(30)}${names.map((n) => `${fmt(totals[n])}${n === 'v8' ? '' : ratio(totals[n], totals.v8)}`.padStart(18)).join('')}`);

console.log('\ncompile: ms for all patterns (first compile in this process, then again)');
for (const name of names) {
  const first = timeIt(() => PATTERNS.forEach(([, src, flags]) => { try { ENGINES[name](src, flags); } catch {} })).ms;
  const again = timeIt(() => PATTERNS.forEach(([, src, flags]) => { try { ENGINES[name](src, flags); } catch {} })).ms;
  console.log(`  ${name.padEnd(20)}${fmt(first)}${fmt(again)}`);
}

console.log('\nstart-up: ms for a fresh Node to load the engine and compile one pattern (median of 5), and bundle size');
const modules = { re2js: [repo, 're2js', "const { RE2JS } = m; RE2JS.compile('acme_[a-z]{8}');"] };
for (const name of Object.keys(wasmEngines)) modules[name] = [enginesDir, name, "new m.RE2('acme_[a-z]{8}', 'u');"];
for (const [name, [dir, spec, use]] of Object.entries(modules)) {
  const script = `const t = performance.now(); const m = require(${JSON.stringify(spec)}); ${use} process.stdout.write(String(performance.now() - t));`;
  const times = Array.from({ length: 5 }, () => Number(spawnSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8' }).stdout)).sort((a, b) => a - b);
  const out = await esbuild.build({
    stdin: { contents: `export * from ${JSON.stringify(spec)};`, resolveDir: dir },
    bundle: true, platform: 'node', format: 'cjs', minify: true, write: false, logLevel: 'silent',
  });
  const js = out.outputFiles[0].contents;
  let wasm = 0;
  try {
    wasm = statSync(join(dir, 'node_modules', spec, 'build', 'wasm', 're2.wasm')).size;
  } catch {}
  console.log(`  ${name.padEnd(20)}${fmt(times[2])} ms   js ${(js.length / 1024).toFixed(0)} KB (gzip ${(gzipSync(js).length / 1024).toFixed(0)} KB)${wasm ? ` + wasm ${(wasm / 1024).toFixed(0)} KB (gzip ${(gzipSync(readFileSync(join(dir, 'node_modules', spec, 'build', 'wasm', 're2.wasm'))).length / 1024).toFixed(0)} KB)` : ''}`);
}

console.log('\nhostile: the issue\'s patterns on 64 KB of their own alphabet without the final character (ms; V8 killed after 3 s)');
const HOSTILE = [['(?:a|a){1,30}b', 'a'], ['(a|aa){1,50}$', 'a!'], ['[ab]*a[ab]*a[ab]*a[ab]*c', 'ab'], ['\\w+x', 'a'], ['(?:\\w|[a-z0-9]){1,40}!', 'a']];
console.log(`${'pattern'.padEnd(30)}${names.map((n) => n.padStart(18)).join('')}`);
for (const [src, alphabet] of HOSTILE) {
  const text = alphabet.length === 2 && alphabet.endsWith('!') ? `${'a'.repeat(99)}!\n`.repeat(650) : alphabet.repeat(65536 / alphabet.length);
  const cells = names.map((name) => {
    if (name === 'v8') {
      const script = `const re = new RegExp(${JSON.stringify(src)}, 'dgm'); const text = ${JSON.stringify(text)}; const t = performance.now(); re.lastIndex = 0; while (re.exec(text)); process.stdout.write(String(performance.now() - t));`;
      const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 3000, killSignal: 'SIGKILL' });
      return (r.status === 0 ? fmt(Number(r.stdout)) : '> 3000 (killed)').padStart(18);
    }
    try {
      const scan = ENGINES[name](src, '');
      return fmt(timeIt(() => scan(text)).ms).padStart(18);
    } catch (err) {
      return 'refused'.padStart(18);
    }
  });
  console.log(`${src.padEnd(30)}${cells.join('')}`);
}
