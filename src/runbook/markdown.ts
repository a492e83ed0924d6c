/** The runbook as Markdown to paste into an incident ticket: who, when, what was found (masked), done, left. */
import { runbookProgress, type Runbook, type RunbookStep } from './runbook';

export interface RunbookMeta {
  who: string;
  machine: string;
  workspace?: string;
}

const BOX: Record<RunbookStep['state'], string> = { done: '[x]', 'not-done': '[ ]', 'not-applicable': '[x] ~~n/a~~' };

function actionText(step: RunbookStep): string {
  if (!step.action) return '';
  if (step.action.kind === 'open-url') return ` — <${step.action.url}>`;
  if (step.action.kind === 'run') return ` — run \`${step.action.command}\``;
  return ` — run \`keysweep revoke ${step.action.sourceId}\``;
}

function formatInstant(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

export function runbookMarkdown(runbook: Runbook, meta: RunbookMeta): string {
  const progress = runbookProgress(runbook);
  const out: string[] = [
    '# Credential incident response',
    '',
    `- **Who:** ${meta.who}`,
    `- **Machine:** ${meta.machine}`,
    ...(meta.workspace ? [`- **Workspace:** ${meta.workspace}`] : []),
    `- **Generated:** ${formatInstant(runbook.generatedAt)} (steps done since ${formatInstant(runbook.since)})`,
    `- **Progress:** ${progress.done} done, ${progress.open} left, ${progress.notApplicable} not applicable`,
    '',
  ];
  for (const row of runbook.rows) {
    out.push(`## ${row.number}. ${row.title}`, '');
    for (const step of row.steps) {
      out.push(`- ${BOX[step.state]} ${step.title}${actionText(step)}`);
      for (const d of step.details) out.push(`  - ${d}`);
    }
    out.push('');
  }
  const left = runbook.rows.flatMap((r) => r.steps.filter((s) => s.state === 'not-done').map((s) => `${r.number}. ${s.title}`));
  out.push('## What is left', '', ...(left.length ? left.map((l) => `- ${l}`) : ['- Nothing: every step is done or not applicable.']), '');
  return out.join('\n');
}
