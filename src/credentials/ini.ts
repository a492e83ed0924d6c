/**
 * INI as AWS (botocore's configparser), Hugging Face's stored_tokens and gcloud's configurations write it:
 * `[section]`, `key = value` or `key: value`, `#`/`;` comments, indented continuation lines (AWS nested settings).
 * A key before any section, or a line that is none of these, is "not valid INI" — as configparser says too.
 */
export type IniResult = { ok: true; value: Record<string, Record<string, string>> } | { ok: false; line: number; what: 'INI' };

export function parseIni(text: string): IniResult {
  const out: Record<string, Record<string, string>> = {};
  let section: Record<string, string> | undefined;
  let lastKey: string | undefined;
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    const t = line.trim();
    if (t === '' || t.startsWith('#') || t.startsWith(';')) continue;
    const header = /^\[([^\]]+)\]$/.exec(t);
    if (header) {
      const name = header[1]!.trim();
      section = out[name] ??= {};
      lastKey = undefined;
      continue;
    }
    if (/^\s/.test(line) && section && lastKey !== undefined) {
      section[lastKey] = `${section[lastKey]}\n${t}`;
      continue;
    }
    const kv = /^([^=:\s][^=:]*?)\s*[=:]\s*(.*)$/.exec(t);
    if (!kv || !section) return { ok: false, line: n + 1, what: 'INI' };
    lastKey = kv[1]!;
    section[lastKey] = kv[2]!;
  }
  return { ok: true, value: out };
}
