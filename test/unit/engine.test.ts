/**
 * Unit tests of the engine's pieces: mask and fingerprint (src/engine/redact.ts), inline ignore comments and the
 * baseline (ignore.ts), the compiler's defences against unsafe custom patterns (compile.ts), and the GitHub/npm
 * CRC32 checksums (checksum.ts, validate.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  applyBaseline,
  compileRule,
  compileRuleSet,
  fingerprint,
  IGNORE_DIRECTIVE,
  isIgnoredByComment,
  mask,
  namedScheme,
  SESSION_SCHEME,
  RuleCompileError,
  scanText,
} from '../../src/engine';
import { base62, crc32, hasValidTokenChecksum } from '../../src/engine/checksum';
import { CUSTOM_PATTERN_MAX_LENGTH } from '../../src/engine/compile';
import type { RuleSpec } from '../../src/engine/types';
import { passesValidators } from '../../src/engine/validate';
import { expandTemplate, seededRandom } from '../../src/rules/example-template';
import { builtinRules } from '../../src/rules';

const rand = seededRandom(424242);
const t = (template: string): string => expandTemplate(template, rand);
const ruleSet = compileRuleSet(builtinRules);

function spec(overrides: Partial<RuleSpec>): RuleSpec {
  return {
    id: 'custom-rule',
    provider: 'Test',
    description: 'a custom rule',
    revokeUrl: 'https://example.invalid',
    keywords: ['acme_'],
    pattern: String.raw`\b(?<secret>acme_[A-Za-z0-9]{32})\b`,
    examples: { positive: [], negative: [] },
    ...overrides,
  };
}

// ------------------------------------------------------------------ mask

/** What a mask shows of the secret: the characters other than the ellipsis (a mask never invents characters). */
function shown(masked: string): string {
  return masked === '****' ? '' : masked.replace('…', '');
}

describe('mask', () => {
  it('shows at most the known prefix and the last 4 characters', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-'), maxLength: 200 }),
        fc.constantFrom('', 'sk-proj-', 'ghp_', 'AKIA', 'xoxb-', 'sk-ant-api03-', 'a-prefix-longer-than-16'),
        (body, prefix) => {
          const secret = prefix + body;
          const masked = mask(secret, prefix);
          const visible = shown(masked);
          assert.ok(visible.length <= Math.min(prefix.length, 16) + 4, `${JSON.stringify(masked)} shows too much`);
          assert.ok(masked.length <= 16 + 1 + 4);
          if (secret.length > 0) assert.ok(!masked.includes(secret) || secret.length === 0);
          if (masked !== '****') {
            const [head, tail] = masked.split('…') as [string, string];
            assert.ok(secret.startsWith(head) && secret.endsWith(tail), 'a mask shows only the real prefix and tail');
          }
        },
      ),
      { numRuns: 500, seed: 1 },
    );
  });

  it('keeps at least 12 characters hidden, whatever the length (engine bug for 12- and 13-character secrets)', () => {
    // Expected: a secret with fewer than 12 + n characters shows at most n of them, so that at least 12 stay hidden
    // (redact.ts: "At least this many characters stay hidden, whatever the prefix and tail").
    for (let length = 1; length <= 64; length++) {
      const secret = t(`{{alnum:${length}}}`);
      for (const prefix of ['', secret.slice(0, 4)]) {
        const hidden = secret.length - shown(mask(secret, prefix)).length;
        assert.ok(hidden >= Math.min(12, secret.length), `length ${length}, prefix "${prefix}": ${mask(secret, prefix)} hides only ${hidden}`);
      }
    }
  });

  it('masks the documented examples as documented', () => {
    const key = `sk-proj-${t('{{alnum:40}}')}Ab12`;
    assert.equal(mask(key, 'sk-proj-'), 'sk-proj-…Ab12');
    assert.equal(mask(key), '…Ab12');
    assert.equal(mask('short'), '****');
    // A "prefix" the secret does not start with, or one too long to be a provider prefix, is not shown.
    assert.equal(mask(key, 'ghp_'), '…Ab12');
    const long = t('{{alnum:60}}');
    assert.equal(mask(long, long.slice(0, 20)), `…${long.slice(-4)}`);
  });

  it('drops whitespace and keeps masks printable on one line', () => {
    const pem = `-----BEGIN PRIVATE KEY-----\n${t('{{b64:64}}')}\n-----END PRIVATE KEY-----\n`;
    assert.ok(!/\s/.test(mask(pem)));
    assert.equal(mask(`${t('{{alnum:30}}')}a\u0000\u0007\u00e9`), '…a???');
  });
});

// ------------------------------------------------------------------ fingerprint

