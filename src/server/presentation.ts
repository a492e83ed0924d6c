/**
 * How a finding reads in the editor: diagnostic message and severity, and the hover. Plain functions. A custom rule's
 * description, provider and revoke URL come from the workspace's `.keysweep.json`: the message shows them through
 * printable() (no control or bidi character), the Markdown hover escapes them (no link, image, HTML or table cell
 * can be injected), and only an http(s) URL becomes a link.
 */
import { DiagnosticSeverity, MarkupKind, type Diagnostic, type MarkupContent, type Range } from 'vscode-languageserver/node';
import type { KeysweepSettings, SeverityLevel } from '../config/settings';
import { httpUrl } from '../engine/http-url';
import { printable } from '../engine/printable';
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
  unknown: 'in a file whose git status is unknown (outside any repository, or git was not run)',
};

export function diagnosticMessage(f: Pick<Finding, 'description' | 'masked' | 'provider'>, gitStatus: GitStatus): string {
  return `${printable(f.description)} ${printable(f.masked)} ${WHERE[gitStatus]}. Revoke it with ${printable(f.provider)}, then move it out of this file.`;
}

/** The parts of a finding a diagnostic shows: a live Finding or a workspace scan's WireFinding both fit. */
export type DiagnosticSource = Pick<Finding, 'ruleId' | 'provider' | 'description' | 'revokeUrl' | 'masked' | 'fingerprint'>;

export function toDiagnostic(f: DiagnosticSource, range: Range, gitStatus: GitStatus, settings: KeysweepSettings): Diagnostic | undefined {
  const level = settings.severity[gitStatus];
  if (level === 'off') return undefined;
  const data: FindingData = { ruleId: f.ruleId, provider: f.provider, revokeUrl: f.revokeUrl, masked: f.masked, fingerprint: f.fingerprint };
  const href = httpUrl(f.revokeUrl);
  return {
    range,
    severity: SEVERITY[level],
    source: 'keysweep',
    code: f.ruleId,
    ...(href ? { codeDescription: { href } } : {}),
    message: diagnosticMessage(f, gitStatus),
    data,
  };
}

/** Text shown as text in Markdown: every ASCII punctuation mark escaped, so `[x](y)`, `<img>`, `|` or `*` stay literal. */
export function markdownText(text: string): string {
  return printable(text).replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

/** Inline code that no backtick inside can close, and whose `|` cannot split a table cell. */
export function markdownCode(text: string): string {
  const safe = printable(text).replace(/\|/g, '\\|');
  const fence = '`'.repeat(Math.max(0, ...(safe.match(/`+/g) ?? []).map((run) => run.length)) + 1);
  return safe.startsWith('`') || safe.endsWith('`') ? `${fence} ${safe} ${fence}` : `${fence}${safe}${fence}`;
}

export function hoverFor(f: Finding, gitStatus: GitStatus): MarkupContent {
  const todo =
    gitStatus === 'ignored'
      ? 'It is git-ignored, so it stays on this machine — but coding agents and anyone with this folder can read it. Prefer a secret store, and revoke it if it was ever shared.'
      : 'Revoke or rotate it with the provider now (it may already be in history), move the new value into `.env` or a secret store, and reference it from the code.';
  const href = httpUrl(f.revokeUrl);
  return {
    kind: MarkupKind.Markdown,
    value: [
      `**Keysweep: ${markdownText(f.description)}**`,
      '',
      `| | |`,
      `|---|---|`,
      `| Provider | ${markdownText(f.provider)} |`,
      `| Rule | ${markdownCode(f.ruleId)} |`,
      `| Value | ${markdownCode(f.masked)} |`,
      `| Fingerprint | ${markdownCode(f.fingerprint)} |`,
      `| Git | ${gitStatus} — ${WHERE[gitStatus]} |`,
      '',
      `**What to do:** ${todo}`,
      '',
      // Angle brackets delimit the destination: a normalised URL holds no space, `<` or `>` to end it early, and its
      // brackets and parentheses are encoded for renderers that read link destinations loosely.
      href ? `[Open ${markdownText(f.provider)}'s revoke page](<${href.replace(/[()[\]]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}>)` : `Revoke it with ${markdownText(f.provider)}.`,
    ].join('\n'),
  };
}
