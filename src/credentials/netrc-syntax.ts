/**
 * `.netrc` syntax, once, for both reading and editing: tokens (plain or double-quoted) with their offsets, `#`
 * comment lines, and `macdef NAME` bodies (the lines after it, up to a blank line) skipped. An entry is `machine
 * NAME` or `default` followed by its `login` / `password` / `account` pairs (and any other token) up to the next
 * `machine`, `default` or `macdef`. A keyword's value is always the next token, whatever it says: a password
 * `default` or a quoted `"machine"` is a value, not a new entry. The editor removes exactly the tokens of the
 * entries this parser saw, so what it removes and what the reader reported are the same thing.
 */

export interface NetrcToken {
  value: string;
  start: number;
  end: number;
  /** 1-based. */
  line: number;
}

export interface NetrcEntry {
  /** The machine name, or "default" for the `default` entry (see `isDefault`). */
  machine: string;
  isDefault: boolean;
  login?: string;
  password?: string;
  account?: string;
  /** Offsets of the entry's first token (the keyword) and the end of its last token. */
  start: number;
  end: number;
}

export type NetrcParse = { ok: true; entries: NetrcEntry[] } | { ok: false; line: number };

const VALUE_KEYS = new Set(['login', 'password', 'account']);
const TOKEN = /"((?:[^"\\]|\\.)*)"|(\S+)/g;

export function parseNetrcSyntax(text: string): NetrcParse {
  const entries: NetrcEntry[] = [];
  let current: NetrcEntry | undefined;
  let pending: { key: string; line: number; start: number } | undefined;
  let inMacro = false;
  let lineStart = 0;
  for (let n = 1; lineStart <= text.length; n++) {
    const nl = text.indexOf('\n', lineStart);
    const lineEnd = nl === -1 ? text.length : nl;
    const line = text.slice(lineStart, lineEnd);
    const next = nl === -1 ? text.length + 1 : nl + 1;
    if (inMacro) {
      if (line.trim() === '') inMacro = false;
      lineStart = next;
      continue;
    }
    if (line.trim().startsWith('#')) {
      lineStart = next;
      continue;
    }
    TOKEN.lastIndex = 0;
    for (let m = TOKEN.exec(line); m; m = TOKEN.exec(line)) {
      const token: NetrcToken = { value: m[1] ?? m[2]!, start: lineStart + m.index, end: lineStart + m.index + m[0].length, line: n };
      if (pending) {
        const key = pending.key;
        const pending0Start = pending.start;
        pending = undefined;
        if (key === 'machine') {
          current = { machine: token.value, isDefault: false, start: pending0Start, end: token.end };
          entries.push(current);
        } else if (key === 'macdef') {
          // The rest of the line is the macro's name line; its body follows up to a blank line.
          inMacro = true;
          break;
        } else if (current) {
          (current as unknown as Record<string, string>)[key] = token.value;
          current.end = token.end;
        }
        continue;
      }
      if (token.value === 'default') {
        current = { machine: 'default', isDefault: true, start: token.start, end: token.end };
        entries.push(current);
      } else if (token.value === 'machine' || token.value === 'macdef') {
        // A macro ends the entry before it; tokens after its body belong to no machine until the next one.
        current = undefined;
        pending = { key: token.value, line: n, start: token.start };
      } else if (VALUE_KEYS.has(token.value)) {
        pending = { key: token.value, line: n, start: token.start };
        if (current) current.end = token.end;
      } else if (current) {
        // A token the tools ignore (`port 21`, a stray word) still belongs to the entry it sits in.
        current.end = token.end;
      }
    }
    lineStart = next;
  }
  if (pending) return { ok: false, line: pending.line };
  return { ok: true, entries };
}

/** The same entries without their offsets: what a file means, for comparing two files. */
export function netrcMeaning(entries: readonly NetrcEntry[]): Array<Omit<NetrcEntry, 'start' | 'end'>> {
  return entries.map(({ start: _s, end: _e, ...rest }) => rest);
}

const isBlank = (s: string) => /^[ \t\r\f\v]*$/.test(s);

/**
 * The text range that removing `entry` takes out: its tokens, plus the whole lines when it has them to itself (and
 * one blank line after, so entries stay one blank line apart); when it shares a line, only its tokens and the
 * spaces before them, so no other token moves to another line or loses its separator.
 */
export function netrcEntrySpan(text: string, entry: Pick<NetrcEntry, 'start' | 'end'>): [number, number] {
  const lineStart = text.lastIndexOf('\n', entry.start - 1) + 1;
  const nl = text.indexOf('\n', entry.end);
  const lineEnd = nl === -1 ? text.length : nl;
  const aloneBefore = isBlank(text.slice(lineStart, entry.start));
  const aloneAfter = isBlank(text.slice(entry.end, lineEnd));
  if (aloneBefore && aloneAfter) {
    let to = nl === -1 ? text.length : nl + 1;
    // One blank line after it goes too — never one before: that one may end a macro body.
    const nextNl = text.indexOf('\n', to);
    if (to < text.length && isBlank(text.slice(to, nextNl === -1 ? text.length : nextNl)) && nextNl !== -1) to = nextNl + 1;
    return [lineStart, to];
  }
  if (aloneBefore) {
    // Something follows on the same line: cut up to it, so it starts the line.
    let to = entry.end;
    while (to < lineEnd && /[ \t\r\f\v]/.test(text[to]!)) to++;
    return [lineStart, to];
  }
  // Something precedes on the same line: cut from the end of it, keep what follows (and the line break).
  let from = entry.start;
  while (from > lineStart && /[ \t\f\v]/.test(text[from - 1]!)) from--;
  return [from, entry.end];
}
