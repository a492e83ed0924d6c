/**
 * Fingerprints and baselines against someone who reads them (issue 8, items 3, 8, 16): a published fingerprint must
 * not confirm a dictionary guess cheaply nor match a table precomputed elsewhere; old baselines still work and are
 * migrated on write; a workspace's settings cannot make the language server write outside the workspace.
 */
import assert from 'node:assert/strict';
import { createHash, scryptSync } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { expandTemplate, seededRandom } from '../../src/rules/example-template';
import { runCli, tempDir, writeTree } from '../support/cli';
import { LspSession } from '../support/lsp-client';

const rand = seededRandom(880808);
const ghToken = (): string => expandTemplate('{{gh:ghp}}', rand);
/** The version 1 scheme, as a reader of an old baseline would compute it. */
const v1 = (ruleId: string, secret: string): string => createHash('sha256').update(ruleId).update('\0').update(secret).digest('hex').slice(0, 16);

/** Weak passwords a dictionary holds; one of them sits in a database URL, which Keysweep reports. */
const WORDS = ['correcthorse', 'sunshine2024', 'dragonfly99', 'Password123!', 'letmein-now', 'monkeybusiness', 'Tr0ub4dor&3'];
const WEAK = WORDS[1]!;

function scanJson(dir: string, ...args: string[]) {
  const r = runCli(['scan', dir, '--format', 'json', ...args]);
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  return JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; fingerprint: string; path: string }> };
}

