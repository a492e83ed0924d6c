/**
 * The language server against hostile clients and documents (issue 8, items 5, 11 and 12), over real JSON-RPC:
 * URIs that name no local file must not end the server; a burst of edits must cost about the edits, not the
 * document's size times the edits, even above maxFileSize; and what the server shows the user (hovers, messages)
 * must carry no injected Markdown, control or bidi character from a rule or a file.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { hasUnsafeCharacters } from '../../src/engine/printable';
import { tempDir } from '../support/cli';
import { openaiKey, removeTree, token } from '../support/hostile-tree';
import { LspSession, type Diagnostic } from '../support/lsp-client';

interface Hover {
  contents: { value: string };
}

/** A hover within `ms`, or a failure that says how long it took (waiting up to 20 s more). */
async function hoverWithin(lsp: LspSession, uri: string, line: number, character: number, ms: number, started: number): Promise<Hover> {
  const hover = await Promise.race([
    lsp.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } }),
    new Promise<'late'>((r) => setTimeout(() => r('late'), ms + 20_000)),
  ]);
  const elapsed = performance.now() - started;
  assert.notEqual(hover, 'late', `no hover within ${((ms + 20_000) / 1000).toFixed(0)} s`);
  assert.ok(hover, 'the hover on the small document found no finding');
  assert.ok(elapsed < ms, `the hover was answered after ${(elapsed / 1000).toFixed(1)} s (bound: ${ms / 1000} s)`);
  return hover as Hover;
}

function alive(lsp: LspSession): void {
  assert.equal(lsp.child.exitCode, null, 'the language server exited');
  assert.equal(lsp.child.signalCode, null, 'the language server was killed');
}

describe('document URIs that name no local file', () => {
  let folder: string;
  let lsp: LspSession;
  before(async () => {
    folder = tempDir();
    lsp = await LspSession.start(folder);
  });
  after(async () => {
    await lsp.stop();
    removeTree(folder);
  });

  it('are scanned with the built-in rules as "not a file", and the server keeps answering', async () => {
    const odd = [
      'file://host/share/x.env',
      `file://${'h'.repeat(300)}.example/x.env`,
      `${lsp.uri(folder)}/a%2Fb.env`,
      `${lsp.uri(folder)}/a%5Cb.env`,
      `${lsp.uri(folder)}/nul%00byte.env`,
      `${lsp.uri(folder)}/bad%ZZescape.env`,
      `${lsp.uri(folder)}/broken%E0%A4.env`,
      `${lsp.uri(folder)}/../../../../etc/passwd.env`,
      `${lsp.uri(folder)}/${'deep/'.repeat(4000)}x.env`,
      'file:relative.env',
      'file:',
      'FILE:///tmp/upper.env',
      'untitled:Untitled-1',
      'vscode-notebook-cell:/tmp/nb.ipynb#W0sZmlsZQ%3D%3D',
      'vscode-remote://ssh-remote+host/home/u/.env',
      'not a uri at all',
      '',
    ];
    for (const [i, uri] of odd.entries()) {
      void lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dotenv', version: 1, text: `KEY_${i}=${openaiKey()}\n` } });
    }
    for (const uri of odd) {
      const [d] = await lsp.waitForDiagnostics(uri, (ds) => ds.length === 1, 20_000, true);
      assert.equal(d!.code, 'openai-project-key', uri);
    }
    // Edits, hovers, quick fixes and closes on them are answered too.
    for (const uri of odd) {
      void lsp.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# ' }] });
      const d = (await lsp.waitForDiagnostics(uri, () => true, 20_000, true))[0];
      await lsp.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 12 } });
      if (d) await lsp.request('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
    }
    lsp.notify('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: 'file://host/share', name: 'remote' }, { uri: 'untitled:x', name: 'odd' }], removed: [] } });
    lsp.notify('textDocument/didSave', { textDocument: { uri: odd[0] } });
    for (const uri of odd) lsp.notify('textDocument/didClose', { textDocument: { uri } });

    // A normal document still gets diagnostics and hovers.
    const uri = lsp.open(join(folder, 'normal.env'), `OPENAI_API_KEY=${openaiKey()}\n`);
    await lsp.waitForDiagnostics(uri, (ds) => ds.length === 1, 20_000, true);
    const hover = await lsp.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 20 } });
    assert.ok(hover?.contents.value.includes('openai-project-key'));
    alive(lsp);
  });
});

