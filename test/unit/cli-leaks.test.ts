/**
 * No output of the CLI contains a secret: the generated corpus (every file type, 40+ planted secrets from many
 * rules) is scanned in every format, to stdout and to a file, and each output is searched for every planted value —
 * whole, and any 12-character piece of it beyond what a mask may show.
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generateCorpus, type Corpus } from '../support/corpus';
import { runCli, tempDir } from '../support/cli';

function pieces(value: string): string[] {
  // A mask shows a known prefix and at most 4 trailing characters: any 12 consecutive characters from after the
  // first 16 and before the last 4 must never appear.
  const out: string[] = [];
  const middle = value.slice(16, Math.max(16, value.length - 4));
  for (let i = 0; i + 12 <= middle.length; i += 6) out.push(middle.slice(i, i + 12));
  return out;
}

describe('CLI output never contains a secret', () => {
  let dir: string;
  let corpus: Corpus;
  const outputs: Record<string, string> = {};

  before(() => {
    dir = tempDir('keysweep-leaks-');
    corpus = generateCorpus(dir);
    for (const format of ['text', 'json', 'sarif']) {
      const r = runCli(['scan', '.', '--format', format], { cwd: dir });
      assert.equal(r.status, 1, r.stderr);
      outputs[format] = r.stdout + r.stderr;
      const file = join(dir, '..', `out-${format}-${process.pid}`);
      runCli(['scan', '.', '--format', format, '--output', file], { cwd: dir });
      outputs[`${format} file`] = readFileSync(file, 'utf8');
      rmSync(file);
    }
    // Errors too: a broken config, a broken baseline next to the secrets.
    outputs.errors = runCli(['scan', '.', '--baseline', corpus.planted[0]!.path], { cwd: dir }).stderr;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the planted secrets (the outputs are not empty)', () => {
    assert.ok(corpus.planted.length >= 40);
    const json = JSON.parse(outputs.json!) as { findings: unknown[] };
    assert.ok(json.findings.length >= corpus.planted.length);
  });

  it('no planted value, nor any long piece of one, appears in text, json, sarif, output files or errors', () => {
    for (const [name, text] of Object.entries(outputs)) {
      for (const p of corpus.planted) {
        assert.ok(!text.includes(p.value), `${name} output contains the ${p.ruleId} value planted in ${p.path}`);
        for (const piece of pieces(p.value)) assert.ok(!text.includes(piece), `${name} output contains part of the ${p.ruleId} value planted in ${p.path}`);
      }
    }
  });
});
