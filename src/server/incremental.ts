/**
 * Incremental re-diagnosis for large documents: an edit only re-scans a window of lines around what changed;
 * findings elsewhere keep their place (shifted by the edit). A full scan follows once typing pauses, so the result
 * is always exact in the end. Pure: offsets in, offsets out.
 */
import type { Finding } from '../engine/types';

/** Lines re-scanned on each side of a change: more than the longest multi-line secret (a 4096-bit PEM is ~51). */
export const CONTEXT_LINES = 64;
/** Below this size a full scan is as fast as a window, and always exact. */
export const INCREMENTAL_MIN_LENGTH = 64 * 1024;

/** What the window needs of a document: its length and where its lines start (src/server/text-buffer.ts). */
export interface LineIndex {
  readonly length: number;
  /** The 0-based line holding `offset`. */
  lineAt(offset: number): number;
  /** Where `line` starts; the text's length past the last line. */
  lineStart(line: number): number;
}

export interface Span {
  start: number;
  end: number;
}

export class FindingTracker {
  /** Findings in the current text's offsets (line/column fields are refreshed by the caller). */
  findings: Finding[] = [];
  /** The part of the text changed since the last scan, in current offsets. */
  dirty: Span | undefined;

  reset(findings: Finding[]): void {
    this.findings = findings;
    this.dirty = undefined;
  }

  /** One text change: `[start, end)` of the previous text replaced by `insertedLength` characters. */
  applyChange(start: number, end: number, insertedLength: number): void {
    const delta = insertedLength - (end - start);
    const kept: Finding[] = [];
    for (const f of this.findings) {
      if (f.end < start) kept.push(f);
      else if (f.start > end) kept.push({ ...f, start: f.start + delta, end: f.end + delta });
      // Findings touching the change are dropped: the window scan decides about them again.
    }
    this.findings = kept;
    const changed = { start, end: start + insertedLength };
    if (!this.dirty) this.dirty = changed;
    else {
      const prev = this.dirty.start > end ? { start: this.dirty.start + delta, end: this.dirty.end + delta } : this.dirty.end < start ? this.dirty : { start: Math.min(this.dirty.start, start), end: Math.max(this.dirty.end + delta, changed.end) };
      this.dirty = { start: Math.min(prev.start, changed.start), end: Math.max(prev.end, changed.end) };
    }
  }

  /**
   * The dirty span widened to whole lines plus CONTEXT_LINES on each side (the window ends after its last line's
   * break). Asks the text only where lines start, so it costs nothing like the document's size.
   */
  window(text: LineIndex, contextLines = CONTEXT_LINES): Span | undefined {
    if (!this.dirty) return undefined;
    const first = Math.max(0, text.lineAt(Math.min(this.dirty.start, text.length)) - contextLines);
    const last = text.lineAt(Math.min(this.dirty.end, text.length)) + contextLines;
    return { start: text.lineStart(first), end: Math.min(text.length, text.lineStart(last + 1)) };
  }

  /** Replaces findings inside the window with those of its re-scan (already shifted to document offsets). */
  merge(window: Span, windowFindings: Finding[]): void {
    const outside = this.findings.filter((f) => f.end <= window.start || f.start >= window.end);
    this.findings = [...outside, ...windowFindings].sort((a, b) => a.start - b.start);
    this.dirty = undefined;
  }
}
