/**
 * Properties of the engine on inputs nobody wrote by hand:
 *
 * (a) random and adversarial text (any UTF-16 code unit including lone surrogates and control characters, huge
 *     lines, fragments of every rule keyword and armor line) never makes scanText throw, every finding points at a
 *     real span of the text, and no finding's masked value contains the raw secret;
 * (b) every built-in rule runs in linear time: for each rule, adversarial inputs built from that rule (see
 *     test/support/linear-time.ts) are scanned at 100 KB and 1 MB with only that rule compiled, and the 1 MB time
 *     must stay under 25 x the 100 KB time + 50 ms. A backtracking blow-up is quadratic or worse, so it shows as a
 *     ratio near 100, not 10. Measured in a worker thread, so a rule that never finishes is reported by id rather
 *     than hanging the run. The worst ratios are printed.
 */
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compileRuleSet, scanText } from '../../src/engine';
import type { CompiledRuleSet, RuleSpec } from '../../src/engine/types';
import { builtinRules } from '../../src/rules';
import { measureRules } from '../support/linear-time';
import { concreteExample } from '../support/rule-examples';

const fullSet = compileRuleSet(builtinRules);

/** Strings that make rules start matching: every keyword, armor lines, assignment shapes, odd code units. */
const FRAGMENTS = [
  ...new Set(builtinRules.flatMap((r) => r.keywords)),
  'sk-proj-', 'T3BlbkFJ', 'ghp_', 'github_pat_', 'npm_', 'AKIA', 'xoxb-', 'eyJ', 'eyJhbGciOiJIUzI1NiJ9.',
  '-----BEGIN', '-----BEGIN PRIVATE KEY-----', '-----BEGIN RSA PRIVATE KEY-----\n', '-----END PRIVATE KEY-----',
  '-----BEGIN OPENSSH PRIVATE KEY-----', '-----BEGIN PGP PRIVATE KEY BLOCK-----', 'PuTTY-User-Key-File-3: ',
  'Private-Lines: 2\n', 'Private-MAC: ', '"private_key": "', '\\n', '\\\\n', 'Proc-Type: 4,ENCRYPTED\n',
  'Authorization: Bearer ', 'Authorization: Basic ', 'password=', 'api_key: "', 'token = \'', '://', ':@', '@',
  '"auths": {', '"auth": "', '_authToken=', 'aws_secret_access_key = ', 'oauth_token: ', 'client-key-data: LS0tLS1CRUdJTi',
  '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\u0000', '\u0007', '\u001B[31m', '\u202E', '\uFEFF', '\u2028', '😀', 'é', '\r', '\r\n',
];

const PATHS = [
  'a.txt', '.env', 'app/.env.local', 'src/x.ts', '.npmrc', 'home/.codex/auth.json', '.claude/.credentials.json',
  '.docker/config.json', 'home/.netrc', '.git-credentials', 'home/.kube/config', '.pgpass', '.aws/credentials',
  '.mcp.json', 'home/.cache/huggingface/token', 'keys/k.ppk', 'weird/päth with spaces/ü.json',
];

const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const piece = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...FRAGMENTS) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: codeUnit, maxLength: 20 }) },
  { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom(...'ABCDEFabcdef0123456789+/=_-.'), minLength: 8, maxLength: 120 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
);
const adversarialText = fc.array(piece, { maxLength: 60 }).map((parts) => parts.join(''));

/** Checks one scan's findings against the text; returns nothing, throws on the first violation. */
function checkFindings(text: string, path: string, set: CompiledRuleSet = fullSet): void {
  const findings = scanText(text, path, set);
  for (const f of findings) {
    assert.ok(f.start >= 0 && f.start < f.end && f.end <= text.length, `${f.ruleId}: bad span ${f.start}-${f.end}`);
    const secret = text.slice(f.start, f.end);
    assert.ok(!f.masked.includes(secret), `${f.ruleId}: masked value contains the secret`);
    assert.ok(f.masked.length <= 16 + 1 + 4, `${f.ruleId}: masked value too long (${f.masked.length})`);
    // The reported position is the secret's first character.
    const lineStart = f.start - (f.column - 1);
    assert.equal(text.split('\n').slice(0, f.line - 1).join('\n').length + (f.line > 1 ? 1 : 0), lineStart, `${f.ruleId}: line/column`);
    assert.match(f.fingerprint, /^[0-9a-f]{32}$/);
  }
}

