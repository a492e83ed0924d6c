/**
 * The one redaction step for text taken from credential files when it is not a value: a user name, a host, a JSON
 * key, an MCP server name, a profile or section name, a variable name. Files put secrets in those slots too (GitHub
 * documents `https://<token>:x-oauth-basic@github.com`; a hostile file can use a token as a key), so every id, label,
 * entry, plan line and message built from file text goes through `redactText`: whatever looks like a secret becomes
 * its mask (`ghp_…Ab12`), the rest stays as written.
 *
 * Three detectors, each conservative on its own: the engine's built-in rules, the known provider prefixes, and a
 * high-entropy test on runs of token characters (long, several character classes, few repeats). The result is
 * deterministic, so a redacted name doubles as an address: the entry editor redacts what it reads the same way and
 * compares.
 */
import { compileRuleSet, scanText } from '../engine';
import { printable } from '../engine/printable';
import { mask } from '../engine/redact';
import type { CompiledRuleSet } from '../engine/types';
import { shannonEntropy } from '../engine/validate';
import { builtinRules } from '../rules';

let ruleSet: CompiledRuleSet | undefined;

/** The built-in rules, compiled once per process (shared with the transcript and config scans). */
export function builtinRuleSet(): CompiledRuleSet {
  ruleSet ??= compileRuleSet([...builtinRules]);
  return ruleSet;
}

/** Common provider prefixes, so a masked value still says what it is (longest first where one prefixes another). */
export const KNOWN_PREFIXES = [
  'sk-proj-',
  'sk-svcacct-',
  'sk-admin-',
  'sk-ant-api03-',
  'sk-ant-oat01-',
  'sk-ant-ort01-',
  'sk-ant-admin01-',
  'sk-',
  'github_pat_',
  'ghp_',
  'gho_',
  'ghu_',
  'ghs_',
  'ghr_',
  'npm_',
  'hf_',
  'glpat-',
  'xoxb-',
  'xoxp-',
  'AKIA',
  'ASIA',
  'AIza',
  'ya29.',
  '1//',
  'dckr_pat_',
] as const;

export function prefixOf(value: string): string {
  return KNOWN_PREFIXES.find((p) => value.startsWith(p)) ?? '';
}

/** A stored secret as the faces may show it. Known prefixes are shown only when the value really starts with them. */
export function maskSecret(value: string, prefixes: readonly string[] = KNOWN_PREFIXES): string {
  const prefix = prefixes.find((p) => value.startsWith(p)) ?? '';
  return mask(value, prefix);
}

// ---- detectors ------------------------------------------------------------------------------------------------

/** Characters of tokens: base62, base64 (`+/=`), base64url and the usual separators inside keys (`-_`). */
const TOKEN_RUN = /[A-Za-z0-9_\-+/=]+/g;
/** A path segment that is a word or a version, never part of a token: lower-case letters, or digits. */
const PLAIN_PART = /^(?:[a-z]{1,10}|v?\d{1,4})?$/;
/** Below this a run is too short to be told apart from a word; above it, it is checked. */
const MIN_RANDOM_RUN = 16;

function classes(s: string): { lower: number; upper: number; digit: number } {
  let lower = 0;
  let upper = 0;
  let digit = 0;
  for (const c of s) {
    if (c >= 'a' && c <= 'z') lower++;
    else if (c >= 'A' && c <= 'Z') upper++;
    else if (c >= '0' && c <= '9') digit++;
  }
  return { lower, upper, digit };
}

/**
 * True for a run that reads like random characters: long enough, at least two character classes with some weight
 * in each, and close to the entropy a random string of that length has. Words, identifiers in one case
 * (`GITHUB_PERSONAL_ACCESS_TOKEN`, `registry-npmjs-org`) and version numbers are not.
 */
export function isRandomRun(run: string): boolean {
  const core = run.replace(/^[-_+/=]+|[-_+/=]+$/g, '');
  if (core.length < MIN_RANDOM_RUN) return false;
  const { lower, upper, digit } = classes(core);
  const letters = lower + upper;
  const weighty = [lower >= 2, upper >= 2, digit >= 2].filter(Boolean).length;
  if (weighty < 2) return false;
  // Hex (a hash, a key id) is all digits and one letter case: long enough, it is random by any measure.
  const hexLike = /^[0-9a-f]+$/.test(core) || /^[0-9A-F]+$/.test(core);
  if (hexLike) return core.length >= 24 && digit >= 4 && letters >= 4;
  // Words split at case and digit changes are long ("My|Company|Registry|01"); random text changes class every
  // two characters or so. Long runs get more room: random lowercase-and-digit text has longer letter runs.
  const segments = core.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+/g) ?? [];
  const meanSegment = segments.reduce((n, s) => n + s.length, 0) / Math.max(1, segments.length);
  if (meanSegment >= (core.length >= 32 ? 4.5 : 3.3)) return false;
  // Close to the entropy a random string of that length has (nearly log2(n) bits per character while n is small).
  return shannonEntropy(core) >= Math.min(Math.log2(core.length), 5.2) * 0.75;
}

export type Span = { start: number; end: number; prefix: string };

function engineSpans(text: string): Span[] {
  return scanText(text, '', builtinRuleSet()).map((f) => ({ start: f.start, end: f.end, prefix: f.masked.includes('…') ? f.masked.slice(0, f.masked.indexOf('…')) : '' }));
}

const PREFIX_RE = new RegExp(`(?<![A-Za-z0-9])(${KNOWN_PREFIXES.map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})[A-Za-z0-9_\\-]{12,}`, 'g');

