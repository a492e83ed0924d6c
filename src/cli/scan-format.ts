/**
 * The human text report of a scan: one line per finding (masked), then a summary line. Everything that comes from the
 * scanned tree or its config (file names, a custom rule's description and provider) goes through printable(): a name
 * holding ESC, a newline or U+202E can neither act on the terminal nor forge a line.
 */
import { hasUnsafeCharacters, printable } from '../engine/printable';
import type { ScannedFinding, WorkspaceScanResult } from '../workspace/scan-workspace';

const STATUS_LABEL: Record<ScannedFinding['gitStatus'], string> = {
  tracked: 'tracked',
  untracked: 'untracked',
  ignored: 'git-ignored',
  unknown: 'not in git',
};

function paint(color: boolean, code: string, text: string): string {
  return color ? `\x1b[${code}m${text}\x1b[0m` : text;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function formatScanText(
  findings: ScannedFinding[],
  result: WorkspaceScanResult,
  suppressed: number,
  options: { color: boolean; displayPath: (f: ScannedFinding) => string },
): string {
  const { color } = options;
  const lines: string[] = [];
  for (const f of findings) {
    const level = f.level === 'warning' ? paint(color, '33', 'warning') : paint(color, '36', 'info   ');
    const where = paint(color, '1', `${printable(options.displayPath(f))}:${f.line}:${f.column}`);
    lines.push(
      `${where}  ${level}  ${printable(f.description)}  ${paint(color, '35', printable(f.masked))}  [${printable(f.ruleId)} · ${printable(f.provider)} · ${STATUS_LABEL[f.gitStatus]}]`,
    );
  }
  const files = new Set(findings.map((f) => f.path)).size;
  const inRepo = findings.filter((f) => f.level === 'warning').length;
  const localOnly = findings.length - inRepo;
  const s = result.skipped;
  const skipped = [
    s.binary && `${s.binary} binary`,
    s.tooLarge && `${s.tooLarge} too large`,
    s.skippedDir && `${plural(s.skippedDir, 'vendored/generated folder')}`,
    s.symlink && `${plural(s.symlink, 'symlink')}`,
    s.allowlisted && `${s.allowlisted} allowlisted`,
    s.unreadable && `${s.unreadable} unreadable`,
  ].filter(Boolean);
  const summary =
    (findings.length === 0
      ? 'No keys found'
      : `${plural(findings.length, 'key')} in ${plural(files, 'file')} (${inRepo} in repo, ${localOnly} local only)`) +
    ` · ${plural(result.filesScanned, 'file')}, ${formatBytes(result.bytesScanned)} scanned in ${(result.durationMs / 1000).toFixed(2)} s` +
    (skipped.length ? ` · skipped: ${skipped.join(', ')}` : '') +
    (suppressed ? ` · ${suppressed} in baseline` : '');
  lines.push(findings.length ? paint(color, '1', summary) : summary);
  return `${lines.join('\n')}\n`;
}

/**
 * JSON for a terminal or a file: exact once parsed, but the characters JSON leaves raw (DEL, C1 controls such as
 * 0x9b, which some terminals take for CSI, line separators and bidi controls) are written as \u escapes.
 */
export function terminalSafeJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2).replace(/[^\x20-\x7e\n]/g, (ch) => (hasUnsafeCharacters(ch) ? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}` : ch))}\n`;
}
