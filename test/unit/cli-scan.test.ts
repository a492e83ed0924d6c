/** `keysweep scan` end to end: the built CLI over real files in a temp git repository. */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import { expandTemplate, seededRandom } from '../../src/rules/example-template';
import { git, runCli, tempDir, writeTree } from '../support/cli';

const rand = seededRandom(20261127);
const openaiKey = () => expandTemplate('sk-proj-{{b64url:74}}T3BlbkFJ{{b64url:74}}', rand);

/** The shape GitHub code scanning requires of an uploaded SARIF file (the parts we rely on). */
const sarifSchema = z.object({
  version: z.literal('2.1.0'),
  $schema: z.string(),
  runs: z
    .array(
      z.object({
        tool: z.object({ driver: z.object({ name: z.string(), rules: z.array(z.object({ id: z.string(), shortDescription: z.object({ text: z.string() }) })) }) }),
        results: z.array(
          z.object({
            ruleId: z.string(),
            level: z.enum(['warning', 'note', 'error', 'none']),
            message: z.object({ text: z.string().min(1) }),
            locations: z
              .array(
                z.object({
                  physicalLocation: z.object({
                    artifactLocation: z.object({ uri: z.string().regex(/^[^/]/, 'relative to the scan root') }),
                    region: z.object({ startLine: z.number().int().min(1), startColumn: z.number().int().min(1) }),
                  }),
                }),
              )
              .length(1),
            partialFingerprints: z.object({ 'keysweep/v2': z.string().regex(/^[0-9a-f]{32}$/) }),
            properties: z.object({ provider: z.string(), masked: z.string(), gitStatus: z.enum(['tracked', 'untracked', 'ignored', 'unknown']) }),
          }),
        ),
      }),
    )
    .length(1),
});

