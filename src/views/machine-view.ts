/** "This Machine": the credential sources, Codex CLI first, each with status, description, tooltip and problems. */
import { whereText } from '../credentials/describe';
import type { LocalCredential, Severity } from '../credentials/types';
import { ageText, type ViewNode } from './view-node';

const ICON_BY_WORST: Record<Severity | 'none', { id: string; color?: string }> = {
  error: { id: 'error', color: 'problemsErrorIcon.foreground' },
  warning: { id: 'warning', color: 'problemsWarningIcon.foreground' },
  info: { id: 'info', color: 'problemsInfoIcon.foreground' },
  none: { id: 'key' },
};

function worst(c: LocalCredential): Severity | 'none' {
  if (c.problems.some((p) => p.severity === 'error')) return 'error';
  if (c.problems.some((p) => p.severity === 'warning')) return 'warning';
  if (c.problems.some((p) => p.severity === 'info')) return 'info';
  return 'none';
}

export function credentialDescription(c: LocalCredential, now: Date): string {
  const parts: string[] = [];
  if (c.state !== 'present') parts.push(c.state);
  if (c.account?.email) parts.push(c.account.email);
  if (c.account?.plan) parts.push(c.account.plan);
  if (c.masked) parts.push(c.masked);
  const refreshed = ageText(c.lastRefresh ?? c.modifiedAt, now);
  if (refreshed) parts.push(refreshed);
  if (c.problems.length) parts.push(`${c.problems.length} problem${c.problems.length === 1 ? '' : 's'}`);
  return parts.join(' · ');
}

export function credentialTooltip(c: LocalCredential, now: Date): string {
  const rows: Array<[string, string | undefined]> = [
    ['What', c.kind],
    ['Where', whereText(c)],
    ['State', c.state],
    ['Storage', c.storage],
    ['Account', [c.account?.email, c.account?.name, c.account?.plan, c.account?.id].filter(Boolean).join(' · ') || undefined],
    ['Value', c.masked && `\`${c.masked}\``],
    ['Refreshed', c.lastRefresh && `${c.lastRefresh} (${ageText(c.lastRefresh, now)})`],
    ['Expires', c.expiresAt && `${c.expiresAt} (${ageText(c.expiresAt, now)})`],
    ['Scopes', c.scopes?.join(', ')],
  ];
  const lines = [`**${c.tool} — ${c.label}**`, '', ...rows.filter(([, v]) => v).map(([k, v]) => `- **${k}:** ${v}`)];
  if (c.problems.length) lines.push('', '**Problems**', ...c.problems.map((p) => `- ${p.message}`));
  return lines.join('\n');
}

/** `credential` plus facets the menus key on: revocable sources, a file to reveal. */
function contextValue(c: LocalCredential): string {
  const parts = ['credential', `source-${c.sourceId}`];
  if (c.location.type === 'file') parts.push('file');
  if (c.state === 'present' || c.state === 'malformed' || c.state === 'unreadable') parts.push('revocable');
  return parts.join(' ');
}

/** Codex CLI first (the headline), then tools in the order the sources registry lists them. */
export function machineNodes(credentials: readonly LocalCredential[], now: Date, toolOrder: readonly string[] = []): ViewNode[] {
  const byTool = new Map<string, LocalCredential[]>();
  for (const c of credentials) byTool.set(c.sourceId, [...(byTool.get(c.sourceId) ?? []), c]);
  const rank = (id: string) => (id === 'codex' ? -1 : toolOrder.indexOf(id) === -1 ? 999 : toolOrder.indexOf(id));
  const groups = [...byTool.entries()].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
  return groups.map(([sourceId, items]) => {
    const problems = items.reduce((n, c) => n + c.problems.length, 0);
    const icon = problems ? ICON_BY_WORST[items.map(worst).includes('error') ? 'error' : 'warning'] : { id: 'pass', color: 'testing.iconPassed' };
    return {
      id: `source:${sourceId}`,
      label: items[0]!.tool,
      description: `${items.length} item${items.length === 1 ? '' : 's'}${problems ? ` · ${problems} problem${problems === 1 ? '' : 's'}` : ''}`,
      icon,
      contextValue: `source source-${sourceId}`,
      collapsed: sourceId !== 'codex',
      children: items.map((c) => ({
        id: `cred:${c.id}`,
        label: c.label,
        description: credentialDescription(c, now),
        tooltip: credentialTooltip(c, now),
        icon: ICON_BY_WORST[worst(c)],
        contextValue: contextValue(c),
        resourcePath: c.location.type === 'file' ? c.location.path : undefined,
        collapsed: true,
        command: { command: 'keysweep.showDetails', title: 'Show Details', arguments: [c.id] },
        children: c.problems.map((p, i) => ({
          id: `cred:${c.id}:problem:${i}`,
          label: p.message,
          icon: ICON_BY_WORST[p.severity],
          contextValue: 'problem',
        })),
      })),
    };
  });
}
