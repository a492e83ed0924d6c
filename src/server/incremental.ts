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

  /** The dirty span widened to whole lines plus CONTEXT_LINES on each side. */
  window(text: string, contextLines = CONTEXT_LINES): Span | undefined {
    if (!this.dirty) return undefined;
    let start = Math.max(0, Math.min(this.dirty.start, text.length));
    for (let n = 0; n <= contextLines && start > 0; n++) start = text.lastIndexOf('\n', start - 1) + 0;
    start = start <= 0 ? 0 : start + 1;
    let end = Math.min(this.dirty.end, text.length);
    for (let n = 0; n <= contextLines && end < text.length; n++) {
      const next = text.indexOf('\n', end + (n === 0 ? 0 : 1));
      end = next === -1 ? text.length : next;
    }
    return { start, end };
  }

  /** Replaces findings inside the window with those of its re-scan (already shifted to document offsets). */
  merge(window: Span, windowFindings: Finding[]): void {
    const outside = this.findings.filter((f) => f.end <= window.start || f.start >= window.end);
    this.findings = [...outside, ...windowFindings].sort((a, b) => a.start - b.start);
    this.dirty = undefined;
  }
}