describe('fingerprint', () => {
  it('is a stable 32-hex salted hash of rule id + secret', () => {
    const secret = t('{{alnum:40}}');
    assert.match(fingerprint('r', secret), /^[0-9a-f]{32}$/);
    // The salt is part of it: one project's fingerprints say nothing about another's.
    assert.notEqual(fingerprint('r', secret, namedScheme('a')), fingerprint('r', secret, namedScheme('b')));
    assert.equal(fingerprint('r', secret, namedScheme('a')), fingerprint('r', secret, namedScheme('a')));
    assert.equal(fingerprint('r', secret), fingerprint('r', secret));
    assert.notEqual(fingerprint('r', secret), fingerprint('s', secret));
    assert.notEqual(fingerprint('r', secret), fingerprint('r', `${secret}x`));
    // The separator keeps ("ab", "c") and ("a", "bc") apart.
    assert.notEqual(fingerprint('ab', 'c'), fingerprint('a', 'bc'));
  });

  it('does not change when the secret moves to another line, file or column', () => {
    const token = t('GITHUB_TOKEN={{gh:ghp}}');
    const a = scanText(`${token}\n`, 'a/.env', ruleSet);
    const b = scanText(`# header\n\n\nexport X=1\n    ${token}\n`, 'b/deploy.sh', ruleSet);
    assert.equal(a.length, 1);
    assert.equal(b.length, 1);
    assert.notEqual(a[0]!.line, b[0]!.line);
    assert.equal(a[0]!.fingerprint, b[0]!.fingerprint);
    assert.equal(a[0]!.fingerprint, fingerprint(a[0]!.ruleId, token.slice('GITHUB_TOKEN='.length), SESSION_SCHEME));
    // Under a stable scheme too, and that one is the same in every process.
    const scheme = namedScheme('project');
    const c = scanText(`${token}\n`, 'a/.env', ruleSet, { fingerprint: scheme });
    assert.equal(c[0]!.fingerprint, fingerprint(c[0]!.ruleId, token.slice('GITHUB_TOKEN='.length), scheme));
    assert.notEqual(c[0]!.fingerprint, a[0]!.fingerprint);
  });
});

// ------------------------------------------------------------------ ignore comments and baseline

describe('inline ignore comments', () => {
  const secretLine = (): string => `GITHUB_TOKEN=${t('{{gh:ghp}}')}`;
  const found = (text: string): number => scanText(text, 'x.env', ruleSet).length;

  it('finds the secret without a directive (control)', () => {
    assert.equal(found(`${secretLine()}\n`), 1);
    assert.equal(found(`# an ordinary comment\n${secretLine()}  # see the wiki\n`), 1);
  });

  const sameLine = [
    'keysweep:ignore',
    'gitleaks:allow',
    'trufflehog:ignore',
    'kingfisher:ignore',
    'kingfisher:allow',
    'pragma: allowlist secret',
    'secretlint-disable-line',
    'DevSkim: ignore DS173237',
    'devskim:ignore',
  ];
  for (const directive of sameLine) {
    it(`"${directive}" on the same line suppresses`, () => {
      assert.equal(found(`${secretLine()} # ${directive}\n`), 0);
      assert.equal(found(`const t = "${t('{{gh:ghp}}')}"; // ${directive}\n`), 0);
    });
  }

  const nextLine = ['keysweep:ignore-next-line', 'pragma: allowlist nextline secret', 'secretlint-disable-next-line'];
  for (const directive of nextLine) {
    it(`"${directive}" on the line before suppresses, and only that line`, () => {
      assert.equal(found(`# ${directive}\n${secretLine()}\n`), 0);
      assert.equal(found(`# ${directive}\n\n${secretLine()}\n`), 1, 'a blank line in between: not suppressed');
      assert.equal(found(`${secretLine()} # ${directive}\n`), 1, 'on the same line a next-line directive does not apply');
      assert.equal(found(`# ${directive}\n${secretLine()}\n${secretLine()}\n`), 1, 'the line after next is still reported');
    });
  }

  it('a same-line directive on the previous line does not suppress', () => {
    assert.equal(found(`# keysweep:ignore\n${secretLine()}\n`), 1);
    assert.equal(found(`# gitleaks:allow\n${secretLine()}\n`), 1);
  });

  it('exports the directive a quick fix writes, and isIgnoredByComment agrees with scanText', () => {
    assert.equal(IGNORE_DIRECTIVE, 'keysweep:ignore');
    assert.ok(isIgnoredByComment(`x = 1 // ${IGNORE_DIRECTIVE}`, undefined));
    assert.ok(isIgnoredByComment('x = 1', '// keysweep:ignore-next-line'));
    assert.ok(!isIgnoredByComment('x = 1', undefined));
    assert.ok(!isIgnoredByComment('x = 1', '// keysweep:ignore'));
  });
});