describe('keysweep scan', () => {
  let repo: string;
  const keys = { tracked: openaiKey(), ignored: openaiKey(), untracked: openaiKey() };

  before(() => {
    repo = tempDir();
    writeTree(repo, {
      '.gitignore': '.env\nlocal/\n',
      'src/app.ts': `import OpenAI from 'openai';\n\nconst client = new OpenAI({ apiKey: '${keys.tracked}' });\n`,
      '.env': `OPENAI_API_KEY=${keys.ignored}\n`,
      'new-file.py': `\n\nKEY = "${keys.untracked}"\n`,
      'docs/clean.md': 'Set OPENAI_API_KEY=sk-proj-... in your environment.\n',
      'node_modules/pkg/index.js': `module.exports = '${openaiKey()}';\n`,
      'image.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]),
      'blob.dat2': Buffer.concat([Buffer.from(`x ${openaiKey()} `), Buffer.alloc(16, 0)]),
    });
    git(repo, 'init', '-q');
    git(repo, 'add', '.gitignore', 'src/app.ts', 'docs/clean.md');
    git(repo, '-c', 'user.email=t@t.invalid', '-c', 'user.name=t', 'commit', '-qm', 'init');
  });
  after(() => rmSync(repo, { recursive: true, force: true }));

  it('reports each key at its file, line and column with severity by git status, exit 1', () => {
    const r = runCli(['scan', '.', '--format', 'json'], { cwd: repo });
    assert.equal(r.status, 1, r.stderr);
    const report = JSON.parse(r.stdout) as { findings: Array<{ path: string; line: number; column: number; gitStatus: string; level: string; ruleId: string }> };
    const byPath = Object.fromEntries(report.findings.map((f) => [f.path, f]));
    assert.deepEqual(Object.keys(byPath).sort(), ['.env', 'new-file.py', 'src/app.ts']);
    assert.deepEqual(
      { line: byPath['src/app.ts']!.line, column: byPath['src/app.ts']!.column, gitStatus: byPath['src/app.ts']!.gitStatus, level: byPath['src/app.ts']!.level },
      { line: 3, column: 38, gitStatus: 'tracked', level: 'warning' },
    );
    assert.equal(byPath['.env']!.gitStatus, 'ignored');
    assert.equal(byPath['.env']!.level, 'info');
    assert.equal(byPath['new-file.py']!.gitStatus, 'untracked');
    assert.equal(byPath['new-file.py']!.level, 'warning');
    assert.equal(byPath['new-file.py']!.line, 3);
  });

  it('prints a human report with masked values and a summary that counts what was skipped', () => {
    const r = runCli(['scan'], { cwd: repo });
    assert.equal(r.status, 1);
    assert.match(r.stdout, /^src\/app\.ts:3:38 {2}warning {2}OpenAI project API key {2}sk-proj-…\S{4} {2}\[openai-project-key · OpenAI · tracked\]$/m);
    assert.match(r.stdout, /^\.env:1:16 {2}info {5}OpenAI project API key/m);
    assert.match(r.stdout, /3 keys in 3 files \(2 in repo, 1 local only\)/);
    assert.match(r.stdout, /skipped: 2 binary, 1 vendored\/generated folder/);
  });

  it('writes SARIF 2.1.0 in the shape GitHub code scanning accepts', () => {
    const r = runCli(['scan', repo, '--format', 'sarif']);
    assert.equal(r.status, 1);
    const sarif = sarifSchema.parse(JSON.parse(r.stdout));
    const results = sarif.runs[0]!.results;
    assert.equal(results.length, 3);
    const app = results.find((x) => x.locations[0]!.physicalLocation.artifactLocation.uri === 'src/app.ts')!;
    assert.equal(app.level, 'warning');
    assert.equal(app.properties.gitStatus, 'tracked');
    assert.equal(results.find((x) => x.properties.gitStatus === 'ignored')!.level, 'note');
    const ruleIds = new Set(sarif.runs[0]!.tool.driver.rules.map((x) => x.id));
    for (const x of results) assert.ok(ruleIds.has(x.ruleId));
  });

  it('never prints a full key, in any format or in the output file', () => {
    const outputs = ['text', 'json', 'sarif'].map((format) => runCli(['scan', '.', '--format', format], { cwd: repo }));
    const file = join(repo, 'report.sarif');
    runCli(['scan', '.', '--format', 'sarif', '--output', file], { cwd: repo });
    const all = outputs.map((o) => o.stdout + o.stderr).join('\n') + require('node:fs').readFileSync(file, 'utf8');
    rmSync(file);
    for (const key of Object.values(keys)) {
      assert.ok(!all.includes(key), 'a full key was printed');
      assert.ok(!all.includes(key.slice(8, 40)), 'a large part of a key was printed');
    }
  });

  it('a baseline hides known findings and survives the line moving; new ones still fail', () => {
    const dir = tempDir();
    const key = openaiKey();
    writeTree(dir, { 'a.ts': `const k = '${key}';\n` });
    assert.equal(runCli(['scan', '.', '--write-baseline', 'baseline.json'], { cwd: dir }).status, 0);
    assert.equal(runCli(['scan', '.', '--baseline', 'baseline.json'], { cwd: dir }).status, 0);
    writeTree(dir, { 'a.ts': `// moved\n\n\nconst k = '${key}';\n` });
    const moved = runCli(['scan', '.', '--baseline', 'baseline.json'], { cwd: dir });
    assert.equal(moved.status, 0, moved.stdout);
    assert.match(moved.stdout, /1 in baseline/);
    writeTree(dir, { 'b.ts': `const k = '${openaiKey()}';\n` });
    assert.equal(runCli(['scan', '.', '--baseline', 'baseline.json'], { cwd: dir }).status, 1);
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits 0 on a clean folder', () => {
    const dir = tempDir();
    writeTree(dir, { 'a.md': 'nothing to see\n' });
    const r = runCli(['scan', dir]);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /No keys found/);
    rmSync(dir, { recursive: true, force: true });
  });

  it('honours .keysweep.json: allowlisted paths, disabled rules and custom rules', () => {
    const dir = tempDir();
    writeTree(dir, {
      'fixtures/keys.ts': `export const k = '${openaiKey()}';\n`,
      'src/deploy.sh': `export ACME=acme_${expandTemplate('{{alnum:32}}', rand)}\n`,
      '.keysweep.json': JSON.stringify({
        allowlist: { paths: ['fixtures/'] },
        rules: [{ id: 'acme-token', description: 'ACME deploy token', keywords: ['acme_'], pattern: '\\bacme_[A-Za-z0-9]{32}\\b' }],
      }),
    });
    const r = runCli(['scan', '.', '--format', 'json'], { cwd: dir });
    const findings = (JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; path: string }> }).findings;
    assert.deepEqual(findings.map((f) => [f.path, f.ruleId]), [['src/deploy.sh', 'acme-token']]);
    writeTree(dir, { '.keysweep.json': JSON.stringify({ disabledRules: ['openai-project-key'] }), 'src/deploy.sh': '' });
    assert.equal(runCli(['scan', '.'], { cwd: dir }).status, 0);
    rmSync(dir, { recursive: true, force: true });
  });

  describe('bad input gets one clear line and exit 2', () => {
    const cases: Array<[string, Record<string, string>, string[], RegExp]> = [
      ['missing path', {}, ['scan', 'does-not-exist'], /path not found: does-not-exist/],
      ['unknown option', {}, ['scan', '--frmat', 'json'], /Unknown option '--frmat'/],
      ['bad format', {}, ['scan', '--format', 'xml'], /--format must be text, json or sarif/],
      ['config that is not JSON', { '.keysweep.json': '{ nope' }, ['scan', '.'], /\.keysweep\.json is not valid JSON/],
      [
        'config with an unknown key (described, not quoted: a key could be a secret)',
        { '.keysweep.json': '{"disabledRule": []}' },
        ['scan', '.'],
        /\.keysweep\.json: \(top level\): a key Keysweep does not know \(not repeated here: a key could be anything\); known keys: disabledRules, allowlist, rules, /,
      ],
      [
        'custom rule with a lookahead the linear-time engine cannot run',
        { '.keysweep.json': JSON.stringify({ rules: [{ id: 'bad', description: 'd', keywords: ['aa'], pattern: 'aa(?=b)' }] }) },
        ['scan', '.'],
        /rule "bad": pattern: lookahead \(\?=…\) is not supported in custom patterns: Keysweep runs them on a linear-time engine/,
      ],
      [
        'custom rule with a syntax error says what is wrong',
        { '.keysweep.json': JSON.stringify({ rules: [{ id: 'bad', description: 'd', keywords: ['aa'], pattern: 'aa[b' }] }) },
        ['scan', '.'],
        /rule "bad": invalid pattern: Invalid regular expression: \/aa\[b\/m: Unterminated character class$/m,
      ],
      [
        'custom rule too long',
        { '.keysweep.json': JSON.stringify({ rules: [{ id: 'long', description: 'd', keywords: ['aa'], pattern: 'a'.repeat(600) }] }) },
        ['scan', '.'],
        /rule "long": pattern is 600 characters; the limit is 500/,
      ],
      ['baseline that is not ours', { 'b.json': '{"version":3}' }, ['scan', '.', '--baseline', 'b.json'], /baseline .*b\.json: version must be 1 or 2/],
      ['baseline without its scheme', { 'b.json': '{"version":2}' }, ['scan', '.', '--baseline', 'b.json'], /baseline .*b\.json: scheme/],
      ['config that is a directory', {}, ['scan', '.', '--config', '.'], /cannot read config .*: it is a directory/],
    ];
    for (const [name, files, args, expected] of cases) {
      it(name, () => {
        const dir = tempDir();
        writeTree(dir, files);
        const r = runCli(args, { cwd: dir });
        assert.equal(r.status, 2, r.stdout + r.stderr);
        assert.match(r.stderr, expected);
        assert.equal(r.stderr.trim().split('\n').length, 1, `not one line: ${r.stderr}`);
        rmSync(dir, { recursive: true, force: true });
      });
    }
  });

  it('survives symlink loops, FIFOs, odd encodings and huge files, and says what it skipped', () => {
    const dir = tempDir();
    const key = openaiKey();
    writeTree(dir, {
      'utf16.txt': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`token = "${key}"\n`, 'utf16le')]),
      // Without a byte-order mark, as some Windows tools write it: recognised by its NUL high bytes, not skipped as binary.
      'utf16-no-bom.txt': Buffer.from(`token = "${openaiKey()}"\n`, 'utf16le'),
      'latin1.txt': Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a, 0xc3, 0x28, 0xff]),
      'big.txt': 'a'.repeat(3 * 1024 * 1024),
    });
    mkdirSync(join(dir, 'loop'));
    symlinkSync(join(dir, 'loop'), join(dir, 'loop', 'again'));
    symlinkSync(join(dir, 'nowhere'), join(dir, 'dangling'));
    require('node:child_process').spawnSync('mkfifo', [join(dir, 'pipe')]);
    const r = runCli(['scan', '.', '--format', 'json'], { cwd: dir });
    assert.equal(r.status, 1, r.stderr);
    const report = JSON.parse(r.stdout) as { findings: Array<{ path: string }>; summary: { skipped: Record<string, number> } };
    assert.deepEqual(report.findings.map((f) => f.path), ['utf16-no-bom.txt', 'utf16.txt']);
    assert.equal(report.summary.skipped.tooLarge, 1);
    assert.equal(report.summary.skipped.symlink, 2);
    assert.equal(report.summary.skipped.special, 1);
    rmSync(dir, { recursive: true, force: true });
  });

  it('scans large trees in worker threads with the same results as in one thread', () => {
    const dir = tempDir();
    const files: Record<string, string> = {};
    for (let i = 0; i < 400; i++) files[`pkg/file${i}.ts`] = i % 50 === 7 ? `export const k${i} = '${openaiKey()}';\n` : `export const v${i} = ${i};\n`;
    writeTree(dir, files);
    const threaded = runCli(['scan', '.', '--format', 'json', '--workers', '2'], { cwd: dir });
    const single = runCli(['scan', '.', '--format', 'json', '--workers', '0'], { cwd: dir });
    const strip = (out: string) => (JSON.parse(out) as { findings: unknown[] }).findings;
    assert.equal(strip(threaded.stdout).length, 8);
    assert.deepEqual(strip(threaded.stdout), strip(single.stdout));
    rmSync(dir, { recursive: true, force: true });
  });
});
