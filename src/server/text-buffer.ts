/**
 * An open document's text, kept as chunks of a few KB so that an edit costs about one chunk plus the edit, not a copy
 * of the whole text: a single string rebuilt on every keystroke (what TextDocument.update does) made 1,000 edits to a
 * 20 MB document take minutes. Positions follow LSP and vscode-languageserver-textdocument exactly (lines end at
 * `\r\n`, `\r` or `\n`; out-of-range positions clamp the same way), and a `\r\n` pair never straddles two chunks.
 */

/** Chunks are cut at about this many UTF-16 units; an edited chunk is split again past twice this. */
export const CHUNK = 8 * 1024;
const LF = 10;
const CR = 13;

export interface Position {
  line: number;
  character: number;
}

/** Offsets just past each line break in `s` (a `\r` at the very end counts: the next chunk cannot start with `\n`). */
function breakEnds(s: string): number[] {
  const ends: number[] = [];
  // The next `\n` and the next `\r`, each searched again only once passed: one pass over the chunk.
  let lf = s.indexOf('\n');
  let cr = s.indexOf('\r');
  while (lf !== -1 || cr !== -1) {
    const at = cr === -1 || (lf !== -1 && lf < cr) ? lf : cr;
    const end = at + (s.charCodeAt(at) === CR && s.charCodeAt(at + 1) === LF ? 2 : 1);
    ends.push(end);
    if (lf !== -1 && lf < end) lf = s.indexOf('\n', end);
    if (cr !== -1 && cr < end) cr = s.indexOf('\r', end);
  }
  return ends;
}

/** `s` cut into pieces of about `chunk` units, never between `\r` and `\n`. */
function cut(s: string, chunk: number): string[] {
  if (s.length <= 2 * chunk) return s.length ? [s] : [];
  const pieces: string[] = [];
  let from = 0;
  while (from < s.length) {
    let to = Math.min(s.length, from + chunk);
    if (to < s.length && s.charCodeAt(to - 1) === CR && s.charCodeAt(to) === LF) to++;
    pieces.push(s.slice(from, to));
    from = to;
  }
  return pieces;
}

export class TextBuffer {
  private chunks: string[] = [];
  /** Per chunk: offsets (within the chunk) just past each line break; computed when first needed. */
  private ends: Array<number[] | undefined> = [];
  /** Per chunk: how many line breaks it holds. */
  private breaks: number[] = [];
  /** Per chunk: offset of its first unit, and line breaks before it. Rebuilt after an edit, when first needed. */
  private starts: number[] | undefined;
  private linesBefore: number[] | undefined;
  private joined: string | undefined;
  private size = 0;
  private lines = 0;

  /** `chunk` is for tests, which use tiny chunks to put every edit across chunk boundaries. */
  constructor(
    text: string,
    private readonly chunk = CHUNK,
  ) {
    this.setText(text);
  }

  get length(): number {
    return this.size;
  }

  /** Lines, as LSP counts them: one more than the line breaks. */
  get lineCount(): number {
    return this.lines + 1;
  }

  setText(text: string): void {
    this.chunks = cut(text, this.chunk);
    this.ends = this.chunks.map(breakEnds);
    this.breaks = this.ends.map((e) => e!.length);
    this.size = text.length;
    this.lines = this.breaks.reduce((a, b) => a + b, 0);
    this.joined = text;
    this.starts = undefined;
    this.linesBefore = undefined;
  }

  /** The whole text: one join, kept until the next edit. */
  getText(): string {
    this.joined ??= this.chunks.join('');
    return this.joined;
  }

  slice(start: number, end: number): string {
    start = Math.max(0, Math.min(start, this.size));
    end = Math.max(start, Math.min(end, this.size));
    if (this.joined !== undefined) return this.joined.slice(start, end);
    if (start === end) return '';
    const starts = this.index().starts;
    let i = this.chunkAt(start);
    let out = '';
    for (let at = start; at < end; i++) {
      const local = at - starts[i]!;
      const piece = this.chunks[i]!.slice(local, Math.min(this.chunks[i]!.length, end - starts[i]!));
      out += piece;
      at += piece.length;
    }
    return out;
  }

