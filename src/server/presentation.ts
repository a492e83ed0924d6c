/** How a finding reads in the editor: diagnostic message and severity, and the hover. Plain functions. */
import { DiagnosticSeverity, MarkupKind, type Diagnostic, type MarkupContent, type Range } from 'vscode-languageserver/node';
import type { KeysweepSettings, SeverityLevel } from '../config/settings';
import type { Finding } from '../engine/types';
import type { GitStatus } from '../git/status';
import type { FindingData } from './code-actions';

const SEVERITY: Record<Exclude<SeverityLevel, 'off'>, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export const WHERE: Record<GitStatus, string> = {
  tracked: 'in a file tracked by git (in repo)',
  untracked: 'in a file git would commit (untracked, not ignored)',
  ignored: 'in a git-ignored file (local only)',
  unknown: 'in a file outside any git repository',
};

export function diagnosticMessage(f: Pick<Finding, 'description' | 'masked' | 'provider'>, gitStatus: GitStatus): string {
  return `${f.description} ${f.masked} ${WHERE[gitStatus]}. Revoke it with ${f.provider}, then move it out of this file.`;
}

/** The parts of a finding a diagnostic shows: a live Finding or a workspace scan's WireFinding both fit. */
export type DiagnosticSource = Pick<Finding, 'ruleId' | 'provider' | 'description' | 'revokeUrl' | 'masked' | 'fingerprint'>;

export function toDiagnostic(f: DiagnosticSource, range: Range, gitStatus: GitStatus, settings: KeysweepSettings): Diagnostic | undefined {
  const level = settings.severity[gitStatus];
  if (level === 'off') return undefined;
  const data: FindingData = { ruleId: f.ruleId, provider: f.provider, revokeUrl: f.revokeUrl, masked: f.masked, fingerprint: f.fingerprint };
  return {
    range,
    severity: SEVERITY[level],
    source: 'keysweep',
    code: f.ruleId,
    codeDescription: { href: f.revokeUrl },
    message: diagnosticMessage(f, gitStatus),
    data,
  };
}

export function hoverFor(f: Finding, gitStatus: GitStatus): MarkupContent {
  const todo =
    gitStatus === 'ignored'
      ? 'It is git-ignored, so it stays on this machine — but coding agents and anyone with this folder can read it. Prefer a secret store, and revoke it if it was ever shared.'
      : 'Revoke or rotate it with the provider now (it may already be in history), move the new value into `.env` or a secret store, and reference it from the code.';
  return {
    kind: MarkupKind.Markdown,
    value: [
      `**Keysweep: ${f.description}**`,
      '',
      `| | |`,
      `|---|---|`,
      `| Provider | ${f.provider} |`,
      `| Rule | \`${f.ruleId}\` |`,
      `| Value | \`${f.masked}\` |`,
      `| Fingerprint | \`${f.fingerprint}\` |`,
      `| Git | ${gitStatus} — ${WHERE[gitStatus]} |`,
      '',
      `**What to do:** ${todo}`,
      '',
      `[Open ${f.provider}'s revoke page](${f.revokeUrl})`,
    ].join('\n'),
  };
}
