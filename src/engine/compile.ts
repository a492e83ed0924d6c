/**
 * RuleSpec -> CompiledRule. Built-in rules are trusted code reviewed with their tests (each is checked for linear
 * time by test/unit/engine-properties.test.ts) and run on V8's RegExp. Custom rules and allowlists from a workspace's
 * .keysweep.json are not trusted: they are length-limited and run on a linear-time engine (linear-regex.ts).
 */
import { KeywordMatcher, shareKeywordMatcher } from './keyword-matcher';
import { LinearRegex, LinearRegexError, type LinearOptions } from './linear-regex';
import { printable } from './printable';
import type { CompiledRule, CompiledRuleSet, RuleSpec, TextTest } from './types';

export class RuleCompileError extends Error {
  constructor(
    readonly ruleId: string,
    reason: string,
    /** Who the message is about, when it is not a rule ("allowlist regex 2"). */
    subject = `rule "${ruleId}"`,
  ) {
    // Patterns and ids come from a config file: one printable line whatever they contain.
    super(printable(`${subject}: ${reason}`));
    this.name = 'RuleCompileError';
  }
}

/** Limits for patterns that come from configuration rather than from this repository. */
export const CUSTOM_PATTERN_MAX_LENGTH = 500;
/**
 * A custom rule's finding must hold at least this many characters (whitespace aside). With shorter ones, many tiny
 * rules could spell out a token one character at a time through which of them fired where.
 */
export const CUSTOM_MIN_SECRET_LENGTH = 8;

export interface CompileOptions {
  /** A pattern from a workspace config: linear-time engine, length limit, limited findings. */
  untrusted?: boolean;
}

function makeRegex(ruleId: string, what: string, source: string, flags: string): RegExp {
  try {
    return new RegExp(source, flags);
  } catch (err) {
    throw new RuleCompileError(ruleId, `invalid ${what}: ${(err as Error).message}`);
  }
}

function makeLinear(ruleId: string, what: string, source: string, options: LinearOptions, subject?: string): LinearRegex {
  if (source.length > CUSTOM_PATTERN_MAX_LENGTH) {
    throw new RuleCompileError(ruleId, `${what} is ${source.length} characters; the limit is ${CUSTOM_PATTERN_MAX_LENGTH}`, subject);
  }
  try {
    return LinearRegex.compile(source, options);
  } catch (err) {
    if (!(err instanceof LinearRegexError)) throw err;
    const reason = err.message.startsWith('invalid: ') ? `invalid ${what}: ${err.message.slice(9)}` : `${what}: ${err.message}`;
    throw new RuleCompileError(ruleId, reason, subject);
  }
}

/** An allowlist regex from a config (tested against each secret, case-insensitively), on the linear-time engine. */
export function compileAllowlistRegex(source: string, index: number): TextTest {
  return makeLinear(`allowlist-${index + 1}`, 'regex', source, { ignoreCase: true }, `allowlist regex ${index + 1}`);
}

export function compileRule(spec: RuleSpec, options: CompileOptions = {}): CompiledRule {
  const id = spec.id;
  if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) throw new RuleCompileError(id, 'id must be kebab-case (a-z, 0-9, -)');
  const extraFlags = spec.flags ?? '';
  if (!/^[is]*$/.test(extraFlags)) throw new RuleCompileError(id, `flags may only contain "i" and "s", got "${extraFlags}"`);
  if (spec.keywords.length === 0 || spec.keywords.some((k) => k.length < 2 || k !== k.toLowerCase())) {
    throw new RuleCompileError(id, 'keywords must be a non-empty list of lowercase strings of 2 or more characters');
  }
  if (options.untrusted) {
    const regex = makeLinear(id, 'pattern', spec.pattern, { multiline: true, ignoreCase: extraFlags.includes('i'), dotAll: extraFlags.includes('s') });
    if (regex.test('')) throw new RuleCompileError(id, 'pattern matches the empty string');
    return {
      spec,
      regex,
      custom: true,
      pathRegex: spec.path ? makeLinear(id, 'path', spec.path, { ignoreCase: true }) : undefined,
      allow: (spec.allow ?? []).map((a) => makeLinear(id, 'allow pattern', a, { ignoreCase: true })),
    };
  }
  // `d` gives the secret group's offsets; `g` lets one exec loop walk the text; `m` makes ^/$ mean line bounds.
  const regex = makeRegex(id, 'pattern', spec.pattern, `dgm${extraFlags}`);
  if (regex.test('')) throw new RuleCompileError(id, 'pattern matches the empty string');
  return {
    spec,
    regex,
    custom: false,
    pathRegex: spec.path ? makeRegex(id, 'path', spec.path, 'i') : undefined,
    allow: (spec.allow ?? []).map((a) => makeRegex(id, 'allow pattern', a, 'i')),
  };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Compiles rules in order; order matters: when two findings overlap, the earlier rule wins. */
export function compileRuleSet(specs: readonly RuleSpec[], options: CompileOptions = {}): CompiledRuleSet {
  const seen = new Set<string>();
  const rules = specs.map((spec) => {
    if (seen.has(spec.id)) throw new RuleCompileError(spec.id, 'duplicate rule id');
    seen.add(spec.id);
    return compileRule(spec, options);
  });
  return indexRules(rules);
}

/**
 * Builds the keyword prefilter over already compiled rules (lets callers mix trusted and untrusted rules); `allowlist`
 * applies to every rule's findings.
 */
export function indexRules(rules: CompiledRule[], allowlist: TextTest[] = []): CompiledRuleSet {
  const rulesByKeyword = new Map<string, number[]>();
  rules.forEach((rule, index) => {
    for (const keyword of rule.spec.keywords) {
      const list = rulesByKeyword.get(keyword) ?? [];
      if (!list.includes(index)) list.push(index);
      rulesByKeyword.set(keyword, list);
    }
  });
  // The scanner restarts one character after each keyword hit, so keywords inside a longer one are still seen,
  // except one that starts at the same place ("sk-" in "sk-ant-"): a hit on the longer keyword triggers the rules of
  // every keyword it contains.
  const own = [...rulesByKeyword].map(([k, list]) => [k, [...list]] as const);
  const matcher = KeywordMatcher.build(own.map(([k]) => k));
  own.forEach(([keyword], index) => {
    const list = rulesByKeyword.get(keyword)!;
    // The keywords inside this one, in keyword order. The matcher finds them in one pass over the keyword; the
    // pairwise `includes` is for keywords it does not take (not ASCII).
    let inside: number[];
    if (matcher) {
      const found = new Set<number>();
      matcher.scan(keyword, (k) => {
        found.add(k);
        return false;
      });
      inside = [...found].sort((a, b) => a - b);
    } else {
      inside = own.flatMap(([other], i) => (keyword.includes(other) ? [i] : []));
    }
    for (const i of inside) if (i !== index) for (const r of own[i]![1]) if (!list.includes(r)) list.push(r);
  });
  const keywords = [...rulesByKeyword.keys()].sort((a, b) => b.length - a.length).map(escapeRegex);
  const keywordRegex = new RegExp(keywords.length ? keywords.join('|') : '(?!)', 'gi');
  const set = { rules, allowlist, keywordRegex, rulesByKeyword };
  if (matcher) shareKeywordMatcher(set, matcher, own.map(([k]) => rulesByKeyword.get(k)!));
  return set;
}
