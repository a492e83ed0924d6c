/**
 * The Aho-Corasick keyword prefilter (src/engine/keyword-matcher.ts) finds exactly the keywords that the
 * case-insensitive alternation it replaced finds: on random text built from keyword fragments, letter-case flips
 * and the non-ASCII characters that case-fold to ASCII letters in other modes (Kelvin sign, long s, dotted I,
 * dotless i), for the built-in keywords and for random keyword sets that overlap and nest.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { KeywordMatcher } from '../../src/engine/keyword-matcher';
import { builtinRules } from '../../src/rules';

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** What the engine did before the matcher: one `gi` alternation, longest first, restarted after each hit. */
function viaRegex(keywords: readonly string[], text: string): string[] {
  const re = new RegExp([...keywords].sort((a, b) => b.length - a.length).map(escapeRegex).join('|'), 'gi');
  const found = new Set<string>();
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const hit = m[0].toLowerCase();
    // A hit on a longer keyword stands for every keyword it contains (the rule index does the same).
    for (const k of keywords) if (hit.includes(k)) found.add(k);
    re.lastIndex = m.index + 1;
  }
  return [...found].sort();
}

function viaMatcher(keywords: readonly string[], text: string): string[] {
  const matcher = KeywordMatcher.build(keywords);
  assert.ok(matcher);
  const found = new Set<string>();
  matcher.scan(text, (k) => {
    found.add(keywords[k]!);
    return false;
  });
  return [...found].sort();
}

const ODD = ['\u212A', '\u017F', '\u0130', '\u0131', 'é', '\uD800', '\u0000', '\n', ' ', '😀'];

function textFrom(fragments: readonly string[]) {
  return fc
    .array(
      fc.oneof(
        fc.constantFrom(...fragments),
        fc.constantFrom(...fragments).map((f) => f.toUpperCase()),
        fc.constantFrom(...fragments).map((f) => f.slice(0, Math.max(1, f.length - 1))),
        fc.constantFrom(...ODD),
        fc.string({ maxLength: 6 }),
      ),
      { maxLength: 40 },
    )
    .chain((parts) => fc.array(fc.boolean(), { minLength: parts.join('').length, maxLength: parts.join('').length }).map((flips) => {
      const text = parts.join('');
      let out = '';
      for (let i = 0; i < text.length; i++) out += flips[i] ? text[i]!.toUpperCase().slice(0, 1) || text[i] : text[i];
      return out;
    }));
}

describe('keyword matcher', () => {
  const builtin = [...new Set(builtinRules.flatMap((r) => r.keywords))];

  it('finds the same built-in keywords as the case-insensitive alternation', () => {
    fc.assert(fc.property(textFrom(builtin), (text) => assert.deepEqual(viaMatcher(builtin, text), viaRegex(builtin, text))), { numRuns: 400 });
  });

  it('handles overlapping and nested keyword sets', () => {
    const keyword = fc.stringMatching(/^[a-c_:.-]{2,5}$/);
    fc.assert(
      fc.property(
        fc.uniqueArray(keyword, { minLength: 1, maxLength: 12 }).chain((keywords) => fc.tuple(fc.constant(keywords), textFrom([...keywords, 'a', 'b', 'c']))),
        ([keywords, text]) => assert.deepEqual(viaMatcher(keywords, text), viaRegex(keywords, text)),
      ),
      { numRuns: 400 },
    );
  });

  it('reports every occurrence, and stops when asked', () => {
    const matcher = KeywordMatcher.build(['ab', 'b', 'abc'])!;
    const hits: number[] = [];
    matcher.scan('xABcab', (k) => {
      hits.push(k);
      return false;
    });
    assert.deepEqual(hits.sort(), [0, 0, 1, 1, 2]);
    let calls = 0;
    matcher.scan('ab ab ab', () => ++calls === 1);
    assert.equal(calls, 1);
  });

  it('declines keywords that are not ASCII (the scanner keeps the regex for them)', () => {
    assert.equal(KeywordMatcher.build(['пароль', 'token']), undefined);
  });
});
