/**
 * The language server's chunked document text gives the same text, offsets and positions as
 * vscode-languageserver-textdocument after any sequence of LSP edits — CRLF, lone CR, out-of-range and reversed
 * ranges included — with chunks small enough that every edit crosses chunk boundaries.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TextBuffer } from '../../src/server/text-buffer';

const piece = fc.constantFrom('a', 'bc', '\n', '\r', '\r\n', 'é', '😀', '  ', 'xyz\r\n');
const text = fc.array(piece, { maxLength: 40 }).map((p) => p.join(''));
const position = fc.record({ line: fc.integer({ min: -1, max: 12 }), character: fc.integer({ min: -1, max: 12 }) });
const change = fc.oneof(
  { weight: 9, arbitrary: fc.record({ range: fc.record({ start: position, end: position }), text }) },
  { weight: 1, arbitrary: fc.record({ text }) },
);

function sameAs(buffer: TextBuffer, doc: TextDocument): void {
  const content = doc.getText();
  assert.equal(buffer.getText(), content);
  assert.equal(buffer.length, content.length);
  assert.equal(buffer.lineCount, doc.lineCount);
  for (let offset = -1; offset <= content.length + 1; offset++) assert.deepEqual(buffer.positionAt(offset), doc.positionAt(offset), `positionAt(${offset})`);
  for (let line = -1; line <= doc.lineCount + 1; line++) {
    for (let character = -1; character <= 8; character++) assert.equal(buffer.offsetAt({ line, character }), doc.offsetAt({ line, character }), `offsetAt(${line}, ${character})`);
  }
  for (let start = 0; start <= content.length; start += 3) assert.equal(buffer.slice(start, start + 5), content.slice(start, start + 5));
}

describe('TextBuffer', () => {
  it('matches TextDocument through random edits, across chunk boundaries', () => {
    fc.assert(
      fc.property(text, fc.array(change, { maxLength: 25 }), fc.integer({ min: 1, max: 6 }), (initial, changes, chunk) => {
        const doc = TextDocument.create('file:///a.txt', 'plaintext', 1, initial);
        const buffer = new TextBuffer(initial, chunk);
        sameAs(buffer, doc);
        let version = 1;
        for (const raw of changes) {
          // Lines past the end are clamped: TextDocument.update mis-counts lines for them (an editor never sends them).
          const inRange = (p: { line: number; character: number }) => ({ ...p, line: Math.min(Math.max(p.line, 0), doc.lineCount - 1) });
          const c = 'range' in raw ? { ...raw, range: { start: inRange(raw.range.start), end: inRange(raw.range.end) } } : raw;
          buffer.applyChange(c);
          TextDocument.update(doc, [c], ++version);
          sameAs(buffer, doc);
        }
      }),
      { numRuns: Number(process.env.RUNS ?? 400) },
    );
  });

  it('an edit to a 20 MB text costs about one chunk, not the text', () => {
    const line = 'export const value = compute(first, second, third); // some comment text here\n';
    const buffer = new TextBuffer(line.repeat(Math.ceil((20 * 1024 * 1024) / line.length)));
    const lines = buffer.lineCount;
    const started = performance.now();
    for (let i = 0; i < 10_000; i++) {
      const at = { line: (i * 7919) % lines, character: 3 };
      buffer.applyChange({ range: { start: at, end: at }, text: i % 50 === 0 ? 'x\r\ny' : 'x' });
    }
    const elapsed = performance.now() - started;
    assert.equal(buffer.lineCount, lines + 200);
    // About 0.2 s here; TextDocument copies the 20 MB on each edit (minutes for 10,000).
    assert.ok(elapsed < 15_000, `10,000 edits took ${elapsed.toFixed(0)} ms`);
  });
});
