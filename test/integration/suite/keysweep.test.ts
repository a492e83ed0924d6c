/**
 * Keysweep inside a real VS Code extension host: views and commands registered, diagnostics for the fixture's planted
 * keys with severities by git status, the sidebar's content, and "Revoke Codex CLI credentials" on a fake CODEX_HOME.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite, suiteSetup, test } from 'mocha';
import * as vscode from 'vscode';
import { activateKeysweep, fixture, waitFor } from './helpers';

interface ViewNode {
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  children?: ViewNode[];
}
interface KeysweepApi {
  views(): { machine: ViewNode[]; apps: ViewNode[]; workspace: ViewNode[]; runbook: ViewNode[] };
  findings(): Array<{ path: string; gitStatus: string; level: string; masked: string }>;
  log(): string[];
  ready: Promise<void>;
  activationMs: number;
  serverPid(): number | undefined;
}

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
  activationEvents: string[];
  contributes: { commands: Array<{ command: string }>; views: Record<string, Array<{ id: string }>>; menus: { commandPalette: Array<{ command: string; when: string }> } };
};

let api: KeysweepApi;

function flatten(nodes: ViewNode[]): ViewNode[] {
  return nodes.flatMap((n) => [n, ...flatten(n.children ?? [])]);
}

const hovers: string[] = [];

/** Everything Keysweep showed: views, findings, hovers collected by the tests, the output channel's lines. */
function uiText(): string {
  return JSON.stringify(api.views()) + JSON.stringify(api.findings()) + hovers.join('\n') + api.log().join('\n');
}