describe('engine on random and adversarial text', () => {
  it('never throws, and findings point at real spans and never show the secret', () => {
    fc.assert(
      fc.property(adversarialText, fc.constantFrom(...PATHS), (text, path) => {
        checkFindings(text, path);
      }),
      { numRuns: 400, seed: 20260821 },
    );
  });

  it('survives every rule positive example planted in noise', () => {
    const examples = builtinRules.flatMap((rule) =>
      rule.examples.positive.map((ex, i) => concreteExample(rule, ex, i, 'positive')),
    );
    fc.assert(
      fc.property(fc.constantFrom(...examples), adversarialText, adversarialText, (ex, before, after) => {
        checkFindings(`${before}${ex.text}${after}`, ex.path);
        checkFindings(`${before}\n${ex.text}\n${after}`, ex.path);
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it('survives huge lines, lone surrogates and control characters', () => {
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 8 }), fc.integer({ min: 2_000, max: 20_000 }), (parts, times) => {
        const unit = parts.join('');
        const text = unit.repeat(Math.max(1, Math.floor((times * 10) / Math.max(1, unit.length))));
        checkFindings(text.slice(0, 200_000), '.env');
      }),
      { numRuns: 25, seed: 99 },
    );
    checkFindings('\uD800'.repeat(50_000) + 'sk-proj-' + '\uDC00'.repeat(50_000), 'a.txt');
    checkFindings('\u0000'.repeat(100_000), 'a.txt');
    checkFindings('', 'a.txt');
  });
});

// ------------------------------------------------------------------ linear time

describe('linear time of every built-in rule', () => {
  it('flags a quadratic rule (the harness itself has teeth)', { timeout: 60_000 }, async () => {
    const quadratic: RuleSpec = {
      id: 'test-quadratic',
      provider: 'Test',
      description: 'an unanchored unbounded run before a literal: quadratic on a long run',
      revokeUrl: 'https://example.invalid',
      keywords: ['zz'],
      pattern: '(?<secret>[A-Za-z0-9]{16,}zz)',
      examples: { positive: ['{{alnum:20}}zz'], negative: [] },
    };
    const { results, hung } = await measureRules([quadratic], 3_000);
    assert.ok(hung.length === 1 || results.some((r) => r.over), `not flagged: ${JSON.stringify(results)}`);
  });

  it('scans 1 MB of adversarial input within 25 x the 100 KB time + 50 ms', { timeout: 300_000 }, async () => {
    const started = performance.now();
    const { results, hung } = await measureRules(builtinRules, 20_000);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    // Ratios of sub-millisecond timings are mostly noise (a GC pause); rank those that take measurable time.
    const byRatio = results.filter((r) => r.t100k >= 0.5).sort((a, b) => b.ratio - a.ratio);
    const bySlowest = [...results].sort((a, b) => b.t1m - a.t1m);
    console.log(
      `linear time: ${results.length} rules measured in ${seconds} s; worst 1 MB / 100 KB ratios (100 KB >= 0.5 ms):\n` +
        byRatio.slice(0, 8).map((r) => `  ${r.id}: ${r.ratio.toFixed(1)} (${r.t100k.toFixed(1)} -> ${r.t1m.toFixed(1)} ms, ${r.input})`).join('\n') +
        `\nslowest at 1 MB:\n${bySlowest.slice(0, 5).map((r) => `  ${r.id}: ${r.t1m.toFixed(1)} ms (${r.input})`).join('\n')}`,
    );
    const over = results
      .filter((r) => r.over)
      .map((r) => `${r.id}: 100 KB ${r.t100k.toFixed(1)} ms, 1 MB ${r.t1m.toFixed(1)} ms on "${r.input}" (limit ${(25 * r.t100k + 50).toFixed(1)} ms)`);
    assert.deepEqual([...hung, ...over], []);
    assert.equal(results.length, builtinRules.length);
  });
});
