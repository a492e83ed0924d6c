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
import { findLeak } from '../support/leaks';

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
    // A mask shows a known prefix and at most 4 trailing characters: no 12 consecutive characters after the first 16
    // (the longest prefix a mask may show) and before the last 4 may appear.
    const planted = corpus.planted.map((p) => ({ label: `${p.ruleId} value planted in ${p.path}`, value: p.value.slice(0, Math.max(16, p.value.length - 4)), prefix: p.value.slice(0, 16) }));
    assert.equal(findLeak(outputs, planted, 12, 6), undefined);
  });
});
