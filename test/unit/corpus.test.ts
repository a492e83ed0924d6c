/**
 * Precision and recall on a generated workspace (test/support/corpus.ts): every planted secret is found at its file
 * and line by the expected rule, nothing else is reported in those files, and the look-alike files (placeholders,
 * masked values, env references, hashes, lock files, public keys, checksum-invalid tokens…) produce no finding.
 *
 * Overlaps: where several rules match one value (a `ghs_` token inside `https://user:<token>@github.com` is also a
 * URL credential; an AWS secret next to its key ID is also a paired secret), the engine keeps the rule listed first,
 * and the corpus records that rule. So the expected rule id is exact, not "some rule at that line".
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { compileRuleSet, scanText } from '../../src/engine';
import type { Finding } from '../../src/engine/types';
import { builtinRules } from '../../src/rules';
import { generateCorpus, type Corpus } from '../support/corpus';

const ruleSet = compileRuleSet(builtinRules);

describe('generated corpus', () => {
  let dir: string;
  let corpus: Corpus;
  const findingsByPath = new Map<string, { text: string; findings: Finding[] }>();

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'keysweep-corpus-'));
    corpus = generateCorpus(dir);
    const paths = new Set([...corpus.planted.map((p) => p.path), ...corpus.lookalikeFiles]);
    for (const path of paths) {
      const text = readFileSync(join(dir, ...path.split('/')), 'utf8');
      findingsByPath.set(path, { text, findings: scanText(text, path, ruleSet) });
    }
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('plants at least 40 secrets from at least 25 rules across the file types', () => {
    const rules = new Set(corpus.planted.map((p) => p.ruleId));
    const files = new Set(corpus.planted.map((p) => p.path));
    assert.ok(corpus.planted.length >= 40, `only ${corpus.planted.length} planted`);
    assert.ok(rules.size >= 25, `only ${rules.size} rules`);
    for (const ext of ['.env', '.env.local', '.json', '.yaml', '.py', '.ts', '.java', '.sh', 'Dockerfile', '.md', '.ipynb', '.pem', '.npmrc']) {
      assert.ok([...files].some((f) => f.endsWith(ext)), `no planted file ending in ${ext}`);
    }
    assert.ok(files.has('.docker/config.json'));
    console.log(`corpus: ${corpus.planted.length} planted secrets, ${rules.size} rules, ${files.size} files; ${corpus.lookalikeFiles.length} look-alike files`);
  });

  it('finds every planted secret at its file and line, with the expected rule and exact span', () => {
    const problems: string[] = [];
    for (const p of corpus.planted) {
      const { text, findings } = findingsByPath.get(p.path)!;
      const hit = findings.find((f) => f.line === p.line && f.ruleId === p.ruleId);
      if (!hit) {
        const here = findings.filter((f) => f.line === p.line).map((f) => f.ruleId);
        problems.push(`${p.path}:${p.line} expected ${p.ruleId}, found ${here.length ? here.join(', ') : 'nothing'}`);
        continue;
      }
      if (text.slice(hit.start, hit.end) !== p.value) problems.push(`${p.path}:${p.line} ${p.ruleId}: span is not the planted value`);
    }
    assert.deepEqual(problems, []);
  });

  it('reports nothing in the planted files but the planted secrets', () => {
    const extra: string[] = [];
    for (const [path, { findings }] of findingsByPath) {
      for (const f of findings) {
        const expected = corpus.planted.some((p) => p.path === path && p.line === f.line && p.ruleId === f.ruleId);
        if (!expected && !corpus.lookalikeFiles.includes(path)) extra.push(`${path}:${f.line} ${f.ruleId} ${f.masked}`);
      }
    }
    assert.deepEqual(extra, []);
  });

  it('reports nothing in the look-alike files', () => {
    const fps: string[] = [];
    for (const path of corpus.lookalikeFiles) {
      for (const f of findingsByPath.get(path)!.findings) fps.push(`${path}:${f.line} ${f.ruleId} ${f.masked}`);
    }
    assert.deepEqual(fps, []);
  });

  it('never puts a planted value in a finding', () => {
    for (const [path, { findings }] of findingsByPath) {
      const serialized = JSON.stringify(findings);
      for (const p of corpus.planted) {
        if (p.path === path) assert.ok(!serialized.includes(p.value), `${p.path}:${p.line} ${p.ruleId} value leaked into a finding`);
      }
    }
  });

  it('is deterministic', () => {
    const again = mkdtempSync(join(tmpdir(), 'keysweep-corpus-'));
    try {
      const second = generateCorpus(again);
      assert.deepEqual(second, corpus);
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });
});