  /** Offset of `line`'s first unit; the text's length past the last line, 0 before the first. */
  lineStart(line: number): number {
    if (line <= 0) return 0;
    if (line > this.lines) return this.size;
    const { starts, linesBefore } = this.index();
    // The chunk holding the line's break: the last one with fewer breaks before it than `line`.
    let lo = 0;
    let hi = this.chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (linesBefore[mid]! < line) lo = mid;
      else hi = mid - 1;
    }
    return starts[lo]! + this.breakEndsOf(lo)[line - linesBefore[lo]! - 1]!;
  }

  /** The line holding `offset` (a break belongs to the line it ends). */
  lineAt(offset: number): number {
    offset = Math.max(0, Math.min(offset, this.size));
    if (this.chunks.length === 0) return 0;
    const { starts, linesBefore } = this.index();
    const i = this.chunkAt(offset);
    const ends = this.breakEndsOf(i);
    const local = offset - starts[i]!;
    let lo = 0;
    let hi = ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ends[mid]! <= local) lo = mid + 1;
      else hi = mid;
    }
    return linesBefore[i]! + lo;
  }

  offsetAt(position: Position): number {
    if (position.line > this.lines) return this.size;
    if (position.line < 0) return 0;
    const start = this.lineStart(position.line);
    if (position.character <= 0) return start;
    const next = position.line + 1 > this.lines ? this.size : this.lineStart(position.line + 1);
    return this.beforeEol(Math.min(start + position.character, next), start);
  }

  positionAt(offset: number): Position {
    offset = Math.max(0, Math.min(offset, this.size));
    const line = this.lineAt(offset);
    const start = this.lineStart(line);
    return { line, character: this.beforeEol(offset, start) - start };
  }

  /**
   * Replaces `[start, end)` with `text`; returns the offsets replaced (clamped). Costs the chunks at both ends, the
   * inserted text and one splice of the chunk list.
   */
  replace(start: number, end: number, text: string): { start: number; end: number } {
    start = Math.max(0, Math.min(start, this.size));
    end = Math.max(start, Math.min(end, this.size));
    if (this.chunks.length === 0) {
      this.setText(text);
      return { start: 0, end: 0 };
    }
    const { starts } = this.index();
    const a = this.chunkAt(start);
    let b = this.chunkAt(end);
    if (b > a && end === starts[b]) b--; // the end of chunk b-1, not the start of b: touch one chunk less
    const middle = this.chunks[a]!.slice(0, start - starts[a]!) + text + this.chunks[b]!.slice(end - starts[b]!);
    const pieces = cut(middle, this.chunk);
    const pieceEnds = pieces.map(breakEnds);
    this.chunks.splice(a, b - a + 1, ...pieces);
    this.ends.splice(a, b - a + 1, ...pieceEnds);
    const oldBreaks = this.breaks.splice(a, b - a + 1, ...pieceEnds.map((e) => e.length));
    this.lines += this.breaks.slice(a, a + pieces.length).reduce((x, y) => x + y, 0) - oldBreaks.reduce((x, y) => x + y, 0);
    this.size += text.length - (end - start);
    this.joined = undefined;
    this.starts = undefined;
    this.linesBefore = undefined;
    // A `\r` now ending the chunk before a `\n`: keep the pair in one chunk (one line break, not two).
    this.joinCrLf(a + pieces.length - 1);
    this.joinCrLf(a - 1);
    if (this.chunks.length === 0) this.setText('');
    return { start, end };
  }

  /** One LSP content change (incremental or whole); returns the offsets replaced in the text before it. */
  applyChange(change: { range: { start: Position; end: Position }; text: string } | { text: string }): { start: number; end: number } | undefined {
    if (!('range' in change)) {
      this.setText(change.text);
      return undefined;
    }
    let { start, end } = change.range;
    if (start.line > end.line || (start.line === end.line && start.character > end.character)) [start, end] = [end, start];
    return this.replace(this.offsetAt(start), this.offsetAt(end), change.text);
  }

  private beforeEol(offset: number, lineStart: number): number {
    while (offset > lineStart) {
      const c = this.charCodeAt(offset - 1);
      if (c !== CR && c !== LF) break;
      offset--;
    }
    return offset;
  }

  private charCodeAt(offset: number): number {
    const i = this.chunkAt(offset);
    return this.chunks[i]!.charCodeAt(offset - this.index().starts[i]!);
  }

  /** The chunk holding `offset` (the last chunk for the text's end). */
  private chunkAt(offset: number): number {
    const { starts } = this.index();
    let lo = 0;
    let hi = this.chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private breakEndsOf(i: number): number[] {
    let ends = this.ends[i];
    if (!ends) {
      ends = breakEnds(this.chunks[i]!);
      this.ends[i] = ends;
    }
    return ends;
  }

  private index(): { starts: number[]; linesBefore: number[] } {
    if (!this.starts || !this.linesBefore) {
      const starts = new Array<number>(this.chunks.length);
      const linesBefore = new Array<number>(this.chunks.length);
      let at = 0;
      let lines = 0;
      for (let i = 0; i < this.chunks.length; i++) {
        starts[i] = at;
        linesBefore[i] = lines;
        at += this.chunks[i]!.length;
        lines += this.breaks[i]!;
      }
      this.starts = starts;
      this.linesBefore = linesBefore;
    }
    return { starts: this.starts, linesBefore: this.linesBefore };
  }

  /** If chunk `i` ends with `\r` and chunk `i + 1` starts with `\n`, moves the `\n` into chunk `i`. */
  private joinCrLf(i: number): void {
    const left = this.chunks[i];
    const right = this.chunks[i + 1];
    if (left === undefined || right === undefined) return;
    if (left.charCodeAt(left.length - 1) !== CR || right.charCodeAt(0) !== LF) return;
    // Before: `\r` and `\n` counted as two breaks; after: one `\r\n`.
    this.chunks[i] = `${left}\n`;
    this.ends[i] = undefined;
    this.lines--;
    if (right.length === 1) {
      this.chunks.splice(i + 1, 1);
      this.ends.splice(i + 1, 1);
      this.breaks.splice(i + 1, 1);
    } else {
      this.chunks[i + 1] = right.slice(1);
      this.ends[i + 1] = undefined;
      this.breaks[i + 1]!--;
    }
    this.starts = undefined;
    this.linesBefore = undefined;
  }
}
