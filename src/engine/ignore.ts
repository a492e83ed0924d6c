/** Inline suppressions: ours and every peer's, so a repository that already annotated its test keys stays quiet. */

/** Directives that silence a finding on the same line. */
const SAME_LINE = /keysweep:ignore|gitleaks:allow|trufflehog:ignore|kingfisher:(?:ignore|allow)|pragma:\s*allowlist\s+secret|secretlint-disable-line|devskim:\s*ignore/i;
/** Directives that silence a finding on the line after the comment. */
const NEXT_LINE = /keysweep:ignore-next-line|pragma:\s*allowlist\s+nextline\s+secret|secretlint-disable-next-line/i;

/** The directive names, in the form a quick fix writes them. */
export const IGNORE_DIRECTIVE = 'keysweep:ignore';

export function isIgnoredByComment(line: string, previousLine: string | undefined): boolean {
  // The next-line directives contain the same-line words ("keysweep:ignore-next-line"), so test them first.
  if (SAME_LINE.test(line.replace(NEXT_LINE, ''))) return true;
  return previousLine !== undefined && NEXT_LINE.test(previousLine);
}

/** The fingerprints of a baseline: version 2 ones, and version 1 ones matched through `legacyFingerprint`. */
export interface BaselineSets {
  fingerprints: ReadonlySet<string>;
  legacy: ReadonlySet<string>;
}

/** Findings the baseline accepts are left out; the version 1 fingerprint never leaves this function. */
export function applyBaseline<T extends { fingerprint: string; legacyFingerprint?: string }>(findings: readonly T[], baseline: BaselineSets | undefined): Array<Omit<T, 'legacyFingerprint'>> {
  const out: Array<Omit<T, 'legacyFingerprint'>> = [];
  for (const { legacyFingerprint, ...finding } of findings) {
    if (baseline?.fingerprints.has(finding.fingerprint)) continue;
    if (legacyFingerprint !== undefined && baseline?.legacy.has(legacyFingerprint)) continue;
    out.push(finding);
  }
  return out;
}
