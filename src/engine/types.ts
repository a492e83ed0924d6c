/**
 * The engine's data shapes. Rules are data (RuleSpec); the engine compiles them once (CompiledRule) and turns text
 * into findings. A Finding never carries the secret itself: only where it is, a masked form and a fingerprint.
 */
import type { LinearRegex } from './linear-regex';

/** Named validators a rule can ask for, run on the extracted secret after the regex matched. */
export type ValidatorName =
  /** GitHub classic token formats (ghp_/gho_/ghu_/ghs_/ghr_): CRC32 of the 30 random characters, base62, 6 chars. */
  | 'github-checksum'
  /** npm granular/automation tokens (npm_): same scheme as GitHub. */
  | 'npm-checksum'
  /** The value must not be all one character class of a hash (hex only), e.g. for generic rules. */
  | 'not-hex-only'
  /** At least two of: lowercase, uppercase, digits. Weeds out words and identifiers. */
  | 'mixed-charset';

/**
 * An example for a rule's self-test. Examples are templates, expanded at test time by `expandTemplate`
 * (src/rules/example-template.ts), so no secret-shaped literal is ever committed:
 * `{{alnum:20}}`, `{{hex:32}}`, `{{gh:ghp}}` (checksum-valid), … A `path` makes path-scoped rules apply.
 */
export type RuleExample = string | { path: string; text: string };

export interface RuleSpec {
  /** kebab-case, unique, stable: it is the diagnostic code, the SARIF ruleId and part of the fingerprint. */
  id: string;
  /** Who issued the credential: "OpenAI", "GitHub", … */
  provider: string;
  /** One line, shown to the user: "OpenAI project API key". */
  description: string;
  /** Where the owner revokes or rotates it (opened in the browser, never fetched). */
  revokeUrl: string;
  /**
   * Lowercase literals for the prefilter: the rule's regex runs on a file only if one of them occurs in it
   * (case-insensitively). Required and non-empty: every rule must be cheap on files that cannot match.
   */
  keywords: string[];
  /** JS regular expression source. The secret is the named group `secret` when present, else the whole match. */
  pattern: string;
  /** Only `i` (case-insensitive) and `s` (dotAll) may be set; the compiler adds what scanning needs. */
  flags?: string;
  /** Regex (JS source) on the forward-slash path; when set the rule only applies to matching files. */
  path?: string;
  /** Minimum Shannon entropy (bits per character) of the secret. */
  entropy?: number;
  validators?: ValidatorName[];
  /** Regexes (JS source) tested against the secret; a match means "not a finding" (documented examples, etc.). */
  allow?: string[];
  /**
   * Skip the shared look-alike filters (placeholders, env references…). Only for rules whose match is structural
   * (a committed credential file, a PEM block) where those filters would cause misses.
   */
  skipLookalikeFilter?: boolean;
  /** Self-test: every positive example must produce a finding of this rule; no negative example may. */
  examples: { positive: RuleExample[]; negative: RuleExample[] };
}

/** A pattern that is only tested, never asked where it matched (allow lists, path filters). */
export interface TextTest {
  test(text: string): boolean;
}

export interface CompiledRule {
  spec: RuleSpec;
  /**
   * Built-in rules run on V8's RegExp (flags `dgm` + the spec's). Custom rules, from a workspace's `.keysweep.json`,
   * run on a linear-time engine, and what their findings can show is limited (see scan.ts).
   */
  regex: RegExp | LinearRegex;
  custom: boolean;
  /**
   * A built-in rule the config disabled, kept only while custom rules run: what it detects is still off limits to
   * them (a config cannot switch a rule off to let its own rules read a token), but it reports nothing.
   */
  shieldOnly?: boolean;
  pathRegex?: TextTest;
  allow: TextTest[];
}

export interface CompiledRuleSet {
  rules: CompiledRule[];
  /** The config's allowlist regexes: a secret any of them matches is not reported, whatever the rule. */
  allowlist: TextTest[];
  /** One case-insensitive alternation of every keyword, run once per text. */
  keywordRegex: RegExp;
  /** lowercased keyword -> indexes into `rules`. */
  rulesByKeyword: Map<string, number[]>;
}

export interface Finding {
  ruleId: string;
  provider: string;
  description: string;
  revokeUrl: string;
  /** As passed to the engine (workspace scans pass the path relative to the scan root, with `/`). */
  path: string;
  /** 1-based line and column of the secret's first character; columns count UTF-16 code units (as LSP/SARIF). */
  line: number;
  column: number;
  endLine: number;
  /** 1-based, exclusive. */
  endColumn: number;
  /** UTF-16 offsets of the secret in the scanned text, for editors. */
  start: number;
  end: number;
  /** e.g. `sk-proj-…Ab12`. The only textual form of the secret that ever leaves the engine. */
  masked: string;
  /** Salted scrypt of rule id + secret (src/engine/redact.ts): stable when the line moves; the baseline and SARIF key. */
  fingerprint: string;
  /** The version 1 fingerprint, only when a scan is asked for it (to read an old baseline); never written out. */
  legacyFingerprint?: string;
}