suite('Keysweep in VS Code', () => {
  suiteSetup(async function () {
    this.timeout(60_000);
    const ext = await activateKeysweep();
    api = ext.exports as KeysweepApi;
    // Reported, not asserted (timings are benchmarks' business): activate() does no heavy work itself.
    console.log(`      activate() took ${api.activationMs.toFixed(1)} ms; activation events: ${JSON.stringify(manifest.activationEvents)}`);
    await api.ready;
  });

  test('every contributed command is registered, and item-only commands are hidden from the palette', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const c of manifest.contributes.commands) assert.ok(registered.has(c.command), `${c.command} is not registered`);
    const hidden = new Set(manifest.contributes.menus.commandPalette.filter((m) => m.when === 'false').map((m) => m.command));
    for (const itemOnly of ['keysweep.revokeItem', 'keysweep.revealFinding', 'keysweep.openUrl', 'keysweep.markItemReviewed']) assert.ok(hidden.has(itemOnly), itemOnly);
    assert.ok(!hidden.has('keysweep.revokeCodex'));
    assert.deepEqual((manifest.contributes.views.keysweep ?? []).map((v) => v.id), ['keysweep.machine', 'keysweep.apps', 'keysweep.workspace', 'keysweep.runbook']);
    // Never on startup itself: the views, or once startup has finished.
    assert.ok(!manifest.activationEvents.includes('*') && !manifest.activationEvents.includes('onStartup'));
  });

  test('diagnostics appear for the planted keys, with severities by git status', async function () {
    this.timeout(60_000);
    const dir = fixture().dir;
    const expectations: Array<[string, vscode.DiagnosticSeverity]> = [
      ['src/openai-client.ts', vscode.DiagnosticSeverity.Warning], // tracked
      ['config/slack.yaml', vscode.DiagnosticSeverity.Warning], // untracked: would be committed
      ['.env', vscode.DiagnosticSeverity.Information], // git-ignored: local only
    ];
    for (const [rel, severity] of expectations) {
      const uri = vscode.Uri.file(join(dir, rel));
      const doc = await vscode.workspace.openTextDocument(uri);
      const diagnostics = await waitFor(() => {
        const ds = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'keysweep');
        return ds.length > 0 && ds.every((d) => d.severity === severity) ? ds : undefined;
      }, `keysweep diagnostics on ${rel} with severity ${severity}`);
      for (const d of diagnostics) {
        const secret = doc.getText(d.range);
        // The first diagnostics may come from the workspace scan, before the opened document's own scan: wait.
        const hoverText = await waitFor(async () => {
          const hover = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, d.range.start.translate(0, 2))) ?? [];
          return hover.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
        }, `a hover on ${rel}`);
        assert.match(hoverText, /Keysweep:.*\n[\s\S]*Fingerprint/, `a Keysweep hover on ${rel}`);
        assert.ok(!hoverText.includes(secret), `the hover shows the key in ${rel}`);
        hovers.push(hoverText);
        assert.ok(secret.length >= 20, `the range covers the key in ${rel}`);
        assert.ok(!d.message.includes(secret), `the message shows the key in ${rel}`);
        assert.match(String(typeof d.code === 'object' ? d.code.value : d.code), /^[a-z0-9-]+$/);
      }
    }
  });

  test('the Workspace view lists findings by file, tracked first; This Machine shows Codex CLI first', async () => {
    const workspace = await waitFor(() => (api.views().workspace.length >= 4 ? api.views().workspace : undefined), 'workspace findings');
    assert.equal(workspace[0]!.description!.endsWith('tracked'), true, JSON.stringify(workspace.map((n) => n.description)));
    assert.ok(workspace.some((n) => n.label === '.env' && /git-ignored/.test(n.description ?? '')));
    const machine = api.views().machine;
    assert.equal(machine[0]!.label, 'Codex CLI');
    const login = machine[0]!.children!.find((c) => c.id === 'cred:codex:auth');
    assert.ok(login, JSON.stringify(machine[0]!.children!.map((c) => c.id)));
    assert.match(login.description ?? '', /dev@example\.com/);
    const apps = flatten(api.views().apps);
    assert.ok(apps.some((n) => n.label === 'linear'), 'the Codex MCP grant shows in Connected Apps');
    assert.ok(api.views().runbook.length === 5);
  });

  test('no planted value appears in the views, findings, hovers, diagnostics or the output channel', () => {
    const text = uiText();
    for (const secret of fixture().home!.secrets) assert.ok(!text.includes(secret), 'a fake-home secret leaked');
    const planted = Object.values(fixture().files).join('\n').match(/sk-proj-[\w-]{40,}|ghp_\w{36}|xoxb-[\w-]{30,}|sk-ant-api03-[\w-]{60,}/g) ?? [];
    assert.ok(planted.length >= 4);
    for (const value of planted) assert.ok(!text.includes(value), 'a workspace key leaked');
  });

  test('the language server runs in its own process, and the client restarts it after a crash', async function () {
    this.timeout(60_000);
    const pid = await waitFor(() => api.serverPid(), 'the server process');
    assert.notEqual(pid, process.pid);
    process.kill(pid, 'SIGKILL');
    const restarted = await waitFor(() => (api.serverPid() && api.serverPid() !== pid ? api.serverPid() : undefined), 'a restarted server', 30_000);
    assert.notEqual(restarted, pid);
    // The restarted server diagnoses documents again.
    const uri = vscode.Uri.file(join(fixture().dir, 'src', 'settings.py'));
    await vscode.workspace.openTextDocument(uri);
    await waitFor(() => vscode.languages.getDiagnostics(uri).some((d) => d.source === 'keysweep'), 'diagnostics from the restarted server');
  });

  test('"Revoke Codex CLI credentials" removes exactly the login, and the tree updates', async function () {
    this.timeout(60_000);
    const home = fixture().home!;
    const auth = join(home.codexHome, 'auth.json');
    const keep = ['.credentials.json', 'config.toml'].map((f) => join(home.codexHome, f));
    const before = keep.map((p) => readFileSync(p, 'utf8'));
    assert.ok(existsSync(auth));
    await vscode.commands.executeCommand('keysweep.revokeCodex', { assumeConfirmed: true });
    assert.ok(!existsSync(auth), 'auth.json is gone');
    assert.deepEqual(keep.map((p) => readFileSync(p, 'utf8')), before, 'MCP tokens and config untouched');
    assert.ok(existsSync(join(home.codexHome, 'sessions', '2026', '11', '20', 'rollout-1.jsonl')), 'sessions untouched');
    await waitFor(() => !flatten(api.views().machine).some((n) => n.id === 'cred:codex:auth'), 'the login to leave the tree');
    const log = api.log().join('\n');
    assert.match(log, /revoke codex: /, 'the revoke is logged');
    for (const secret of home.secrets) assert.ok(!log.includes(secret), 'the output channel shows a secret');
    const runbook = flatten(api.views().runbook);
    assert.equal(runbook.find((n) => n.id === 'step:codex-logout')?.description, 'done');
  });
});
