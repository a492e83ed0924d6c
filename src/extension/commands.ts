/** Command registrations. Palette commands and item commands (hidden from the palette in package.json). */
import * as vscode from 'vscode';
import { isSafeToType } from '../runbook/command-line';
import { CATALOG, catalogEntry } from '../grants/catalog';
import { CLIENT_COMMANDS, type WireFinding } from '../protocol';
import { SOURCE_IDS } from '../inventory';
import type { ViewNode } from '../views/view-node';
import type { KeysweepState } from './extension';
import { revokeOptions, runRevokeFlow } from './revoke-flow';

async function openUrl(url: unknown): Promise<void> {
  if (typeof url !== 'string' || !/^https:\/\//.test(url)) return;
  await vscode.env.openExternal(vscode.Uri.parse(url));
}

function credentialIdOf(node: ViewNode | undefined): string | undefined {
  return node?.id.startsWith('cred:') ? node.id.slice('cred:'.length) : undefined;
}

export function registerCommands(context: vscode.ExtensionContext, s: KeysweepState, api: { scanWorkspace: () => Promise<WireFinding[]> }): void {
  const register = (id: string, fn: (...args: any[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));

  register('keysweep.revokeCodex', (options?: unknown) => runRevokeFlow(s, 'codex', undefined, revokeOptions(options)));
  // One "Log Out of …" per source the manifest declares (package.json is the list the palette shows).
  const declared = ((context.extension.packageJSON as { contributes?: { commands?: Array<{ command: string }> } }).contributes?.commands ?? [])
    .map((c) => c.command)
    .filter((c) => c.startsWith('keysweep.logout.'));
  for (const command of declared) {
    const sourceId = command.slice('keysweep.logout.'.length);
    register(command, (options?: unknown) =>
      SOURCE_IDS.includes(sourceId) ? runRevokeFlow(s, sourceId, undefined, revokeOptions(options)) : vscode.window.showInformationMessage(`Keysweep: ${sourceId} is not checked on this machine.`),
    );
  }
  register('keysweep.revokeSource', (sourceId: string) => runRevokeFlow(s, sourceId));
  register('keysweep.revokeItem', (node?: ViewNode) => {
    const id = credentialIdOf(node);
    const credential = s.inventory.credentials.find((c) => c.id === id);
    return credential ? runRevokeFlow(s, credential.sourceId, [credential.id]) : undefined;
  });
  register('keysweep.scanWorkspace', () =>
    vscode.window.withProgress({ location: { viewId: 'keysweep.workspace' } }, () => api.scanWorkspace()),
  );
  register('keysweep.refresh', () => Promise.all([s.refreshMachine(), api.scanWorkspace()]));
  register(CLIENT_COMMANDS.openUrl, openUrl);
  register('keysweep.openActiveSessions', () => openUrl(catalogEntry('chatgpt-active-sessions')!.url));
  register('keysweep.openApiKeys', () => openUrl(catalogEntry('openai-api-keys')!.url));
  register('keysweep.openCatalogEntry', async (id: string | ViewNode) => {
    const entryId = typeof id === 'string' ? id : id?.id.replace(/^catalog:/, '');
    const entry = entryId ? catalogEntry(entryId) : undefined;
    if (entry) await openUrl(entry.url);
  });
  register('keysweep.reviewConnectedApps', async () => {
    await vscode.commands.executeCommand('keysweep.apps.focus');
    const picked = await vscode.window.showQuickPick(
      CATALOG.map((e) => ({ label: e.title, description: e.service, detail: e.lookFor, id: e.id })),
      { title: 'Review connected apps: open a page', placeHolder: 'Pick a page to open; mark it reviewed from the Connected Apps view' },
    );
    if (picked) await openUrl(catalogEntry(picked.id)!.url);
  });
  register('keysweep.markItemReviewed', (node?: ViewNode) => {
    const id = node?.id.replace(/^(catalog|grant):/, '');
    return id ? s.markReviewed([id]) : undefined;
  });
  register('keysweep.markReviewed', async () => {
    const items = [
      ...s.inventory.grants.map((g) => ({ label: `${g.client} → ${g.name}`, description: 'grant on this machine', id: g.id })),
      ...CATALOG.map((e) => ({ label: e.title, description: e.service, id: e.id })),
    ];
    const picked = await vscode.window.showQuickPick(items, { canPickMany: true, title: 'Mark reviewed today' });
    if (picked?.length) await s.markReviewed(picked.map((p) => p.id));
  });
  register('keysweep.startIncidentResponse', async () => {
    s.incidentSince = new Date();
    s.render();
    await vscode.commands.executeCommand('keysweep.runbook.focus');
    void vscode.window.showInformationMessage('Keysweep: incident response started. Work through the Runbook view; export it as Markdown for the ticket.', 'Export Runbook as Markdown').then((c) => c && vscode.commands.executeCommand('keysweep.exportRunbook'));
  });
  register('keysweep.exportRunbook', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: s.exportRunbook() });
    await vscode.window.showTextDocument(doc);
  });
  register('keysweep.runInTerminal', (command: unknown) => {
    // Typed into a shell: a line break would run it (or another command), an escape would act on the terminal.
    if (!isSafeToType(command)) {
      void vscode.window.showErrorMessage('Keysweep: that command holds characters that could change what runs; it was not typed into a terminal.');
      return;
    }
    const terminal = vscode.window.createTerminal({ name: 'Keysweep' });
    terminal.show();
    terminal.sendText(command, false); // typed, not run: the user presses Enter
  });
  register('keysweep.showDetails', async (id: string | ViewNode) => {
    const credentialId = typeof id === 'string' ? id : credentialIdOf(id);
    const c = s.inventory.credentials.find((x) => x.id === credentialId);
    if (!c) return;
    const node = s.machine.find(`cred:${c.id}`);
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: node?.tooltip ?? c.label });
    await vscode.window.showTextDocument(doc, { preview: true });
  });
  register('keysweep.revealFile', async (node?: ViewNode) => {
    if (node?.resourcePath) await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(node.resourcePath));
  });
  register('keysweep.openManagementPage', async (node?: ViewNode) => {
    const id = credentialIdOf(node);
    const credential = s.inventory.credentials.find((c) => c.id === id);
    if (!credential) return;
    const { planRevoke } = await import('../inventory');
    const plan = await planRevoke(credential.sourceId, { home: s.home, env: process.env, platform: process.platform, now: new Date() }, [credential.id]);
    const page = plan.steps.find((st) => st.kind === 'open-url');
    if (page && page.kind === 'open-url') await openUrl(page.url);
  });
  register('keysweep.revealFinding', async (uri: string | ViewNode, range?: WireFinding['range']) => {
    const target = typeof uri === 'string' ? { uri, range } : findingOf(s, uri);
    if (!target?.range) return;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(target.uri));
    const r = target.range;
    await vscode.window.showTextDocument(doc, { selection: new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character) });
  });
  register('keysweep.findingQuickFix', async (node?: ViewNode) => {
    const target = findingOf(s, node);
    if (!target) return;
    const uri = vscode.Uri.parse(target.uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    const r = target.range;
    const range = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
    await vscode.window.showTextDocument(doc, { selection: range });
    // The same quick fixes as the lightbulb: asked of the language server, so both always agree.
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value)) ?? [];
    const ours = actions.filter((a) => a.diagnostics?.some((d) => d.source === 'keysweep'));
    const picked = await vscode.window.showQuickPick(ours.map((a) => ({ label: a.title, action: a })), { title: `Fix ${target.provider} key ${target.masked}` });
    if (!picked) return;
    if (picked.action.edit) await vscode.workspace.applyEdit(picked.action.edit);
    if (picked.action.command) await vscode.commands.executeCommand(picked.action.command.command, ...(picked.action.command.arguments ?? []));
  });
}

function findingOf(s: KeysweepState, node: ViewNode | undefined): WireFinding | undefined {
  if (!node?.id.startsWith('finding:')) return undefined;
  return s.findings.find((f) => `finding:${f.uri}:${f.range.start.line}:${f.range.start.character}:${f.ruleId}` === node.id);
}
