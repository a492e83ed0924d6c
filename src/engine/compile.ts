/**
 * RuleSpec -> CompiledRule. Built-in rules are trusted code reviewed with their tests; custom rules from a
 * workspace's .keysweep.json are not, so they are length-limited and checked for catastrophic backtracking.
 */
import safeRegex from 'safe-regex2';
import { KeywordMatcher, shareKeywordMatcher } from './keyword-matcher';
import type { CompiledRule, CompiledRuleSet, RuleSpec } from './types';

export class RuleCompileError extends Error {
  constructor(
    readonly ruleId: string,
    reason: string,
  ) {
    super(`rule "${ruleId}": ${reason}`);
    this.name = 'RuleCompileError';
  }
}

/** Limits for patterns that come from configuration rather than from this repository. */
export const CUSTOM_PATTERN_MAX_LENGTH = 500;

export interface CompileOptions {
  /** Apply the defensive checks for patterns from a workspace config. */
  untrusted?: boolean;
}

function makeRegex(ruleId: string, what: string, source: string, flags: string): RegExp {
  try {
    return new RegExp(source, flags);
  } catch (err) {
    throw new RuleCompileError(ruleId, `invalid ${what}: ${(err as Error).message}`);
  }
}

function checkUntrustedPattern(ruleId: string, what: string, source: string): void {
  if (source.length > CUSTOM_PATTERN_MAX_LENGTH) {
    throw new RuleCompileError(ruleId, `${what} is ${source.length} characters; the limit is ${CUSTOM_PATTERN_MAX_LENGTH}`);
  }
  if (/\\[1-9]|\\k</.test(source)) {
    throw new RuleCompileError(ruleId, `${what} uses a backreference, which can take exponential time`);
  }
  // safe-regex2 measures star height only; two more shapes it lets through are caught here.
  if (/\((?:\?:)?[^()]*\|[^()]*\)(?:[*+]|\{\d+,\})/.test(source)) {
    throw new RuleCompileError(ruleId, `${what} repeats an alternation without a bound (such as (a|aa)+), which can take exponential time; bound it ({0,20}) or make the branches disjoint`);
  }
  if (/(\\[dDwWsS]|\.|\[[^\]]*\]|[A-Za-z0-9])(?:[*+]|\{\d+,\})\??\1(?:[*+]|\{\d+,\})/.test(source)) {
    throw new RuleCompileError(ruleId, `${what} has the same unbounded repetition twice in a row (such as \\d+\\d+), which can take polynomial time; merge them into one`);
  }
  if (!safeRegex(source)) {
    throw new RuleCompileError(
      ruleId,
      `${what} risks catastrophic backtracking (nested or overlapping repetition such as (a+)+); rewrite it without a quantifier inside a repeated group`,
    );
  }
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
    checkUntrustedPattern(id, 'pattern', spec.pattern);
    if (spec.path) checkUntrustedPattern(id, 'path', spec.path);
    for (const a of spec.allow ?? []) checkUntrustedPattern(id, 'allow pattern', a);
  }
  // `d` gives the secret group's offsets; `g` lets one exec loop walk the text; `m` makes ^/$ mean line bounds.
  const regex = makeRegex(id, 'pattern', spec.pattern, `dgm${extraFlags}`);
  if (regex.test('')) throw new RuleCompileError(id, 'pattern matches the empty string');
  return {
    spec,
    regex,
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

/** Builds the keyword prefilter over already compiled rules (lets callers mix trusted and untrusted rules). */
export function indexRules(rules: CompiledRule[]): CompiledRuleSet {
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
  const set = { rules, keywordRegex, rulesByKeyword };
  if (matcher) shareKeywordMatcher(set, matcher, own.map(([k]) => rulesByKeyword.get(k)!));
  return set;
}