describe('applyBaseline', () => {
  it('drops findings whose fingerprint is in the baseline, keeps the others', () => {
    const text = `A=${t('{{gh:ghp}}')}\nB=${t('{{gh:ghp}}')}\nC=${t('{{npm}}')}\n`;
    const findings = scanText(text, '.env', ruleSet);
    assert.equal(findings.length, 3);
    const sets = (fingerprints: string[], legacy: string[] = []) => ({ fingerprints: new Set(fingerprints), legacy: new Set(legacy) });
    assert.deepEqual(applyBaseline(findings, sets([])), findings);
    const kept = applyBaseline(findings, sets([findings[0]!.fingerprint, findings[2]!.fingerprint]));
    assert.deepEqual(kept, [findings[1]]);
    // Fingerprints, not lines: the same secret moved down is still baselined.
    const moved = scanText(`\n\n${text}`, '.env', ruleSet);
    assert.deepEqual(applyBaseline(moved, sets(findings.map((f) => f.fingerprint))), []);
    // A version 1 baseline matches through the legacy fingerprint, which never comes out of applyBaseline.
    const withLegacy = scanText(text, '.env', ruleSet, { legacyFingerprints: true });
    const afterLegacy = applyBaseline(withLegacy, sets([], [withLegacy[1]!.legacyFingerprint!]));
    assert.deepEqual(afterLegacy.map((f) => f.line), [1, 3]);
    assert.ok(afterLegacy.every((f) => !('legacyFingerprint' in f)));
  });
});

// ------------------------------------------------------------------ compile

describe('compileRule', () => {
  it('runs custom patterns on the linear-time engine, with a clear message for what it cannot run', () => {
    // Shapes that backtrack on V8 compile (they cannot hang RE2); test/adversarial/patterns.test.ts times them.
    for (const pattern of ['(a+)+$', '(\\w+\\s?)+$', '([a-z]*)*x', '(a|a)*b', '(a|aa)+$', '\\d+\\d+\\d+x', '.*.*=']) {
      assert.doesNotThrow(() => compileRule(spec({ pattern }), { untrusted: true }), pattern);
    }
    for (const [pattern, construct] of [
      ['acme_(?=x)', 'lookahead (?=…)'],
      ['acme_(?!x)', 'negative lookahead (?!…)'],
      ['(?<=x)acme_', 'lookbehind (?<=…)'],
      ['(?<!x)acme_', 'negative lookbehind (?<!…)'],
      ['(acme)_\\1', 'backreference \\1'],
      ['(?<x>acme)_\\k<x>', 'named backreference \\k<…>'],
    ] as const) {
      assert.throws(
        () => compileRule(spec({ pattern }), { untrusted: true }),
        (err: unknown) =>
          err instanceof RuleCompileError &&
          err.message === `rule "custom-rule": pattern: ${construct} is not supported in custom patterns: Keysweep runs them on a linear-time engine`,
        pattern,
      );
    }
    // Inside a character class those characters are just characters.
    assert.doesNotThrow(() => compileRule(spec({ pattern: 'acme_[(?=!<]{8}' }), { untrusted: true }));
  });

  it('checks path and allow patterns of untrusted rules too', () => {
    assert.throws(() => compileRule(spec({ path: '(?<=src/)x' }), { untrusted: true }), /path: lookbehind/);
    assert.throws(() => compileRule(spec({ allow: ['(x)\\1'] }), { untrusted: true }), /allow pattern: backreference/);
    assert.throws(() => compileRule(spec({ allow: ['(x'] }), { untrusted: true }), /invalid allow pattern: .*Unterminated group/);
  });

  it('rejects over-long custom patterns, and ones too large for the linear-time engine', () => {
    const long = `acme_${'[a-z]'.repeat(Math.ceil(CUSTOM_PATTERN_MAX_LENGTH / 5) + 1)}`;
    assert.ok(long.length > CUSTOM_PATTERN_MAX_LENGTH);
    assert.throws(
      () => compileRule(spec({ pattern: long }), { untrusted: true }),
      new RegExp(`${long.length} characters; the limit is ${CUSTOM_PATTERN_MAX_LENGTH}`),
    );
    assert.throws(() => compileRule(spec({ pattern: 'a{1,1000}a{1,1000}b' }), { untrusted: true }), /too large for the linear-time engine/);
    assert.throws(() => compileRule(spec({ pattern: 'a{1001}' }), { untrusted: true }), /repeat count \{1001\} is not supported by the linear-time engine/);
  });

  it('accepts a safe custom pattern, and trusts built-in ones', () => {
    const rule = compileRule(spec({}), { untrusted: true });
    assert.equal(rule.custom, true);
    assert.ok(!(rule.regex instanceof RegExp), 'custom patterns never run on V8');
    const builtin = compileRule(spec({ pattern: '(a+)+$' }));
    assert.ok(builtin.regex instanceof RegExp && builtin.regex.flags.includes('d') && builtin.regex.flags.includes('g'));
  });

  it('rejects invalid rules with a message naming the rule', () => {
    assert.throws(() => compileRule(spec({ pattern: '(unclosed' })), /rule "custom-rule": invalid pattern/);
    assert.throws(() => compileRule(spec({ pattern: '(unclosed' }), { untrusted: true }), /rule "custom-rule": invalid pattern: .*Unterminated group/);
    assert.throws(() => compileRule(spec({ flags: 'g' })), /flags may only contain "i" and "s"/);
    assert.throws(() => compileRule(spec({ flags: 'y' })), /flags may only contain/);
    assert.throws(() => compileRule(spec({ pattern: 'a*' })), /matches the empty string/);
    assert.throws(() => compileRule(spec({ id: 'Not Kebab' })), /kebab-case/);
    assert.throws(() => compileRule(spec({ keywords: [] })), /keywords/);
    assert.throws(() => compileRule(spec({ keywords: ['ACME_'] })), /keywords/);
    assert.throws(() => compileRule(spec({ keywords: ['a'] })), /keywords/);
    assert.throws(() => compileRule(spec({ path: '[' })), /invalid path/);
    assert.throws(() => compileRuleSet([spec({}), spec({})]), /duplicate rule id/);
  });

  it('compiles every built-in rule, and each id is unique', () => {
    assert.equal(ruleSet.rules.length, builtinRules.length);
  });
});

