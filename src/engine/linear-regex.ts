/**
 * Patterns that come from a workspace (custom rules, allowlists in `.keysweep.json`) run here, on re2js — a
 * JavaScript port of RE2 — and never on V8's backtracking RegExp. RE2 matches in time linear in the input (times the
 * size of the compiled program, which is capped below), whatever the pattern: no shape of nested or overlapping
 * repetition can hang a scan. The price is syntax: no lookaround and no backreferences, which need backtracking.
 *
 * Patterns are written in JavaScript syntax (as the built-in rules are); they are checked as JavaScript first, so a
 * typo gets V8's own message, then translated to RE2 syntax.
 */
import { RE2JS, RE2JSSyntaxException } from 're2js';

/** A compile failure; the message says what is wrong in a few words (the caller names the rule). */
export class LinearRegexError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LinearRegexError';
  }
}

/**
 * The matching cost per input character grows with the compiled program (each repetition of a bounded repeat is a
 * copy): `a{1,1000}a{1,1000}b` compiles to 4,001 instructions and scans ~10 KB/s. This cap keeps the worst case
 * near 40 KB/s on hostile input and leaves room for real patterns (a URL with three bounded parts is ~900).
 */
export const LINEAR_MAX_PROGRAM_SIZE = 1000;

export interface LinearOptions {
  ignoreCase?: boolean;
  dotAll?: boolean;
  /** `^` and `$` match at line breaks (rule patterns; allowlists and paths test a whole string). */
  multiline?: boolean;
}

/** One match: the secret's span (the named group `secret`, else the whole match) and the whole match's span. */
export interface LinearMatch {
  start: number;
  end: number;
  matchStart: number;
  matchEnd: number;
}

/** Constructs RE2 has no linear-time way to run, found in JavaScript source outside character classes. */
function unsupportedConstruct(source: string): string | undefined {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (!inClass && next >= '1' && next <= '9') return `backreference \\${next}`;
      if (!inClass && next === 'k' && source[i + 2] === '<') return 'named backreference \\k<…>';
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') {
      // In JavaScript `[]` and `[^]` are complete classes: a `]` right after them ends nothing.
      if (source[i + 1] === ']') i += 1;
      else if (source.startsWith('^]', i + 1)) i += 2;
      else inClass = true;
    } else if (c === '(' && source[i + 1] === '?') {
      const kind = source.slice(i + 2, i + 4);
      if (kind.startsWith('=')) return 'lookahead (?=…)';
      if (kind.startsWith('!')) return 'negative lookahead (?!…)';
      if (kind === '<=') return 'lookbehind (?<=…)';
      if (kind === '<!') return 'negative lookbehind (?<!…)';
    }
  }
  return undefined;
}

function syntaxReason(err: unknown): string {
  if (err instanceof RE2JSSyntaxException) {
    if (err.error === 'expression too large') return 'too large for the linear-time engine (bounded repeats such as {1,1000} are expanded: use smaller bounds, or * and +)';
    if (err.error === 'invalid repeat count') return `repeat count ${err.input ?? ''} is not supported by the linear-time engine (at most 1000)`;
    return `${err.error}${err.input ? ` \`${err.input}\`` : ''} (the linear-time engine's syntax)`;
  }
  return (err as Error).message;
}

/** Does the pattern itself talk about carriage returns? Then they are left alone (see `lineBreakInput`). */
const MENTIONS_CR = /\\r|\r|\\x0d|\\u000d|\\cm|\\x\{d\}/i;

export class LinearRegex {
  /**
   * In JavaScript's multiline mode `^`/`$` also match beside `\r`, and `.` does not match it; in RE2 only `\n` is a
   * line break. A multiline pattern that does not mention `\r` is therefore run on the text with each `\r` replaced
   * by `\n` (same length, so offsets hold): `key=(\S+)$` finds the key on a CRLF line as it did on V8.
   */
  readonly crIsLineBreak: boolean;

  /**
   * Most texts that trigger a rule's keyword hold no match: a DFA pass (no groups) says so several times faster than
   * the NFA that finding spans needs — unless the pattern starts with a literal of a few characters (`acme_`,
   * `http`), which the NFA skips to with indexOf, faster than any DFA (bench/user-regex.mjs measures both).
   */
  private readonly pretest: boolean;

  private constructor(
    private readonly re: RE2JS,
    private readonly hasSecretGroup: boolean,
    crIsLineBreak: boolean,
  ) {
    this.crIsLineBreak = crIsLineBreak;
    this.pretest = String(re.re2().prefix ?? '').length < 3;
  }

  /** Compiles JavaScript regex source; throws LinearRegexError saying what is wrong or unsupported. */
  static compile(source: string, options: LinearOptions = {}): LinearRegex {
    const jsFlags = `${options.ignoreCase ? 'i' : ''}${options.dotAll ? 's' : ''}${options.multiline ? 'm' : ''}`;
    try {
      // Constructing a RegExp only parses it (nothing is matched): V8 says precisely what is wrong with a typo.
      new RegExp(source, jsFlags);
    } catch (err) {
      throw new LinearRegexError(`invalid: ${(err as Error).message}`);
    }
    const construct = unsupportedConstruct(source);
    if (construct) throw new LinearRegexError(`${construct} is not supported in custom patterns: Keysweep runs them on a linear-time engine`);
    const flags =
      (options.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0) | (options.dotAll ? RE2JS.DOTALL : 0) | (options.multiline ? RE2JS.MULTILINE : 0);
    let re: RE2JS;
    try {
      re = RE2JS.compile(RE2JS.translateRegExp(source), flags);
    } catch (err) {
      throw new LinearRegexError(syntaxReason(err));
    }
    const size = re.programSize();
    if (size > LINEAR_MAX_PROGRAM_SIZE) {
      throw new LinearRegexError(
        `too large for the linear-time engine: it compiles to ${size} instructions and the limit is ${LINEAR_MAX_PROGRAM_SIZE} (a bounded repeat such as {1,100} counts once per repetition: use smaller bounds, or * and +)`,
      );
    }
    return new LinearRegex(re, 'secret' in re.namedGroups(), Boolean(options.multiline) && !MENTIONS_CR.test(source));
  }

  /** Whether the pattern matches anywhere in `text` (a DFA pass: no groups, the fastest way RE2 has). */
  test(text: string): boolean {
    return this.re.test(text);
  }

  /**
   * Every non-empty match, left to right, as V8's `g` flag would find them. `text` must already have its `\r`
   * replaced when `crIsLineBreak` (the scanner does it once per text for all rules).
   */
  *matches(text: string): Generator<LinearMatch> {
    if (this.pretest && !this.re.test(text)) return;
    const m = this.re.matcher(text);
    while (m.find()) {
      const matchStart = m.start();
      const matchEnd = m.end();
      if (matchStart === matchEnd) continue;
      let start = matchStart;
      let end = matchEnd;
      if (this.hasSecretGroup) {
        const s = m.start('secret');
        if (s >= 0) {
          start = s;
          end = m.end('secret');
        }
      }
      if (start < end) yield { start, end, matchStart, matchEnd };
    }
  }
}

/** `text` with each `\r` made a `\n` (same offsets), for patterns whose `crIsLineBreak` is set. */
export function lineBreakInput(text: string): string {
  return text.includes('\r') ? text.replace(/\r/g, '\n') : text;
}
