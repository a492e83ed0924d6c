/** "Runbook": the incident-response checklist as checkbox items, grouped by row. */
import type { Runbook, RunbookStep } from '../runbook/runbook';
import type { ViewNode } from './view-node';

function stepCommand(step: RunbookStep): ViewNode['command'] {
  if (!step.action) return undefined;
  if (step.action.kind === 'open-url') return { command: 'keysweep.openUrl', title: 'Open', arguments: [step.action.url] };
  if (step.action.kind === 'revoke') return { command: 'keysweep.revokeSource', title: 'Revoke', arguments: [step.action.sourceId] };
  return { command: 'keysweep.runInTerminal', title: 'Run', arguments: [step.action.command] };
}

export function runbookNodes(runbook: Runbook): ViewNode[] {
  return runbook.rows.map((row) => {
    const done = row.steps.filter((s) => s.state !== 'not-done').length;
    return {
      id: `row:${row.number}`,
      label: `${row.number}. ${row.title}`,
      description: `${done}/${row.steps.length}`,
      icon: done === row.steps.length ? { id: 'pass', color: 'testing.iconPassed' } : { id: 'circle-large-outline' },
      collapsed: false,
      children: row.steps.map((s) => ({
        id: `step:${s.id}`,
        label: s.title,
        description: s.state === 'not-applicable' ? 'not applicable' : s.state === 'done' ? 'done' : undefined,
        tooltip: [`**${s.title}**`, '', ...s.details.map((d) => `- ${d}`)].join('\n'),
        checked: s.state !== 'not-done',
        contextValue: `step${s.state === 'not-done' ? ' open' : ''}${s.action ? ` action-${s.action.kind}` : ''}`,
        command: stepCommand(s),
      })),
    };
  });
}
