/**
 * scanText: text in, findings out. Keyword prefilter (one Aho-Corasick pass) -> each triggered rule's regex -> the
 * rule's allow list, look-alike filter, entropy and validators -> the config's allowlist and inline ignore comments
 * -> overlap resolution (which also keeps custom rules off what built-in rules detect).
 */
import { CUSTOM_MIN_SECRET_LENGTH } from './compile';
import { isIgnoredByComment } from './ignore';
import { keywordMatcherFor } from './keyword-matcher';
import { lineBreakInput } from './linear-regex';
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

/** The masked form of a custom rule's finding (mask() shows the same when it can show nothing). */
const HIDDEN = '****';

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
  /** The whole match (for a custom rule: everything its pattern read). */
  matchStart: number;
  matchEnd: number;
  /** False for a detection kept only to keep custom rules off it (a disabled, allowlisted or ignored built-in). */
  reported: boolean;
}

/** The rule's own checks on a secret its pattern found; the config's allowlist and ignore comments come after. */
function passesRuleChecks(rule: CompiledRule, secret: string): boolean {
  const spec = rule.spec;
  if (rule.custom && secret.replace(/\s+/g, '').length < CUSTOM_MIN_SECRET_LENGTH) return false;
  if (rule.allow.some((a) => a.test(secret))) return false;
  if (!spec.skipLookalikeFilter && isLookalike(secret)) return false;
  if (spec.entropy !== undefined && shannonEntropy(secret) < spec.entropy) return false;
  return passesValidators(secret, spec.validators);
}

type Match = Omit<Candidate, 'ruleIndex' | 'reported'>;

function* ruleMatches(rule: CompiledRule, text: string, linearInput: () => string): Generator<Match> {
  const re = rule.regex;
  if (!(re instanceof RegExp)) {
    for (const m of re.matches(re.crIsLineBreak ? linearInput() : text)) yield { ...m, secret: text.slice(m.start, m.end) };
    return;
  }
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    const span = m.indices?.groups?.secret ?? m.indices?.[0];
    const secret = m.groups?.secret ?? m[0];
    if (span && secret) yield { start: span[0], end: span[1], secret, matchStart: m.index, matchEnd: m.index + m[0].length };
  }
}

/**
 * What is reported. A custom rule's candidate is dropped when anything its pattern read (the whole match, not just
 * its secret group) overlaps a built-in detection: a config's own rules cannot probe a token a built-in rule found —
 * which of many rules fired, and where, would spell it out. Then overlapping candidates keep the rule listed first
 * (custom rules, then specific built-ins before generic ones).
 */
function resolveOverlaps(candidates: Candidate[], set: CompiledRuleSet, customFound: boolean): Candidate[] {
  let visible = candidates.filter((c) => c.reported);
  if (customFound) {
    const detections = candidates.filter((c) => !set.rules[c.ruleIndex]!.custom);
    visible = visible.filter(
      (c) => !set.rules[c.ruleIndex]!.custom || !detections.some((d) => c.matchStart < d.end && d.start < c.matchEnd),
    );
  }
  visible.sort((a, b) => a.ruleIndex - b.ruleIndex || a.start - b.start);
  const kept: Candidate[] = [];
  for (const c of visible) {
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
  let linearText: string | undefined;
  const linearInput = (): string => (linearText ??= lineBreakInput(text));
  // Custom rules come first in a rule set, so whether any of them found something is known before the built-ins run.
  let customFound = false;
  for (const ruleIndex of triggeredRules(text, set)) {
    if (candidates.length >= cap) break;
    const rule = set.rules[ruleIndex]!;
    if (rule.shieldOnly && !customFound) continue;
    if (rule.pathRegex && !rule.pathRegex.test(path)) continue;
    for (const match of ruleMatches(rule, text, linearInput)) {
      if (!passesRuleChecks(rule, match.secret)) continue;
      const reported =
        !rule.shieldOnly && !set.allowlist.some((a) => a.test(match.secret)) && !isIgnored(lines.lineOf(match.start));
      // An unreported built-in detection still matters when custom rules found something (see resolveOverlaps).
      if (!reported && (rule.custom || !customFound)) continue;
      if (rule.custom) customFound = true;
      candidates.push({ ruleIndex, ...match, reported });
      if (candidates.length >= cap) break;
    }
  }
  return resolveOverlaps(candidates, set, customFound)
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
    // A custom rule chose where its secret group starts and ends: a prefix or tail shown from it would be characters
    // of the config's choosing (nine rules could show a token four characters at a time). Nothing is shown.
    masked: rule.custom ? HIDDEN : mask(c.secret, knownPrefix(spec.keywords, c.secret)),
    fingerprint: fingerprint(spec.id, c.secret, options.fingerprint ?? SESSION_SCHEME),
    ...(options.legacyFingerprints ? { legacyFingerprint: legacyFingerprint(spec.id, c.secret) } : {}),
  };
}
