/**
 * Removing one named entry from a file's text while every other byte stays as it was: a member of a JSON object
 * (found by a tiny position-keeping scanner, so formatting and key order survive), the lines with a given key, a
 * `.netrc` machine, an INI section. Pure text in, text out; the executor does the atomic write.
 */

export type EntryFormat = 'json-key' | 'line' | 'netrc-machine' | 'ini-section';

export interface EntryEdit {
  text: string;
  /** How many entries were removed; 0 means the entry was not there. */
  removed: number;
}

// ---- JSON ---------------------------------------------------------------------------------------------------

interface JsonNode {
  start: number;
  end: number;
  members?: Array<{ key: string; keyStart: number; value: JsonNode }>;
}

class JsonScanner {
  private i = 0;
  constructor(private readonly s: string) {}

  document(): JsonNode {
    if (this.s.charCodeAt(0) === 0xfeff) this.i = 1;
    const node = this.value();
    this.ws();
    if (this.i !== this.s.length) throw new Error('trailing text');
    return node;
  }

  private ws(): void {
    while (this.i < this.s.length && ' \t\r\n'.includes(this.s[this.i]!)) this.i++;
  }

  private value(): JsonNode {
    this.ws();
    const start = this.i;
    const ch = this.s[this.i];
    if (ch === '{') return this.object(start);
    if (ch === '[') {
      this.i++;
      this.ws();
      if (this.s[this.i] === ']') return { start, end: ++this.i };
      for (;;) {
        this.value();
        this.ws();
        const c = this.s[this.i++];
        if (c === ']') return { start, end: this.i };
        if (c !== ',') throw new Error('bad array');
      }
    }
    if (ch === '"') {
      this.string();
      return { start, end: this.i };
    }
    const m = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(this.s.slice(this.i, this.i + 400));
    if (!m) throw new Error('bad value');
    this.i += m[0].length;
    return { start, end: this.i };
  }

  private string(): string {
    const start = this.i;
    this.i++;
    while (this.i < this.s.length) {
      const c = this.s[this.i++];
      if (c === '\\') this.i++;
      else if (c === '"') return JSON.parse(this.s.slice(start, this.i)) as string;
    }
    throw new Error('unterminated string');
  }

  private object(start: number): JsonNode {
    this.i++;
    const members: NonNullable<JsonNode['members']> = [];
    this.ws();
    if (this.s[this.i] === '}') return { start, end: ++this.i, members };
    for (;;) {
      this.ws();
      const keyStart = this.i;
      if (this.s[this.i] !== '"') throw new Error('bad key');
      const key = this.string();
      this.ws();
      if (this.s[this.i++] !== ':') throw new Error('missing colon');
      const value = this.value();
      members.push({ key, keyStart, value });
      this.ws();
      const c = this.s[this.i++];
      if (c === '}') return { start, end: this.i, members };
      if (c !== ',') throw new Error('bad object');
    }
  }
}

