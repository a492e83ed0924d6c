/**
 * JSON with comments (JSONC): VS Code's mcp.json and settings.json, and Copilot CLI's config.json, which begins with
 * a `//` comment. One stripper for every reader and for the entry editor's meaning check.
 */

/** Strips `//` and block comments outside strings, and trailing commas. */
export function stripJsonComments(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      out += ch;
      if (ch === '\\') out += text[++i] ?? '';
      else if (ch === '"') inString = false;
    } else if (ch === '"') {
      inString = true;
      out += ch;
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 1;
    } else {
      out += ch;
    }
  }
  return out.replace(/,(\s*[}\]])/g, '$1');
}

export function parseJsonc(text: string): { ok: true; value: unknown } | { ok: false; line: number; what: string } {
  try {
    return { ok: true, value: JSON.parse(stripJsonComments(text.replace(/^\uFEFF/, ''))) };
  } catch {
    return { ok: false, line: 1, what: 'JSON' };
  }
}