describe('rapid edits', () => {
  const line = 'export const value = compute(first, second, third); // a comment of some length here\n';

  async function burst(megabytes: number, edits: number, bound: number): Promise<void> {
    const folder = tempDir();
    const lsp = await LspSession.start(folder, { settings: { typingDelay: 0 } });
    try {
      const small = lsp.open(join(folder, 'small.ts'), `const k = '${openaiKey()}';\n`, 'typescript');
      await lsp.waitForDiagnostics(small, (ds) => ds.length === 1, 20_000, true);
      const lines = Math.ceil((megabytes * 1024 * 1024) / line.length);
      // Keys every 5,000 lines: found by a scan under the size limit, and ignored above it.
      const keyLines = new Map<number, string>();
      const text = Array.from({ length: lines }, (_, i) => {
        if (i % 5000 !== 2500) return line;
        const k = `  const apiKey = '${openaiKey()}';\n`;
        keyLines.set(i, k);
        return k;
      }).join('');
      const big = lsp.open(join(folder, 'big.ts'), text, 'typescript');
      const oversized = text.length > 2 * 1024 * 1024;
      await lsp.waitForDiagnostics(big, (ds) => ds.length === (oversized ? 0 : keyLines.size), 120_000, true);

      const started = performance.now();
      let version = 1;
      for (let i = 0; i < edits; i++) {
        let at = (i * 7919) % lines;
        if (keyLines.has(at)) at++;
        version = lsp.edit(big, { start: { line: at, character: 0 }, end: { line: at, character: 0 } }, 'x');
      }
      await hoverWithin(lsp, small, 0, 15, bound, started);

      if (oversized) {
        // Above the limit nothing is reported; back under it (the whole text replaced) the document is scanned again.
        assert.deepEqual(await lsp.waitForDiagnostics(big, () => true, 1000, true), []);
        lsp.replace(big, `const k = '${openaiKey()}';\n`);
        const [d] = await lsp.waitForDiagnostics(big, (ds) => ds.length === 1, 20_000, true);
        assert.deepEqual(d!.range.start, { line: 0, character: 11 });
      } else {
        // Every edit was applied: the keys are where they were, and one typed after the burst is found in place.
        const k = openaiKey();
        lsp.edit(big, { start: { line: 10, character: 0 }, end: { line: 10, character: 0 } }, `const fresh = '${k}';\n`);
        const ds = await lsp.waitForDiagnostics(big, (x) => x.length === keyLines.size + 1, 30_000, true);
        const starts = ds.map((d: Diagnostic) => d.range.start).sort((a, b) => a.line - b.line);
        assert.deepEqual(starts, [{ line: 10, character: 15 }, ...[...keyLines.keys()].map((l) => ({ line: l + 1, character: 18 }))]);
        assert.ok(version > edits);
      }
      alive(lsp);
    } finally {
      await lsp.stop();
      removeTree(folder);
    }
  }

  it('1,000 edits to a 20 MB document (over maxFileSize): a hover on another document within 10 s', { timeout: 300_000 }, () => burst(20, 1000, 10_000));
  it('10,000 edits to a 1.5 MB document: a hover on another document within 10 s, and the findings exact', { timeout: 300_000 }, () => burst(1.5, 10_000, 10_000));
});