/** "/a/b~1c" (RFC 6901) or a plain top-level key. */
export function pointerSegments(entry: string): string[] {
  if (!entry.startsWith('/')) return [entry];
  return entry
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function toPointer(segments: string[]): string {
  return `/${segments.map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}

export function removeJsonKey(text: string, entry: string): EntryEdit {
  let root: JsonNode;
  try {
    root = new JsonScanner(text).document();
  } catch {
    throw new Error('the file is not valid JSON; not edited');
  }
  const segments = pointerSegments(entry);
  let node: JsonNode | undefined = root;
  for (const seg of segments.slice(0, -1)) node = node?.members?.find((m) => m.key === seg)?.value;
  const members = node?.members;
  const last = segments[segments.length - 1]!;
  const index = members?.findIndex((m) => m.key === last) ?? -1;
  if (!node || !members || index === -1) return { text, removed: 0 };
  let from: number;
  let to: number;
  if (members.length === 1) {
    from = node.start + 1;
    to = node.end - 1;
  } else if (index < members.length - 1) {
    from = members[index]!.keyStart;
    to = members[index + 1]!.keyStart;
  } else {
    from = members[index - 1]!.value.end;
    to = members[index]!.value.end;
  }
  return { text: text.slice(0, from) + text.slice(to), removed: 1 };
}

// ---- lines --------------------------------------------------------------------------------------------------

/**
 * The name of a line, without its secret: the URL without the password ("https://user@host"), the fish variable
 * ("set OPENAI_API_KEY"), or what stands before "=" ("//registry.npmjs.org/:_authToken", "export OPENAI_API_KEY").
 */
export function lineKey(line: string): string | undefined {
  const t = line.trim();
  if (!t || t.startsWith('#') || t.startsWith(';')) return undefined;
  const url = /^([a-z][a-z0-9+.-]*:\/\/)([^:@/\s]*)(?::[^@/\s]*)?@(\S+)$/i.exec(t);
  if (url) return `${url[1]}${url[2]}@${url[3]}`;
  const fish = /^set\s+(?:-[a-zA-Z-]+\s+)*([A-Za-z_][A-Za-z0-9_]*)(\s|$)/.exec(t);
  if (fish) return `set ${fish[1]}`;
  const eq = t.indexOf('=');
  if (eq > 0) return t.slice(0, eq).trim().replace(/\s+/g, ' ');
  return undefined;
}

/** Lines with their own endings, so joining them gives back the exact text. */
function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

export function removeLines(text: string, entry: string): EntryEdit {
  const lines = splitLines(text);
  const kept = lines.filter((l) => lineKey(l.replace(/\r?\n$/, '')) !== entry);
  return { text: kept.join(''), removed: lines.length - kept.length };
}

// ---- .netrc -------------------------------------------------------------------------------------------------

interface Token {
  value: string;
  start: number;
}

function netrcTokens(text: string): Token[] {
  const tokens: Token[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const lineStart = text.lastIndexOf('\n', m.index - 1) + 1;
    if (/^\s*$/.test(text.slice(lineStart, m.index)) && m[0].startsWith('#')) {
      const eol = text.indexOf('\n', m.index);
      re.lastIndex = eol === -1 ? text.length : eol;
      continue;
    }
    tokens.push({ value: m[1] ?? m[2]!, start: m.index });
  }
  return tokens;
}

/** Start of the line when only whitespace precedes `offset` on it. */
function lineStartIfAlone(text: string, offset: number): number {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*$/.test(text.slice(lineStart, offset)) ? lineStart : offset;
}

export function removeNetrcMachine(text: string, machine: string): EntryEdit {
  const tokens = netrcTokens(text);
  const starts = tokens.map((t, i) => ({ t, i })).filter(({ t }) => t.value === 'machine' || t.value === 'default' || t.value === 'macdef');
  const spans: Array<[number, number]> = [];
  for (let k = 0; k < starts.length; k++) {
    const { t, i } = starts[k]!;
    const matches = machine === 'default' ? t.value === 'default' : t.value === 'machine' && tokens[i + 1]?.value === machine;
    if (!matches) continue;
    const next = starts[k + 1];
    const from = lineStartIfAlone(text, t.start);
    const to = next ? lineStartIfAlone(text, next.t.start) : text.length;
    spans.push([from, to]);
  }
  let out = text;
  for (const [from, to] of spans.reverse()) out = out.slice(0, from) + out.slice(to);
  return { text: out, removed: spans.length };
}

// ---- INI ----------------------------------------------------------------------------------------------------

export function removeIniSection(text: string, section: string): EntryEdit {
  const lines = splitLines(text);
  const out: string[] = [];
  let dropping = false;
  let removed = 0;
  for (const line of lines) {
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(line.replace(/\r?\n$/, ''));
    if (header) {
      dropping = header[1]!.trim() === section;
      if (dropping) removed++;
    }
    if (!dropping) out.push(line);
  }
  return { text: out.join(''), removed };
}

export function removeEntry(text: string, entry: string, format: EntryFormat): EntryEdit {
  switch (format) {
    case 'json-key':
      return removeJsonKey(text, entry);
    case 'line':
      return removeLines(text, entry);
    case 'netrc-machine':
      return removeNetrcMachine(text, entry);
    case 'ini-section':
      return removeIniSection(text, entry);
  }
}