// ------------------------------------------------------------------ checksums

describe('GitHub and npm checksums', () => {
  it('computes the standard CRC32 and zero-padded base62', () => {
    assert.equal(crc32('123456789'), 0xcbf43926);
    assert.equal(crc32(''), 0);
    assert.equal(base62(0, 6), '000000');
    assert.equal(base62(61, 2), '0z');
    assert.equal(base62(62, 1), '10');
    assert.equal(base62(0xffffffff, 6), '4gfFC3');
  });

  it('accepts generated valid tokens and rejects a wrong checksum', () => {
    for (const prefix of ['ghp', 'gho', 'ghu', 'ghs', 'ghr']) {
      for (let i = 0; i < 20; i++) {
        assert.ok(hasValidTokenChecksum(t(`{{gh:${prefix}}}`)));
        assert.ok(!hasValidTokenChecksum(t(`{{gh-bad:${prefix}}}`)));
      }
    }
    for (let i = 0; i < 20; i++) {
      const valid = t('{{npm}}');
      assert.ok(hasValidTokenChecksum(valid) && passesValidators(valid, ['npm-checksum']));
      assert.ok(!hasValidTokenChecksum(t('{{npm-bad}}')));
    }
  });

  it('checks the body by hand: 30 random characters, then base62(crc32(random)) in 6', () => {
    const body = t('{{alnum:30}}');
    const token = `ghp_${body}${base62(crc32(body), 6)}`;
    assert.ok(hasValidTokenChecksum(token));
    assert.ok(passesValidators(token, ['github-checksum']));
    // Any single-character change in the random part breaks it.
    const changed = `ghp_${body[0] === 'a' ? 'b' : 'a'}${body.slice(1)}${base62(crc32(body), 6)}`;
    assert.ok(!hasValidTokenChecksum(changed));
  });

  it('rejects wrong shapes', () => {
    const valid = t('{{gh:ghp}}');
    assert.ok(!hasValidTokenChecksum(valid.replace('_', '')), 'no underscore');
    assert.ok(!hasValidTokenChecksum(`${valid}A`), 'too long');
    assert.ok(!hasValidTokenChecksum(valid.slice(0, -1)), 'too short');
    assert.ok(!hasValidTokenChecksum(''));
  });

  it('the engine reports a checksum-valid token and not a checksum-invalid one', () => {
    assert.equal(scanText(`GITHUB_TOKEN=${t('{{gh:ghp}}')}`, '.env', ruleSet)[0]?.ruleId, 'github-pat-classic');
    assert.deepEqual(scanText(`GITHUB_TOKEN=${t('{{gh-bad:ghp}}')}`, '.env', ruleSet), []);
    assert.equal(scanText(`NPM_TOKEN=${t('{{npm}}')}`, '.env', ruleSet)[0]?.ruleId, 'npm-access-token');
    assert.deepEqual(scanText(`NPM_TOKEN=${t('{{npm-bad}}')}`, '.env', ruleSet), []);
  });
});