describe('files a quick fix reads', () => {
  it('a .gitignore and a .env that are FIFOs hang no request (a FIFO read would hold a thread-pool thread)', { skip: process.platform === 'win32' }, async () => {
    const folder = tempDir();
    spawnSync('mkfifo', [join(folder, '.gitignore'), join(folder, '.env')]);
    const lsp = await LspSession.start(folder);
    try {
      const uri = lsp.open(join(folder, 'app.py'), `KEY = "${openaiKey()}"\n`, 'python');
      const [d] = await lsp.waitForDiagnostics(uri, (ds) => ds.length === 1);
      // More requests than libuv has threads (4): each blocked read would take one for good.
      for (let i = 0; i < 6; i++) {
        const actions = await Promise.race([
          lsp.request<Array<{ title: string }>>('textDocument/codeAction', { textDocument: { uri }, range: d!.range, context: { diagnostics: [d] } }),
          new Promise<'late'>((r) => setTimeout(() => r('late'), 5000)),
        ]);
        assert.notEqual(actions, 'late', `code action request ${i + 1} did not answer`);
        assert.ok(!(actions as Array<{ title: string }>).some((a) => /\.gitignore|\.env/.test(a.title)), 'a fix that edits a FIFO was offered');
      }
      const summary = await Promise.race([lsp.request<{ filesScanned: number }>('keysweep/scanWorkspace', {}), new Promise<'late'>((r) => setTimeout(() => r('late'), 20_000))]);
      assert.notEqual(summary, 'late', 'the workspace scan did not answer');
      alive(lsp);
    } finally {
      await lsp.stop();
      removeTree(folder);
    }
  });
});

describe('what the server shows the user', () => {
  let folder: string;
  let lsp: LspSession;
  before(async () => {
    folder = tempDir();
    writeFileSync(
      join(folder, '.keysweep.json'),
      JSON.stringify({
        rules: [
          {
            id: 'acme-token',
            // Control, line-break and bidi characters are refused by the config schema (config.test.ts, names.test.ts);
            // what a one-line printable description can still try is Markdown.
            description: 'ACME [click](https://evil.example/) <img src=x onerror=alert(1)> **bold** | cell',
            provider: 'Evil](https://evil.example/x) <b>`',
            keywords: ['acme_'],
            pattern: '\\bacme_[A-Za-z0-9]{32}\\b',
            revokeUrl: 'https://acme.example/revoke)[evil](https://evil.example/',
          },
        ],
      }),
    );
    lsp = await LspSession.start(folder);
  });
  after(async () => {
    await lsp.stop();
    removeTree(folder);
  });

  it('a hover cannot be given links, images, HTML or table cells by a rule', async () => {
    const uri = lsp.open(join(folder, 'deploy.sh'), `export ACME=acme_${token(32)}\n`, 'shellscript');
    const [d] = await lsp.waitForDiagnostics(uri, (ds) => ds.length === 1);
    assert.ok(!hasUnsafeCharacters(d!.message), d!.message);
    const hover = await lsp.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 16 } });
    const md = hover.contents.value;
    assert.ok(!md.split('\n').some(hasUnsafeCharacters), md);
    const links = md.match(/(?<!\\)\]\(/g) ?? [];
    assert.equal(links.length, 1, `one link (the revoke page), not ${links.length}:\n${md}`);
    assert.ok(md.endsWith("'s revoke page](<https://acme.example/revoke%29%5Bevil%5D%28https://evil.example/>)"), md);
    assert.deepEqual(md.match(/(?<!\\|\]\()</g), null, `raw HTML:\n${md}`);
    assert.ok(!/(?<!\\)\*\*bold/.test(md), md);
    for (const row of md.split('\n').filter((l) => l.startsWith('| '))) assert.equal(row.match(/(?<!\\)\|/g)!.length, 3, row);
  });

  it('a config problem is shown as one plain line, whatever the config holds', async () => {
    const other = tempDir();
    writeFileSync(join(other, '.keysweep.json'), JSON.stringify({ [`\u001b]52;c;eA==\u0007x\nforged \u202e`]: 1 }));
    const session = await LspSession.start(other);
    try {
      const uri = session.open(join(other, 'a.env'), `K=${openaiKey()}\n`);
      await session.waitForDiagnostics(uri, (ds) => ds.length === 1);
      const shown = session.traffic
        .map((m) => JSON.parse(m) as { method?: string; params?: { message?: string } })
        .filter((m) => m.method === 'window/showMessage' || m.method === 'window/showMessageRequest');
      assert.ok(shown.length > 0, 'the config problem was not shown');
      for (const m of shown) assert.ok(!hasUnsafeCharacters(m.params!.message!), JSON.stringify(m.params!.message));
    } finally {
      await session.stop();
      removeTree(other);
    }
  });
});
