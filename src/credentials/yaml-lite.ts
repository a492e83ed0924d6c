/**
 * The YAML that gh's hosts.yml and hub's config use — block mappings, block sequences, plain and quoted scalars,
 * comments — and nothing more. Anything else (anchors, flow collections with content, tags) is reported as not
 * understood, with its line, rather than guessed at. Not worth a dependency for two small files.
 */

export type YamlResult = { ok: true; value: unknown } | { ok: false; line: number; what: 'YAML' };

interface Line {
  indent: number;
  text: string;
  n: number;
}

class YamlError extends Error {
  constructor(readonly line: number) {
    super('yaml');
  }
}

function stripComment(raw: string): string {
  let quote: string | undefined;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      if (i === 0 || /[\s:\-[{,]/.test(raw[i - 1]!)) quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(raw[i - 1]!))) {
      return raw.slice(0, i);
    }
  }
  return raw;
}

function scalar(text: string, n: number): unknown {
  const t = text.trim();
  if (t === '' || t === '~' || t === 'null' || t === 'Null' || t === 'NULL') return null;
  if (t === 'true' || t === 'True') return true;
  if (t === 'false' || t === 'False') return false;
  if (t === '{}') return {};
  if (t === '[]') return [];
  if (t.startsWith('"')) {
    if (!t.endsWith('"') || t.length < 2) throw new YamlError(n);
    try {
      return JSON.parse(t) as string;
    } catch {
      throw new YamlError(n);
    }
  }
  if (t.startsWith("'")) {
    if (!t.endsWith("'") || t.length < 2) throw new YamlError(n);
    return t.slice(1, -1).replace(/''/g, "'");
  }
  if (/^[&*!|>{[%@`]/.test(t)) throw new YamlError(n);
  return t;
}

const KEY = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s"'#][^#]*?)\s*:(?:\s+(.*))?$/;

class Parser {
  private i = 0;
  constructor(private readonly lines: Line[]) {}

  parse(): unknown {
    if (this.lines.length === 0) return null;
    const value = this.block(this.lines[0]!.indent);
    if (this.i < this.lines.length) throw new YamlError(this.lines[this.i]!.n);
    return value;
  }

  private block(indent: number): unknown {
    const line = this.lines[this.i]!;
    return line.text === '-' || line.text.startsWith('- ') ? this.sequence(indent) : this.mapping(indent);
  }

  private childOrNull(parentIndent: number, allowSameIndentSequence: boolean): unknown {
    const next = this.lines[this.i];
    if (!next) return null;
    if (next.indent > parentIndent) return this.block(next.indent);
    if (allowSameIndentSequence && next.indent === parentIndent && (next.text === '-' || next.text.startsWith('- '))) return this.sequence(parentIndent);
    return null;
  }

  private mapping(indent: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    while (this.i < this.lines.length) {
      const line = this.lines[this.i]!;
      if (line.indent < indent) break;
      if (line.indent > indent || line.text.startsWith('- ') || line.text === '-') throw new YamlError(line.n);
      const m = KEY.exec(line.text);
      if (!m) throw new YamlError(line.n);
      const key = String(scalar(m[1]!, line.n));
      this.i++;
      const rest = m[2]?.trim();
      out[key] = rest === undefined || rest === '' ? this.childOrNull(indent, true) : scalar(rest, line.n);
    }
    return out;
  }

  private sequence(indent: number): unknown[] {
    const out: unknown[] = [];
    while (this.i < this.lines.length) {
      const line = this.lines[this.i]!;
      if (line.indent < indent) break;
      if (line.indent > indent || !(line.text === '-' || line.text.startsWith('- '))) throw new YamlError(line.n);
      const rest = line.text.slice(1).trimStart();
      if (rest === '') {
        this.i++;
        out.push(this.childOrNull(indent, false));
      } else if (KEY.test(rest)) {
        // "- key: value": a mapping whose first line starts after the dash.
        const inner = indent + (line.text.length - rest.length);
        this.lines[this.i] = { indent: inner, text: rest, n: line.n };
        out.push(this.mapping(inner));
      } else {
        this.i++;
        out.push(scalar(rest, line.n));
      }
    }
    return out;
  }
}

export function parseYamlLite(text: string): YamlResult {
  const lines: Line[] = [];
  const raw = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let n = 0; n < raw.length; n++) {
    const line = raw[n]!;
    if (/^\t/.test(line)) return { ok: false, line: n + 1, what: 'YAML' };
    const stripped = stripComment(line).replace(/\s+$/, '');
    if (stripped.trim() === '' || stripped === '---' || stripped === '...') continue;
    lines.push({ indent: stripped.length - stripped.trimStart().length, text: stripped.trim(), n: n + 1 });
  }
  try {
    return { ok: true, value: new Parser(lines).parse() };
  } catch (err) {
    if (err instanceof YamlError) return { ok: false, line: err.line, what: 'YAML' };
    throw err;
  }
}