function prefixSpans(text: string): Span[] {
  const out: Span[] = [];
  for (const m of text.matchAll(PREFIX_RE)) {
    const rest = m[0].slice(m[1]!.length);
    // "sk-learn-tools" is a name; a key has digits or mixed case after its prefix.
    const { lower, upper, digit } = classes(rest);
    if ([lower > 0, upper > 0, digit > 0].filter(Boolean).length < 2) continue;
    out.push({ start: m.index!, end: m.index! + m[0].length, prefix: m[1]! });
  }
  return out;
}

function randomSpans(text: string): Span[] {
  const out: Span[] = [];
  const add = (start: number, run: string) => {
    // The separators around a token are not part of it (`//ghp_…` in a URL keeps its slashes and its prefix).
    const lead = run.length - run.replace(/^[-_+/=]+/, '').length;
    const core = run.replace(/^[-_+/=]+|[-_+/=]+$/g, '');
    out.push({ start: start + lead, end: start + lead + core.length, prefix: prefixOf(core) });
  };
  for (const m of text.matchAll(TOKEN_RUN)) {
    const run = m[0];
    if (run.length < MIN_RANDOM_RUN) continue;
    if (isRandomRun(run)) {
      // "github.com/<token>": the plain words at either end of a path ("com", "api", "v2") are not the token.
      const parts = run.split('/');
      let first = 0;
      let last = parts.length - 1;
      while (first < last && PLAIN_PART.test(parts[first]!)) first++;
      while (last > first && PLAIN_PART.test(parts[last]!)) last--;
      const lead = parts.slice(0, first).reduce((n, p) => n + p.length + 1, 0);
      const kept = parts.slice(first, last + 1).join('/');
      if (isRandomRun(kept)) add(m.index! + lead, kept);
      else add(m.index!, run);
      continue;
    }
    // A path or a URL around a token ("/api/<token>/x"): its segments are checked one by one.
    for (const part of run.matchAll(/[A-Za-z0-9_-]+/g)) {
      if (isRandomRun(part[0])) add(m.index! + part.index!, part[0]);
    }
  }
  return out;
}

/** Overlapping spans become one, keeping a prefix one of them starting there knows. */
function merge(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start < last.end) {
      last.end = Math.max(last.end, s.end);
      if (!last.prefix && s.start === last.start) last.prefix = s.prefix;
    } else {
      out.push({ ...s });
    }
  }
  return out;
}

/** Where the secrets are in `text`, as half-open UTF-16 ranges. `known`: the engine and the prefixes only. */
export function secretSpans(text: string, known = false): Span[] {
  if (text.length < 8) return [];
  return merge([...engineSpans(text), ...prefixSpans(text), ...(known ? [] : randomSpans(text))]);
}

function replaceSpans(text: string, spans: Span[]): string {
  if (spans.length === 0) return text;
  let out = '';
  let at = 0;
  for (const s of spans) {
    const secret = text.slice(s.start, s.end);
    out += text.slice(at, s.start) + mask(secret, s.prefix || prefixOf(secret));
    at = s.end;
  }
  return out + text.slice(at);
}

/**
 * A piece of file text (a name, a key, a user) with every secret-looking part replaced by its mask. Idempotent (a
 * mask is never taken for a secret), and the same input always gives the same output.
 */
export function redactText(text: string): string {
  return replaceSpans(text, secretSpans(text));
}

/**
 * A whole message or label, which may hold paths and our own words next to file text: only what the engine's rules
 * or a provider prefix recognise is masked (the random-run test would take a path's hash-named folder for a key).
 * File text inside it was already redacted where it was inserted; this is the safety net.
 */
export function redactKnown(text: string): string {
  return replaceSpans(text, secretSpans(text, true));
}

/**
 * A name from a file as it may appear in an id, an entry address or a message: redacted, control and bidi characters
 * escaped, never shortened — the entry editor redacts what it reads the same way and compares, so this is also how
 * an entry is found again.
 */
export function redactName(raw: string): string {
  return printable(redactText(raw));
}

/**
 * A name from a file that may be passed to a command (`docker logout <registry>`, `codex mcp logout <server>`): only
 * when it holds nothing to hide (a plan line shows it) and cannot be taken for an option. Else null: the plan then
 * edits the file itself instead of running the tool.
 */
export function argumentFromFile(raw: string | undefined): string | null {
  return raw && redactName(raw) === raw && !raw.startsWith('-') ? raw : null;
}

/** True when `text` holds something `redactText` would hide. */
export function looksLikeSecret(text: string): boolean {
  return secretSpans(text).length > 0;
}

// ---- the user-name slot ----------------------------------------------------------------------------------------

/**
 * Passwords that say "the token is the user name": GitHub documents `x-oauth-basic`; others write the token as the
 * user with an empty password, or with one of these fixed words.
 */
const PLACEHOLDER_PASSWORDS = new Set(['', 'x-oauth-basic', 'x-access-token', 'x-token-auth', 'oauth2', 'token', 'x']);

export interface UserAndSecret {
  /** The value that is the credential: the password, or the user name when that is where the token sits. */
  secret?: string;
  /** True when the user name is the secret (the token in the user-name slot). */
  userIsSecret: boolean;
}

/** Which of a user name and a password is the secret (the faces mask that one and never show it as an account). */
export function userAndSecret(user: string | undefined, password: string | undefined): UserAndSecret {
  const u = user ?? '';
  const p = password ?? '';
  if (u && PLACEHOLDER_PASSWORDS.has(p.toLowerCase())) return { secret: u, userIsSecret: true };
  if (u && looksLikeSecret(u) && !looksLikeSecret(p)) return { secret: p || u, userIsSecret: true };
  return { secret: p || undefined, userIsSecret: false };
}
