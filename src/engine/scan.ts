/**
 * scanText: text in, findings out. Keyword prefilter (one Aho-Corasick pass) -> each triggered rule's regex -> the
 * rule's allow list, look-alike filter, entropy and validators -> inline ignore comments -> overlap resolution.
 */
import { isIgnoredByComment } from './ignore';
import { keywordMatcherFor } from './keyword-matcher';
import { fingerprint, legacyFingerprint, mask, SESSION_SCHEME, type FingerprintScheme } from './redact';
import type { CompiledRule, CompiledRuleSet, Finding } from './types';
import { isLookalike, passesValidators, shannonEntropy } from './validate';

export interface ScanOptions {
  /** Stop collecting after this many findings in one text (a generated file full of keys says enough by then). */
  maxFindings?: number;
  /** How fingerprints are made (src/engine/redact.ts); this process's session scheme without one. */
  fingerprint?: FingerprintScheme;
  /** Also give each finding its version 1 fingerprint, to match a baseline written before version 2. */
  legacyFingerprints?: boolean;
}

const DEFAULT_MAX_FINDINGS = 1000;

/** Indexes of rules whose keywords occur in the text. */
function triggeredRules(text: string, set: CompiledRuleSet): number[] {
  const triggered = new Uint8Array(set.rules.length);
  let count = 0;
  const trigger = (rules: readonly number[]): boolean => {
    for (const i of rules) {
      if (triggered[i] === 0) {
        triggered[i] = 1;
        count++;
      }
    }
    return count === set.rules.length;
  };
  const entry = keywordMatcherFor(set);
  if (entry) {
    // Each keyword's rules once: a minified file can hold thousands of hits of one keyword.
    const seen = new Uint8Array(entry.rulesOf.length);
    entry.matcher.scan(text, (k) => {
      if (seen[k] === 1) return false;
      seen[k] = 1;
      return trigger(entry.rulesOf[k]!);
    });
  } else {
    const re = set.keywordRegex;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      if (trigger(set.rulesByKeyword.get(m[0].toLowerCase()) ?? [])) break;
      re.lastIndex = m.index + 1;
    }
  }
  const out: number[] = [];
  for (let i = 0; i < triggered.length; i++) if (triggered[i]) out.push(i);
  return out;
}

/** Maps offsets to 1-based line/column, built lazily: most texts have no finding at all. */
class LineIndex {
  private starts: number[] | undefined;
  constructor(private readonly text: string) {}

  private lineStarts(): number[] {
    if (!this.starts) {
      const starts = [0];
      for (let i = this.text.indexOf('\n'); i !== -1; i = this.text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.starts = starts;
    }
    return this.starts;
  }

  /** 0-based line number of an offset. */
  lineOf(offset: number): number {
    const starts = this.lineStarts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  position(offset: number): { line: number; column: number } {
    const line = this.lineOf(offset);
    return { line: line + 1, column: offset - this.lineStarts()[line]! + 1 };
  }

  lineText(line0: number): string | undefined {
    const starts = this.lineStarts();
    if (line0 < 0 || line0 >= starts.length) return undefined;
    const end = line0 + 1 < starts.length ? starts[line0 + 1]! - 1 : this.text.length;
    return this.text.slice(starts[line0], end);
  }
}

interface Candidate {
  ruleIndex: number;
  start: number;
  end: number;
  secret: string;
}

function isAccepted(rule: CompiledRule, secret: string): boolean {
  const spec = rule.spec;
  if (rule.allow.some((a) => a.test(secret))) return false;
  if (!spec.skipLookalikeFilter && isLookalike(secret)) return false;
  if (spec.entropy !== undefined && shannonEntropy(secret) < spec.entropy) return false;
  return passesValidators(secret, spec.validators);
}

function* ruleMatches(rule: CompiledRule, text: string): Generator<{ start: number; end: number; secret: string }> {
  const re = rule.regex;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    const span = m.indices?.groups?.secret ?? m.indices?.[0];
    const secret = m.groups?.secret ?? m[0];
    if (span && secret) yield { start: span[0], end: span[1], secret };
  }
}

/** Overlapping candidates keep the rule listed first (specific rules come before generic ones). */
function resolveOverlaps(candidates: Candidate[]): Candidate[] {
  candidates.sort((a, b) => a.ruleIndex - b.ruleIndex || a.start - b.start);
  const kept: Candidate[] = [];
  for (const c of candidates) {
    if (!kept.some((k) => c.start < k.end && k.start < c.end)) kept.push(c);
  }
  return kept.sort((a, b) => a.start - b.start || a.ruleIndex - b.ruleIndex);
}

export function scanText(text: string, path: string, set: CompiledRuleSet, options: ScanOptions = {}): Finding[] {
  if (text.length === 0) return [];
  const maxFindings = options.maxFindings ?? DEFAULT_MAX_FINDINGS;
  const lines = new LineIndex(text);
  const candidates: Candidate[] = [];
  const cap = maxFindings * 2; // room for overlaps that resolveOverlaps will drop
  // One decision per line: a minified line can hold hundreds of matches, and each check reads the whole line.
  const ignoredLines = new Map<number, boolean>();
  const isIgnored = (line0: number): boolean => {
    let ignored = ignoredLines.get(line0);
    if (ignored === undefined) {
      ignored = isIgnoredByComment(lines.lineText(line0) ?? '', lines.lineText(line0 - 1));
      ignoredLines.set(line0, ignored);
    }
    return ignored;
  };
  for (const ruleIndex of triggeredRules(text, set)) {
    if (candidates.length >= cap) break;
    const rule = set.rules[ruleIndex]!;
    if (rule.pathRegex && !rule.pathRegex.test(path)) continue;
    for (const match of ruleMatches(rule, text)) {
      if (!isAccepted(rule, match.secret)) continue;
      if (isIgnored(lines.lineOf(match.start))) continue;
      candidates.push({ ruleIndex, ...match });
      if (candidates.length >= cap) break;
    }
  }
  return resolveOverlaps(candidates)
    .slice(0, maxFindings)
    .map((c) => toFinding(c, set.rules[c.ruleIndex]!, path, lines, options));
}

/** The longest rule keyword the secret starts with, in the secret's own case (`AKIA` for keyword `akia`). */
function knownPrefix(keywords: readonly string[], secret: string): string {
  const lower = secret.slice(0, 32).toLowerCase();
  let best = '';
  for (const k of keywords) if (k.length > best.length && lower.startsWith(k)) best = k;
  return secret.slice(0, best.length);
}

function toFinding(c: Candidate, rule: CompiledRule, path: string, lines: LineIndex, options: ScanOptions): Finding {
  const start = lines.position(c.start);
  const end = lines.position(c.end);
  const spec = rule.spec;
  return {
    ruleId: spec.id,
    provider: spec.provider,
    description: spec.description,
    revokeUrl: spec.revokeUrl,
    path,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    start: c.start,
    end: c.end,
    masked: mask(c.secret, knownPrefix(spec.keywords, c.secret)),
    fingerprint: fingerprint(spec.id, c.secret, options.fingerprint ?? SESSION_SCHEME),
    ...(options.legacyFingerprints ? { legacyFingerprint: legacyFingerprint(spec.id, c.secret) } : {}),
  };
}
