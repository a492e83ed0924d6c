/** "Connected Apps": grants known locally, then the management pages of the connected-app services. */
import { CATALOG, type CatalogEntry } from '../grants/catalog';
import { reviewStatus, type ReviewState } from '../grants/review-state';
import type { Grant } from '../grants/types';
import { ageText, type ViewNode } from './view-node';

function reviewedText(state: ReviewState, id: string, now: Date, intervalDays: number): { text: string; overdue: boolean } {
  const status = reviewStatus(state, id, now, intervalDays);
  if (!status.reviewedAt) return { text: 'never reviewed', overdue: true };
  return { text: `reviewed ${ageText(status.reviewedAt, now)}`, overdue: status.overdue };
}

export function grantNode(g: Grant, state: ReviewState, now: Date, intervalDays: number): ViewNode {
  const reviewed = reviewedText(state, g.id, now, intervalDays);
  const expired = g.expiresAt && Date.parse(g.expiresAt) < now.getTime();
  const problems = g.problems.length + g.plaintextSecrets.length;
  return {
    id: `grant:${g.id}`,
    label: `${g.name}`,
    description: [g.client, g.service !== g.name ? g.service : undefined, g.store, expired ? 'expired' : g.expiresAt ? `expires ${ageText(g.expiresAt, now)}` : undefined, reviewed.text].filter(Boolean).join(' · '),
    tooltip: [
      `**${g.client} → ${g.name}**`,
      '',
      ...(g.url ? [`- **Server:** ${g.url}`] : []),
      `- **Token stored:** ${g.store}${g.path ? ` (${g.path})` : ''}`,
      ...(g.scopes?.length ? [`- **Scopes:** ${g.scopes.join(', ')}`] : []),
      ...(g.expiresAt ? [`- **Expires:** ${g.expiresAt}`] : []),
      `- **Review:** ${reviewed.text}`,
      ...g.plaintextSecrets.map((s) => `- ⚠ plain-text secret \`${s.masked}\` at ${s.where}`),
      ...g.problems.map((p) => `- ⚠ ${p.message}`),
    ].join('\n'),
    icon: problems || reviewed.overdue ? { id: 'warning', color: 'problemsWarningIcon.foreground' } : { id: 'plug' },
    contextValue: 'grant reviewable',
    resourcePath: g.path,
    collapsed: true,
    children: [
      ...g.plaintextSecrets.map((s, i) => ({ id: `grant:${g.id}:secret:${i}`, label: `Plain-text secret ${s.masked}`, description: s.where, icon: { id: 'warning' }, contextValue: 'problem' })),
      ...g.problems.map((p, i) => ({ id: `grant:${g.id}:problem:${i}`, label: p.message, icon: { id: 'warning' }, contextValue: 'problem' })),
    ],
  };
}

export function catalogNode(e: CatalogEntry, state: ReviewState, now: Date, intervalDays: number): ViewNode {
  const reviewed = reviewedText(state, e.id, now, intervalDays);
  return {
    id: `catalog:${e.id}`,
    label: e.title,
    description: reviewed.text,
    tooltip: `**${e.title}**\n\n${e.lookFor}\n\n${e.url}`,
    icon: reviewed.overdue ? { id: 'circle-large-outline', color: 'problemsWarningIcon.foreground' } : { id: 'pass', color: 'testing.iconPassed' },
    contextValue: 'catalog reviewable openable',
    command: { command: 'keysweep.openCatalogEntry', title: 'Open', arguments: [e.id] },
  };
}

export function appsNodes(grants: readonly Grant[], state: ReviewState, now: Date, intervalDays = 90): ViewNode[] {
  const groups: ViewNode[] = [];
  groups.push({
    id: 'apps:local',
    label: 'Grants on this machine',
    description: `${grants.length}`,
    icon: { id: 'plug' },
    collapsed: false,
    children: grants.length
      ? grants.map((g) => grantNode(g, state, now, intervalDays))
      : [{ id: 'apps:local:none', label: 'No MCP servers or OAuth apps hold a grant here', icon: { id: 'pass' } }],
  });
  const services = [...new Set(CATALOG.map((e) => e.service))];
  for (const service of services) {
    const entries = CATALOG.filter((e) => e.service === service);
    const overdue = entries.filter((e) => reviewStatus(state, e.id, now, intervalDays).overdue).length;
    groups.push({
      id: `apps:service:${service}`,
      label: service,
      description: overdue ? `${overdue} to review` : 'all reviewed',
      icon: { id: 'globe' },
      collapsed: true,
      children: entries.map((e) => catalogNode(e, state, now, intervalDays)),
    });
  }
  return groups;
}
