/** "Workspace": API-key references grouped by file, files in the repository first, click to reveal the range. */
import type { WireFinding } from '../protocol';
import type { ViewNode } from './view-node';

const STATUS_RANK: Record<WireFinding['gitStatus'], number> = { tracked: 0, untracked: 1, unknown: 2, ignored: 3 };
const STATUS_TEXT: Record<WireFinding['gitStatus'], string> = {
  tracked: 'tracked',
  untracked: 'untracked — would be committed',
  unknown: 'not in git',
  ignored: 'git-ignored — local only',
};

export function workspaceNodes(findings: readonly WireFinding[]): ViewNode[] {
  const byFile = new Map<string, WireFinding[]>();
  for (const f of findings) byFile.set(f.uri, [...(byFile.get(f.uri) ?? []), f]);
  const files = [...byFile.values()].sort((a, b) => STATUS_RANK[a[0]!.gitStatus] - STATUS_RANK[b[0]!.gitStatus] || a[0]!.path.localeCompare(b[0]!.path));
  return files.map((items) => {
    const first = items[0]!;
    const inRepo = first.level === 'warning';
    return {
      id: `file:${first.uri}`,
      label: first.path,
      description: `${items.length} key${items.length === 1 ? '' : 's'} · ${STATUS_TEXT[first.gitStatus]}`,
      tooltip: `**${first.path}** — ${STATUS_TEXT[first.gitStatus]}\n\n${items.map((f) => `- ${f.description}: \`${f.masked}\` (line ${f.range.start.line + 1})`).join('\n')}`,
      icon: inRepo ? { id: 'warning', color: 'problemsWarningIcon.foreground' } : { id: 'info', color: 'problemsInfoIcon.foreground' },
      contextValue: `finding-file${first.gitStatus === 'ignored' ? '' : ' committable'}`,
      resourcePath: first.uri,
      collapsed: false,
      children: items
        .slice()
        .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character)
        .map((f) => ({
          id: `finding:${f.uri}:${f.range.start.line}:${f.range.start.character}:${f.ruleId}`,
          label: `${f.provider}: ${f.masked}`,
          description: `line ${f.range.start.line + 1} · ${f.ruleId}`,
          tooltip: `**${f.description}**\n\n- **Value:** \`${f.masked}\`\n- **Git:** ${STATUS_TEXT[f.gitStatus]}\n- **Revoke:** ${f.revokeUrl}`,
          icon: { id: 'key' },
          contextValue: 'finding',
          resourcePath: f.uri,
          command: { command: 'keysweep.revealFinding', title: 'Reveal', arguments: [f.uri, f.range] },
        })),
    };
  });
}

export function workspaceSummary(findings: readonly WireFinding[]): { inRepo: number; localOnly: number; files: number } {
  const inRepo = findings.filter((f) => f.level === 'warning').length;
  return { inRepo, localOnly: findings.length - inRepo, files: new Set(findings.map((f) => f.uri)).size };
}
