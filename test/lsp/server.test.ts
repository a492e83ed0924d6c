/** The language server over stdio JSON-RPC: diagnostics, edits, hovers, quick fixes, baseline, workspace scan. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { expandTemplate, seededRandom } from '../../src/rules/example-template';
import { git, tempDir, writeTree } from '../support/cli';
import { LspSession, type Diagnostic } from '../support/lsp-client';

const rand = seededRandom(424242);
const openaiKey = () => expandTemplate('sk-proj-{{b64url:74}}T3BlbkFJ{{b64url:74}}', rand);

interface TextEdit {
  range: Diagnostic['range'];
  newText: string;
}
interface CodeAction {
  title: string;
  edit?: { changes?: Record<string, TextEdit[]>; documentChanges?: Array<{ kind?: string; uri?: string; textDocument?: { uri: string }; edits?: TextEdit[] }> };
  command?: { command: string; arguments: unknown[] };
}

describe('language server', () => {
  let folder: string;
  let lsp: LspSession;
  const keys: string[] = [];
  const key = () => {
    const k = openaiKey();
    keys.push(k);
    return k;
  };

  before(async () => {
    folder = tempDir();
    writeTree(folder, { '.gitignore': '.env.local\n', 'README.md': '# test\n' });
    git(folder, 'init', '-q');
    git(folder, 'add', '.');
    lsp = await LspSession.start(folder);
  });
  after(async () => {
    await lsp.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('publishes a diagnostic at the exact range, with the rule id and only the masked value', async () => {
    const k = key();
    const text = `import OpenAI from 'openai';\nconst client = new OpenAI({ apiKey: '${k}' });\n`;
    const path = join(folder, 'src', 'client.ts');
    writeTree(folder, { 'src/client.ts': text });
    git(folder, 'add', 'src/client.ts');
    const uri = lsp.open(path, text, 'typescript');
    const [d] = await lsp.waitForDiagnostics(uri, (ds) => ds.length > 0);
    assert.deepEqual(d!.range, { start: { line: 1, character: 37 }, end: { line: 1, character: 37 + k.length } });
    assert.equal(d!.code, 'openai-project-key');
    assert.equal(d!.severity, 2, 'warning: the file is tracked');
    assert.match(d!.message, /^OpenAI project API key sk-proj-…\S{4} in a file tracked by git/);
    assert.ok(!d!.message.includes(k));
  });

  it('clears diagnostics when the key is edited away, and finds a key typed in', async () => {
    const path = join(folder, 'src', 'edit.ts');
    const k = key();
    const uri = lsp.open(path, `const a = '${k}';\n`, 'typescript');
    await lsp.waitForDiagnostics(uri, (ds) => ds.length === 1);
    lsp.edit(uri, { start: { line: 0, character: 11 }, end: { line: 0, character: 11 + k.length } }, 'process.env.X');
    await lsp.waitForDiagnostics(uri, (ds) => ds.length === 0);
    const k2 = key();
    lsp.edit(uri, { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, `const b = "${k2}";\n`);
    const ds = await lsp.waitForDiagnostics(uri, (x) => x.length === 1);
    assert.equal(ds[0]!.range.start.line, 1);
  });

  it('rates a key in a git-ignored file as information (local only)', async () => {
    const path = join(folder, '.env.local');
    writeFileSync(path, `OPENAI_API_KEY=${key()}\n`);
    const uri = lsp.open(path, readFileSync(path, 'utf8'));
    const [d] = await lsp.waitForDiagnostics(uri, (ds) => ds.length > 0);
    assert.equal(d!.severity, 3);
    assert.match(d!.message, /git-ignored file \(local only\)/);
  });

  it('hovers with provider, rule, masked value, fingerprint, git status and what to do', async () => {
    const path = join(folder, 'src', 'hover.py');
    const k = key();
    const uri = lsp.open(path, `KEY = "${k}"\n`, 'python');
    await lsp.waitForDiagnostics(uri, (ds) => ds.length > 0);
    const hover = await lsp.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 12 } });
    const md = hover.contents.value;
    for (const part of ['OpenAI', '`openai-project-key`', 'sk-proj-…', 'Fingerprint', 'untracked', 'What to do', 'https://platform.openai.com/api-keys']) assert.ok(md.includes(part), part);
    assert.ok(!md.includes(k));
  });

  it('offers quick fixes that produce the expected edits', async () => {
    const path = join(folder, 'app', 'settings.py');
    const k = key();
    const text = `import sys\n\nOPENAI_API_KEY = "${k}"\n`;
    const uri = lsp.open(path, text, 'python');
    const [d] = await lsp.waitForDiagnostics(uri, (ds) => ds.length > 0);
    const actions = await lsp.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d!.range, context: { diagnostics: [d] } });
    const titles = actions.map((a) => a.title);
    assert.deepEqual(titles, [
      'Move the OpenAI secret into .env as OPENAI_API_KEY and reference it',
      'Ignore this OpenAI finding on this line (keysweep:ignore)',
      'Add app/settings.py to .gitignore',
      "Open OpenAI's page to revoke this key",
      'Add this finding to the Keysweep baseline (accept it as known)',
    ]);
    const [move, ignoreLine, gitignore, revoke] = actions;
    // Move to .env: the literal (with its quotes) becomes os.environ[...], `import os` is added, .env is created with
    // the value, and .env is git-ignored.
    const docEdit = move!.edit!.documentChanges!.find((c) => c.textDocument?.uri === uri)!;
    assert.deepEqual(docEdit.edits, [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: 'import os\n' },
      { range: { start: { line: 2, character: 17 }, end: { line: 2, character: 19 + k.length } }, newText: 'os.environ["OPENAI_API_KEY"]' },
    ]);
    const envUri = lsp.uri(join(folder, '.env'));
    assert.ok(move!.edit!.documentChanges!.some((c) => c.kind === 'create' && c.uri === envUri));
    assert.equal(move!.edit!.documentChanges!.find((c) => c.textDocument?.uri === envUri)!.edits![0]!.newText, `OPENAI_API_KEY=${k}\n`);
    const gitignoreEdits = move!.edit!.documentChanges!.filter((c) => c.textDocument?.uri === lsp.uri(join(folder, '.gitignore')));
    assert.equal(gitignoreEdits[0]!.edits![0]!.newText, '.env\n');
    assert.deepEqual(ignoreLine!.edit!.changes![uri], [{ range: { start: { line: 2, character: 19 + k.length }, end: { line: 2, character: 19 + k.length } }, newText: ' # keysweep:ignore' }]);
    assert.equal(gitignore!.edit!.documentChanges![0]!.edits![0]!.newText, '/app/settings.py\n');
    assert.deepEqual(revoke!.command, { title: revoke!.title, command: 'keysweep.openUrl', arguments: ['https://platform.openai.com/api-keys'] });
  });

  it('uses the file language for references and comments (TypeScript)', async () => {
    const path = join(folder, 'src', 'ts-fix.ts');
    const k = key();
    const uri = lsp.open(path, `export const apiKey = '${k}';\n`, 'typescript');
    const [d] = await lsp.waitForDiagnostics(uri, (ds) => ds.length > 0);
    const actions = await lsp.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d!.range, context: { diagnostics: [d] } });
    const edits = actions[0]!.edit!.documentChanges!.find((c) => c.textDocument?.uri === uri)!.edits!;
    assert.deepEqual(edits.map((e) => e.newText), ['process.env.API_KEY']);
    assert.equal(actions[1]!.edit!.changes![uri]![0]!.newText, ' // keysweep:ignore');
  });

  it('the ignore comment the quick fix writes silences the finding', async () => {
    const path = join(folder, 'src', 'ignored.ts');
    const k = key();
    const uri = lsp.open(path, `const k = '${k}';\n`, 'typescript');
    await lsp.waitForDiagnostics(uri, (ds) => ds.length === 1);
    lsp.replace(uri, `const k = '${k}'; // keysweep:ignore\n`);
    await lsp.waitForDiagnostics(uri, (ds) => ds.length === 0);
  });

  it('adds a finding to the baseline file and stops reporting it', async () => {
    const path = join(folder, 'src', 'baseline.ts');
    const uri = lsp.open(path, `const k = '${key()}';\n`, 'typescript');
    const [d] = await lsp.waitForDiagnostics(uri, (ds) => ds.length === 1);
    const actions = await lsp.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d!.range, context: { diagnostics: [d] } });
    const add = actions.find((a) => a.title.startsWith('Add this finding to the Keysweep baseline'))!;
    await lsp.request('workspace/executeCommand', { command: add.command!.command, arguments: add.command!.arguments });
    await lsp.waitForDiagnostics(uri, (ds) => ds.length === 0);
    const baseline = JSON.parse(readFileSync(join(folder, '.keysweep-baseline.json'), 'utf8'));
    // A new baseline has its own random salt: the entry is the finding's fingerprint made again under it.
    assert.equal(baseline.version, 2);
    assert.equal(baseline.kdf.name, 'scrypt');
    assert.equal(baseline.fingerprints.length, 1);
    assert.match(baseline.fingerprints[0], /^[0-9a-f]{32}$/);
    assert.notEqual(baseline.fingerprints[0], (d!.data as { fingerprint: string }).fingerprint);
  });

  it('scans the whole workspace on request, with progress, including files that are not open', async () => {
    writeTree(folder, { 'deep/never-opened.yaml': `openai:\n  key: ${key()}\n` });
    const summary = await lsp.request<{ findings: Array<{ path: string; range: Diagnostic['range']; masked: string; gitStatus: string }>; filesScanned: number }>('keysweep/scanWorkspace', {});
    const f = summary.findings.find((x) => x.path === 'deep/never-opened.yaml');
    assert.ok(f, JSON.stringify(summary.findings.map((x) => x.path)));
    assert.deepEqual(f.range.start, { line: 1, character: 7 });
    assert.equal(f.gitStatus, 'untracked');
    assert.ok(summary.filesScanned >= 5);
    assert.ok(lsp.progress.some((p) => (p as { value: { kind: string } }).value.kind === 'begin'));
    assert.ok(lsp.progress.some((p) => (p as { value: { kind: string } }).value.kind === 'end'));
    // Files that are not open still reach the Problems panel.
    const [d] = await lsp.waitForDiagnostics(lsp.uri(join(folder, 'deep', 'never-opened.yaml')), (ds) => ds.length === 1, 10_000, true);
    assert.deepEqual(d!.range.start, { line: 1, character: 7 });
    assert.equal(d!.severity, 2);
  });

  it('honours .keysweep.json custom rules, and re-scans when it changes', async () => {
    const path = join(folder, 'src', 'custom.sh');
    const uri = lsp.open(path, `export ACME=acme_${expandTemplate('{{alnum:32}}', rand)}\n`, 'shellscript');
    await lsp.waitForDiagnostics(uri, (ds) => ds.length === 0);
    writeFileSync(join(folder, '.keysweep.json'), JSON.stringify({ rules: [{ id: 'acme-token', description: 'ACME token', keywords: ['acme_'], pattern: '\\bacme_[A-Za-z0-9]{32}\\b' }] }));
    lsp.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: lsp.uri(join(folder, '.keysweep.json')), type: 1 }] });
    const [d] = await lsp.waitForDiagnostics(uri, (ds) => ds.length === 1);
    assert.equal(d!.code, 'acme-token');
    // An untrusted workspace runs no workspace-provided rules.
    lsp.notify('keysweep/setTrusted', { trusted: false });
    await lsp.waitForDiagnostics(uri, (ds) => ds.length === 0);
    lsp.notify('keysweep/setTrusted', { trusted: true });
    await lsp.waitForDiagnostics(uri, (ds) => ds.length === 1);
    rmSync(join(folder, '.keysweep.json'));
  });

  it('re-diagnoses when the VS Code settings change (severity by git status, off)', async () => {
    const path = join(folder, 'src', 'settings-change.ts');
    writeTree(folder, { 'src/settings-change.ts': `const k = '${key()}';\n` });
    git(folder, 'add', 'src/settings-change.ts');
    const uri = lsp.open(path, readFileSync(path, 'utf8'), 'typescript');
    await lsp.waitForDiagnostics(uri, (ds) => ds.length === 1 && ds[0]!.severity === 2);
    lsp.notify('workspace/didChangeConfiguration', { settings: { keysweep: { typingDelay: 0, severity: { tracked: 'error' } } } });
    await lsp.waitForDiagnostics(uri, (ds) => ds.length === 1 && ds[0]!.severity === 1);
    lsp.notify('workspace/didChangeConfiguration', { settings: { keysweep: { typingDelay: 0, severity: { tracked: 'off' } } } });
    await lsp.waitForDiagnostics(uri, (ds) => ds.length === 0);
    lsp.notify('workspace/didChangeConfiguration', { settings: { keysweep: { typingDelay: 0 } } });
    await lsp.waitForDiagnostics(uri, (ds) => ds.length === 1 && ds[0]!.severity === 2);
  });

  it('a document edited over maxFileSize is cleared once and not scanned; edited back under, it is scanned again', async () => {
    const dir = tempDir();
    const session = await LspSession.start(dir, { settings: { typingDelay: 0, maxFileSize: 4000 } });
    try {
      const k = key();
      const uri = session.open(join(dir, 'grow.ts'), `const k = '${k}';\n`, 'typescript');
      await session.waitForDiagnostics(uri, (ds) => ds.length === 1);
      const filler = `// ${'x'.repeat(5000)}\n`;
      session.edit(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, filler);
      await session.waitForDiagnostics(uri, (ds) => ds.length === 0);
      for (let i = 0; i < 20; i++) session.edit(uri, { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, ' ');
      session.edit(uri, { start: { line: 0, character: 0 }, end: { line: 1, character: 20 } }, '');
      const [d] = await session.waitForDiagnostics(uri, (ds) => ds.length === 1);
      assert.deepEqual(d!.range.start, { line: 0, character: 11 });
      const cleared = session.traffic.filter((m) => m.includes('publishDiagnostics') && m.includes('"diagnostics":[]')).length;
      assert.equal(cleared, 1, 'cleared once, not once per edit');
    } finally {
      await session.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('never sends a raw secret except inside the "move to .env" edit that writes it to .env', () => {
    const leaking = lsp.traffic.filter((m) => keys.some((k) => m.includes(k)));
    for (const m of leaking) assert.match(m, /"title":"Move the OpenAI secret into \.env/, `leak outside the .env edit: ${m.slice(0, 200)}`);
    assert.ok(existsSync(fileURLToPath(lsp.uri(folder))));
  });
});