describe('fingerprints do not give weak secrets away', () => {
  let dir: string;
  before(() => {
    dir = tempDir();
    writeTree(dir, { 'config.py': `DATABASE_URL = "postgres://app:${WEAK}@db.acme.com:5432/app"\nAPI_TOKEN = "${ghToken()}"\n` });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a dictionary run with the unsalted scheme recovers nothing from JSON, SARIF or a baseline', () => {
    const json = scanJson(dir);
    assert.ok(json.findings.length >= 2, JSON.stringify(json.findings));
    const sarif = runCli(['scan', dir, '--format', 'sarif']).stdout;
    const baselinePath = join(dir, 'baseline.json');
    assert.equal(runCli(['scan', dir, '--write-baseline', baselinePath]).status, 0);
    const published = [...json.findings.map((f) => f.fingerprint), ...readFileSync(baselinePath, 'utf8').match(/[0-9a-f]{16,}/g)!, ...sarif.match(/"keysweep\/v\d":\s*"([0-9a-f]+)"/g)!];
    for (const f of json.findings) {
      for (const word of WORDS) {
        const guess = v1(f.ruleId, word);
        assert.ok(!published.some((p) => p.includes(guess)), `the unsalted hash of a dictionary word matches a published fingerprint (${f.ruleId})`);
      }
    }
    assert.match(sarif, /"keysweep\/v2"/);
  });

  it('each guess costs a memory-hard scrypt run under a salt chosen per baseline', () => {
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    assert.equal(runCli(['scan', dir, '--write-baseline', a]).status, 0);
    assert.equal(runCli(['scan', dir, '--write-baseline', b]).status, 0);
    const fa = JSON.parse(readFileSync(a, 'utf8'));
    const fb = JSON.parse(readFileSync(b, 'utf8'));
    assert.equal(fa.version, 2);
    assert.equal(fa.kdf.name, 'scrypt');
    assert.ok(fa.kdf.N >= 4096 && fa.kdf.r >= 8, 'at least 4 MB of memory per guess');
    assert.notEqual(fa.kdf.salt, fb.kdf.salt, 'every baseline has its own salt');
    assert.deepEqual(fa.fingerprints.filter((x: string) => fb.fingerprints.includes(x)), [], 'nothing precomputed for one baseline matches another');
    // The scheme is what the file says it is: a reader with the salt and the secret gets the same value, and only then.
    const password = json().findings.find((f) => f.ruleId !== 'github-pat-classic');
    assert.ok(password);
    const expected = scryptSync(`${password.ruleId}\0${WEAK}`, fa.kdf.salt, 16, { N: fa.kdf.N, r: fa.kdf.r, p: fa.kdf.p }).toString('hex');
    assert.ok(fa.fingerprints.includes(expected));
    function json() {
      return scanJson(dir);
    }
  });

  it('the same project gets the same fingerprints run after run (SARIF identity), another project other ones', () => {
    const first = scanJson(dir).findings.map((f) => f.fingerprint);
    const second = scanJson(dir).findings.map((f) => f.fingerprint);
    assert.deepEqual(first, second);
    const other = tempDir('keysweep-other-project-');
    try {
      writeTree(other, { 'config.py': readFileSync(join(dir, 'config.py'), 'utf8') });
      const third = scanJson(other).findings.map((f) => f.fingerprint);
      assert.deepEqual(third.filter((x) => first.includes(x)), []);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});

describe('baselines written before version 2', () => {
  it('are still honoured, and are rewritten in version 2 with the same effect', () => {
    const dir = tempDir();
    try {
      const token = ghToken();
      writeTree(dir, { 'app.env': `GITHUB_TOKEN=${token}\n` });
      const [finding] = scanJson(dir).findings;
      assert.ok(finding);
      const path = join(dir, '.old-baseline.json');
      writeFileSync(path, JSON.stringify({ version: 1, fingerprints: [v1(finding.ruleId, token)] }));
      assert.equal(runCli(['scan', dir, '--baseline', path]).status, 0, 'the old entry still suppresses the finding');
      assert.equal(runCli(['scan', dir, '--write-baseline', path]).status, 0);
      const rewritten = JSON.parse(readFileSync(path, 'utf8'));
      assert.equal(rewritten.version, 2);
      assert.ok(!readFileSync(path, 'utf8').includes(v1(finding.ruleId, token)), 'the weak hash is gone');
      assert.equal(runCli(['scan', dir, '--baseline', path]).status, 0, 'the migrated baseline suppresses it too');
      writeTree(dir, { 'more.env': `OTHER=${ghToken()}\n` });
      assert.equal(runCli(['scan', dir, '--baseline', path]).status, 1, 'a new key is still reported');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a baseline that names a secret in a key is rejected without echoing it', () => {
    const dir = tempDir();
    try {
      const token = ghToken();
      writeTree(dir, { 'a.txt': 'nothing\n', 'b.json': JSON.stringify({ version: 2, [token]: 1 }), 'c.json': JSON.stringify({ version: 1, fingerprints: [], [token]: true }) });
      for (const name of ['b.json', 'c.json']) {
        const r = runCli(['scan', dir, '--baseline', join(dir, name)]);
        assert.equal(r.status, 2);
        assert.ok(!r.stderr.includes(token.slice(4, 16)), r.stderr);
        assert.match(r.stderr, /baseline .*(unexpected field|version|scheme)/);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('writing a baseline', () => {
  it('to a folder is a one-line error and leaves no temp file beside it', () => {
    const parent = tempDir();
    const target = join(parent, 'a-folder');
    try {
      writeTree(parent, { 'a-folder/x.txt': 'x\n', 'scan/k.env': `T=${ghToken()}\n` });
      const before = readdirSync(parent).sort();
      const r = runCli(['scan', join(parent, 'scan'), '--write-baseline', target]);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /it is a folder/);
      assert.equal(r.stderr.trim().split('\n').length, 1);
      assert.deepEqual(readdirSync(parent).sort(), before, 'nothing left beside the target');
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });

  it('through a symlinked baseline path reads nothing through the link', () => {
    const dir = tempDir();
    try {
      writeTree(dir, { 'k.env': `T=${ghToken()}\n`, 'real.json': JSON.stringify({ version: 1, fingerprints: [] }) });
      // A symlink named as the baseline: refused on read, whatever it points at.
      symlinkSync(join(dir, 'real.json'), join(dir, 'link.json'));
      const r = runCli(['scan', dir, '--baseline', join(dir, 'link.json')]);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /symlink/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the language server and a workspace that names a baseline outside itself', () => {
  let root: string;
  let folder: string;
  let victim: string;
  before(() => {
    root = tempDir();
    folder = join(root, 'ws');
    victim = join(root, 'victim.txt');
    writeTree(root, { 'victim.txt': 'precious\n', 'ws/README.md': '# ws\n' });
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  for (const setting of ['../victim.txt', '../../../../../../../../tmp/keysweep-victim-never', '<absolute path of the victim>']) {
    it(`refuses "${setting}" and writes nothing`, async () => {
      const baselinePath = setting.startsWith('<') ? victim : setting;
      const lsp = await LspSession.start(folder, { settings: { typingDelay: 0, baselinePath } });
      try {
        const uri = lsp.open(join(folder, 'k.ts'), `const k = '${ghToken()}';\n`, 'typescript');
        const [d] = await lsp.waitForDiagnostics(uri, (ds) => ds.length === 1);
        const actions = await lsp.request<Array<{ title: string; command?: { command: string; arguments: unknown[] } }>>('textDocument/codeAction', {
          textDocument: { uri },
          range: d!.range,
          context: { diagnostics: [d] },
        });
        const add = actions.find((a) => a.title.startsWith('Add this finding to the Keysweep baseline'))!;
        await lsp.request('workspace/executeCommand', { command: add.command!.command, arguments: add.command!.arguments });
        assert.equal(readFileSync(victim, 'utf8'), 'precious\n');
        assert.ok(!existsSync('/tmp/keysweep-victim-never'));
        assert.ok(lsp.traffic.some((t) => t.includes('window/showMessage') && t.includes('inside the workspace folder')));
      } finally {
        await lsp.stop();
      }
    });
  }

  it('the hover shows the same stable fingerprint as `keysweep scan --format json` of the folder', async () => {
    const ws = join(root, 'hover');
    const text = `const k = '${ghToken()}';\n`;
    writeTree(ws, { 'k.ts': text });
    const [expected] = scanJson(ws).findings;
    const lsp = await LspSession.start(ws);
    try {
      const uri = lsp.open(join(ws, 'k.ts'), text, 'typescript');
      const [d] = await lsp.waitForDiagnostics(uri, (ds) => ds.length === 1);
      const hover = await lsp.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: d!.range.start });
      assert.ok(hover.contents.value.includes(expected!.fingerprint), hover.contents.value);
    } finally {
      await lsp.stop();
    }
  });

  it('migrates a version 1 baseline when a finding is added, keeping the entries that still name a key', async () => {
    const ws = join(root, 'migrate');
    const kept = ghToken();
    const gone = ghToken();
    writeTree(ws, { 'old.env': `KEPT=${kept}\n` });
    writeFileSync(join(ws, '.keysweep-baseline.json'), JSON.stringify({ version: 1, fingerprints: [v1('github-pat-classic', kept), v1('github-pat-classic', gone)] }));
    const lsp = await LspSession.start(ws);
    try {
      const uri = lsp.open(join(ws, 'new.ts'), `const k = '${ghToken()}';\n`, 'typescript');
      const [d] = await lsp.waitForDiagnostics(uri, (ds) => ds.length === 1);
      const actions = await lsp.request<Array<{ title: string; command?: { command: string; arguments: unknown[] } }>>('textDocument/codeAction', { textDocument: { uri }, range: d!.range, context: { diagnostics: [d] } });
      const add = actions.find((a) => a.title.startsWith('Add this finding to the Keysweep baseline'))!;
      await lsp.request('workspace/executeCommand', { command: add.command!.command, arguments: add.command!.arguments });
      await lsp.waitForDiagnostics(uri, (ds) => ds.length === 0);
      const baseline = JSON.parse(readFileSync(join(ws, '.keysweep-baseline.json'), 'utf8'));
      assert.equal(baseline.version, 2);
      assert.equal(baseline.fingerprints.length, 2, 'the new finding and the one old entry that still names a key');
      const summary = await lsp.request<{ findings: Array<{ path: string }> }>('keysweep/scanWorkspace', {});
      assert.deepEqual(summary.findings.map((f) => f.path).filter((p) => p.endsWith('.env')), [], 'old.env stays baselined after the migration');
    } finally {
      await lsp.stop();
    }
  });
});
