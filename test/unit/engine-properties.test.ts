/**
 * Properties of the engine on inputs nobody wrote by hand:
 *
 * (a) random and adversarial text (any UTF-16 code unit including lone surrogates and control characters, huge
 *     lines, fragments of every rule keyword and armor line) never makes scanText throw, every finding points at a
 *     real span of the text, and no finding's masked value contains the raw secret;
 * (b) every built-in rule runs in linear time: for each rule an adversarial single-line input built from that rule
 *     (keyword + its positive example cut just before the end of the secret + filler, the secret's alphabet run on
 *     without a terminator, the keyword repeated) is scanned at 100 KB and 1 MB with only that rule compiled, and the
 *     1 MB time must stay under 25 x the 100 KB time + 50 ms. A backtracking blow-up is quadratic or worse, so it
 *     shows as a ratio near 100, not 10. The worst ratios are printed.
 */
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compileRuleSet, scanText } from '../../src/engine';
import type { CompiledRuleSet, RuleSpec } from '../../src/engine/types';
import { expandTemplate, seedFrom, seededRandom } from '../../src/rules/example-template';
import { builtinRules } from '../../src/rules';
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
    assert.match(f.fingerprint, /^[0-9a-f]{16}$/);
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

const KB100 = 100 * 1024;
const MB1 = 1024 * 1024;

/** The characters a secret is made of, to run it on past any bound. */
function alphabetOf(secret: string): string {
  const chars = [...new Set(secret.replace(/\s/g, ''))];
  return chars.length > 0 ? chars.join('') : 'a';
}

/** Pieces of adversarial text for one rule; joined and repeated to the wanted size. */
function adversarialUnits(rule: RuleSpec): { path: string; units: string[] } {
  const rand = seededRandom(seedFrom(`linear:${rule.id}`));
  const { path, text } = concreteExample(rule, rule.examples.positive[0]!, 0, 'positive');
  const set = compileRuleSet([rule]);
  const found = scanText(text, path, set)[0];
  const [start, end] = found ? [found.start, found.end] : [0, text.length];
  const secret = text.slice(start, end);
  const alphabet = alphabetOf(secret);
  const filler = (n: number): string => expandTemplate(`{{alnum:${n}}}`, rand);
  const run = (n: number): string => Array.from({ length: n }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
  const flat = (s: string): string => s.replace(/[\r\n]+/g, ' ');
  const keyword = rule.keywords[0]!;
  const cutAt = Math.max(start + 1, end - 2);
  return {
    path,
    units: [
      // the example cut just before the end of its secret, with and without its line breaks
      `${keyword} ${flat(text.slice(0, cutAt))} ${filler(1 + Math.floor(rand() * 20))} `,
      text.slice(0, cutAt),
      // the secret's prefix run on in its own alphabet, long enough to pass any bound, without the closing part
      `${flat(text.slice(0, start + Math.min(12, secret.length)))}${run(3000)}`,
      // the keyword over and over, then the start of the example
      `${keyword.repeat(40)}${flat(text.slice(0, Math.min(text.length, start + 4)))}`,
      // keyword + half a secret, tightly packed
      `${keyword}${secret.slice(0, Math.ceil(secret.length / 2))}`.repeat(8),
    ],
  };
}

function buildInput(units: string[], size: number): string {
  const block = units.join(' ');
  return block.repeat(Math.ceil(size / block.length)).slice(0, size);
}

function timeScan(text: string, path: string, set: CompiledRuleSet): number {
  const t0 = performance.now();
  scanText(text, path, set, { maxFindings: Number.MAX_SAFE_INTEGER });
  return performance.now() - t0;
}

function best(n: number, f: () => number): number {
  let min = Infinity;
  for (let i = 0; i < n; i++) min = Math.min(min, f());
  return min;
}

describe('linear time of every built-in rule', () => {
  it('scans 1 MB of adversarial input within 25 x the 100 KB time + 50 ms', { timeout: 240_000 }, () => {
    const results: { id: string; t100k: number; t1m: number; ratio: number }[] = [];
    const failures: string[] = [];
    const started = performance.now();
    for (const rule of builtinRules) {
      const set = compileRuleSet([rule]);
      const { path, units } = adversarialUnits(rule);
      const small = buildInput(units, KB100);
      const large = buildInput(units, MB1);
      timeScan(small.slice(0, 4096), path, set); // warm up: the regex tiers up from the interpreter to native code
      const t100k = best(3, () => timeScan(small, path, set));
      const limit = 25 * t100k + 50;
      let t1m = timeScan(large, path, set);
      if (t1m > limit) t1m = Math.min(t1m, best(2, () => timeScan(large, path, set)));
      results.push({ id: rule.id, t100k, t1m, ratio: t1m / Math.max(t100k, 0.05) });
      if (t1m > limit) failures.push(`${rule.id}: 100 KB ${t100k.toFixed(1)} ms, 1 MB ${t1m.toFixed(1)} ms (limit ${limit.toFixed(1)} ms)`);
    }
    results.sort((a, b) => b.ratio - a.ratio);
    const slowest = [...results].sort((a, b) => b.t1m - a.t1m).slice(0, 5);
    console.log(
      `linear time: ${results.length} rules in ${((performance.now() - started) / 1000).toFixed(1)} s; worst ratios (1 MB / 100 KB):\n` +
        results.slice(0, 8).map((r) => `  ${r.id}: ${r.ratio.toFixed(1)} (${r.t100k.toFixed(1)} -> ${r.t1m.toFixed(1)} ms)`).join('\n') +
        `\nslowest at 1 MB:\n${slowest.map((r) => `  ${r.id}: ${r.t1m.toFixed(1)} ms`).join('\n')}`,
    );
    assert.deepEqual(failures, []);
  });
});
