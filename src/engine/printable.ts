/**
 * Text from outside (file names, keys of a config file, a tool's account name) made safe to print in a terminal or a
 * one-line message: C0/C1 control characters (ESC starts ANSI/OSC sequences — OSC 52 writes the clipboard), line and
 * paragraph separators (forge extra output lines), and bidi controls (U+202E reorders what a reader sees) become
 * visible escapes, so the text can neither act on the terminal nor pass for something it is not. JSON and SARIF
 * escape on their own; this is for every human-readable face.
 */

// C0 (minus nothing: TAB and LF are escaped too, a name must stay on its line), DEL, C1, zero-width and bidi marks,
// line/paragraph separators, bidi embeddings/overrides/isolates, BOM.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

function escapeChar(ch: string): string {
  const code = ch.charCodeAt(0);
  if (ch === '\n') return '\\n';
  if (ch === '\r') return '\\r';
  if (ch === '\t') return '\\t';
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
}

/** `text` with every control, separator and bidi character shown as an escape (`\x1b`, `\n`, `\u{202e}`). */
export function printable(text: string): string {
  return text.replace(UNSAFE, escapeChar);
}

/** True when `printable(text)` would change it. */
export function hasUnsafeCharacters(text: string): boolean {
  UNSAFE.lastIndex = 0;
  const found = UNSAFE.test(text);
  UNSAFE.lastIndex = 0;
  return found;
}
