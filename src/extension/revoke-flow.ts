/**
 * "Revoke Codex CLI credentials" and every "Log Out of …": a modal that lists exactly what will be removed, then the
 * tool's own logout (or the file and keychain steps), then a re-read that shows what is left, then the server-side
 * steps a logout cannot do.
 */
import * as vscode from 'vscode';
import type { RevokePlan, RevokeStep } from '../credentials/types';
import { carryOutPlan, planRevoke, sourceName, type StepOutcome } from '../inventory';
import type { KeysweepState } from './extension';

export function describeStep(step: RevokeStep): string {
  switch (step.kind) {
    case 'run':
      return `Run \`${[step.command, ...step.args].join(' ')}\` — ${step.description}`;
    case 'delete-file':
      return `Delete ${step.path} — ${step.description}`;
    case 'delete-entry':
      return `Remove "${step.entry}" from ${step.path} — ${step.description}`;
    case 'delete-keychain':
      return `Delete keychain item "${step.service}"${step.account ? ` / ${step.account}` : ''} — ${step.description}`;
    case 'open-url':
      return `Open ${step.url} — ${step.description}`;
  }
}

/** The modal's text: every local target by name, then what the steps do not do. */
export function confirmationDetail(plan: RevokePlan): string {
  const local = plan.steps.filter((s) => s.kind !== 'open-url');
  const lines = ['This will:', ...local.map((s) => `• ${describeStep(s)}`)];
  if (plan.doesNotCover.length) lines.push('', 'It does not:', ...plan.doesNotCover.map((l) => `• ${l}`));
  return lines.join('\n');
}

function outcomeLine(o: StepOutcome): string {
  return `${o.ok ? '✓' : '✗'} ${describeStep(o.step)}${o.message ? ` (${o.message})` : ''}`;
}

export interface RevokeFlowOptions {
  /**
   * For automation only (extension-host tests, other extensions calling the command with this argument): the plan
   * is logged instead of shown in a modal. The palette, menus and buttons never pass it.
   */
  assumeConfirmed?: boolean;
}

export function revokeOptions(arg: unknown): RevokeFlowOptions {
  return typeof arg === 'object' && arg !== null && (arg as RevokeFlowOptions).assumeConfirmed === true ? { assumeConfirmed: true } : {};
}

export async function runRevokeFlow(state: KeysweepState, sourceId: string, credentialIds?: string[], options: RevokeFlowOptions = {}): Promise<boolean> {
  const ctxOptions = { home: state.home, env: process.env, platform: process.platform, now: new Date() };
  const name = sourceName(sourceId);
  const plan = await planRevoke(sourceId, ctxOptions, credentialIds);
  const localSteps = plan.steps.filter((s) => s.kind !== 'open-url');
  if (localSteps.length === 0) {
    void vscode.window.showInformationMessage(`Keysweep: ${name} holds no credentials on this machine.`);
    return false;
  }
  const title = sourceId === 'codex' ? 'Revoke Codex CLI credentials?' : `Log out of ${name}?`;
  const confirm = sourceId === 'codex' ? 'Revoke' : 'Log Out';
  const choice = options.assumeConfirmed ? confirm : await vscode.window.showWarningMessage(title, { modal: true, detail: confirmationDetail(plan) }, confirm);
  if (options.assumeConfirmed) state.log(`revoke ${sourceId}: confirmed by the caller (automation):\n${confirmationDetail(plan)}`);
  if (choice !== confirm) {
    state.log(`revoke ${sourceId}: cancelled`);
    return false;
  }
  state.log(`revoke ${sourceId}: ${localSteps.length} step(s) confirmed`);
  const outcomes = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Keysweep: ${title.replace('?', '')}` },
    () => carryOutPlan(plan, ctxOptions, (line) => state.log(`revoke ${sourceId}: ${line}`)),
  );
  for (const o of outcomes) state.log(`revoke ${sourceId}: ${outcomeLine(o)}`);
  await state.refreshMachine();
  // What the plan set out to remove and is still there (MCP tokens or transcripts of the same tool were not targets).
  const targets = new Set(plan.credentialIds);
  const left = state.inventory.credentials.filter((c) => targets.has(c.id) && c.state !== 'unknown');
  const failed = outcomes.filter((o) => !o.ok);
  const summary =
    left.length === 0
      ? `${name}: logged out — nothing left on this machine.`
      : `${name}: ${left.length} item${left.length === 1 ? '' : 's'} still present (${left.map((c) => c.label).join(', ')}).`;
  const pages = plan.steps.filter((s): s is Extract<RevokeStep, { kind: 'open-url' }> => s.kind === 'open-url');
  const buttons = pages.slice(0, 3).map((p) => p.description);
  const message = `Keysweep: ${summary}${failed.length ? ` ${failed.length} step(s) failed — see the Keysweep output.` : ''}${pages.length ? ' A logout cannot do these server-side steps:' : ''}`;
  const show = failed.length || left.length ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  void show(message, ...buttons).then(async (picked) => {
    const page = pages.find((p) => p.description === picked);
    if (page) await vscode.env.openExternal(vscode.Uri.parse(page.url));
  });
  return left.length === 0;
}
