/**
 * The VS Code face: the language client (diagnostics, quick fixes), the Keysweep sidebar (This Machine, Connected
 * Apps, Workspace, Runbook), the commands, the status-bar shield and the repo-key warnings. Everything shown comes
 * from plain functions in src/views; this file wires them to VS Code. Heavy work (reading credential sources,
 * scanning) starts only after activation and never blocks it.
 */
import { hostname, homedir, userInfo } from 'node:os';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { KeysweepSettings } from '../config/settings';
import type { LocalCredential } from '../credentials/types';
import { markReviewed, readReviewState, reviewStatePath, type ReviewState } from '../grants/review-state';
import type { Grant } from '../grants/types';
import { loadInventory, type Inventory } from '../inventory';
import { FindingsChangedNotification, WorkspaceScanRequest, type WireFinding } from '../protocol';
import { runbookMarkdown } from '../runbook/markdown';
import { buildRunbook, DEFAULT_INCIDENT_WINDOW_DAYS, type Runbook } from '../runbook/runbook';
import { appsNodes } from '../views/apps-view';
import { machineNodes } from '../views/machine-view';
import { runbookNodes } from '../views/runbook-view';
import { statusBarModel } from '../views/status-bar';
import { workspaceNodes } from '../views/workspace-view';
import { createLanguageClient } from './client';
import { registerCommands } from './commands';
import { RepoKeyNotifier } from './notifications';
import { readSettings } from './settings';
import { NodeTreeProvider } from './tree';

export interface KeysweepApi {
  /** For tests and other extensions: what each view shows right now (plain data). */
  views(): { machine: unknown[]; apps: unknown[]; workspace: unknown[]; runbook: unknown[] };
  findings(): WireFinding[];
  credentials(): LocalCredential[];
  /** What Keysweep wrote to its output channel recently. */
  log(): string[];
  refresh(): Promise<void>;
  scanWorkspace(): Promise<WireFinding[]>;
  /** Resolves once the first inventory and workspace scan have landed. */
  ready: Promise<void>;
  /** How long activate() itself took: heavy work runs after it returns. */
  activationMs: number;
  /** The language server's process id (it runs apart from the extension host), once it has started. */
  serverPid(): number | undefined;
}

export class KeysweepState {
  inventory: Inventory = { credentials: [], grants: [], grantProblems: [], errors: [], toolOrder: [] };
  reviews: ReviewState = { version: 1, reviews: {} };
  findings: WireFinding[] = [];
  incidentSince = new Date(Date.now() - DEFAULT_INCIDENT_WINDOW_DAYS * 86_400_000);
  settings!: KeysweepSettings;

  readonly machine = new NodeTreeProvider();
  readonly apps = new NodeTreeProvider();
  readonly workspace = new NodeTreeProvider();
  readonly runbookTree = new NodeTreeProvider();
  readonly status = vscode.window.createStatusBarItem('keysweep.status', vscode.StatusBarAlignment.Left, 50);
  client: LanguageClient | undefined;

  constructor(
    readonly output: vscode.LogOutputChannel,
    readonly home: string,
  ) {
    this.status.name = 'Keysweep';
    this.status.command = 'workbench.view.extension.keysweep';
  }

  /** The last lines written to the output channel, for the API (tests check them for leaks). */
  readonly recentLog: string[] = [];

  log(line: string): void {
    this.output.info(line);
    this.recentLog.push(line);
    if (this.recentLog.length > 2000) this.recentLog.splice(0, this.recentLog.length - 2000);
  }

  get reviewPath(): string {
    return reviewStatePath(this.home, process.env);
  }

  runbook(): Runbook {
    return buildRunbook({
      now: new Date(),
      since: this.incidentSince,
      credentials: this.inventory.credentials,
      grants: this.inventory.grants,
      findings: this.findings.map((f) => ({ ...f, line: f.range.start.line + 1 })),
      reviews: this.reviews,
    });
  }

  async refreshMachine(): Promise<void> {
    const started = Date.now();
    try {
      this.inventory = await loadInventory({ home: this.home, env: process.env, platform: process.platform, now: new Date(), sources: this.settings.credentialSources });
      const read = await readReviewState(this.reviewPath);
      if (read.warning) this.log(read.warning);
      this.reviews = read.state;
      for (const e of this.inventory.errors) this.log(`inventory: ${e}`);
      await vscode.commands.executeCommand('setContext', 'keysweep.machine.state', this.inventory.credentials.length ? 'ok' : 'empty');
      this.log(`inventory: ${this.inventory.credentials.length} credential(s), ${this.inventory.grants.length} grant(s) in ${Date.now() - started} ms`);
    } catch (err) {
      this.log(`inventory failed: ${(err as Error).message}`);
      await vscode.commands.executeCommand('setContext', 'keysweep.machine.state', 'error');
    }
    this.render();
  }

  render(): void {
    const now = new Date();
    this.machine.setNodes(machineNodes(this.inventory.credentials, now, this.inventory.toolOrder));
    this.apps.setNodes(appsNodes(this.inventory.grants, this.reviews, now, this.settings.reviewIntervalDays));
    this.workspace.setNodes(workspaceNodes(this.findings));
    this.runbookTree.setNodes(runbookNodes(this.runbook()));
    const model = statusBarModel(this.findings, this.inventory.credentials);
    this.status.text = model.text;
    this.status.tooltip = model.tooltip;
    this.status.backgroundColor = model.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.status.show();
  }

  async markReviewed(ids: string[]): Promise<void> {
    const result = await markReviewed(this.reviewPath, ids, new Date());
    if (result.warning) this.log(result.warning);
    this.reviews = result.state;
    this.render();
  }

  exportRunbook(): string {
    return runbookMarkdown(this.runbook(), {
      who: safeUser(),
      machine: hostname(),
      workspace: vscode.workspace.workspaceFolders?.map((f) => f.uri.fsPath).join(', '),
    });
  }
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

let state: KeysweepState | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<KeysweepApi> {
  const activationStarted = performance.now();
  const output = vscode.window.createOutputChannel('Keysweep', { log: true });
  // KEYSWEEP_HOME lets tests (and audits of a copied profile) point every source at another home, like `--home`.
  const s = new KeysweepState(output, process.env.KEYSWEEP_HOME || homedir());
  state = s;
  s.settings = readSettings((l) => s.log(l));
  const notifier = new RepoKeyNotifier((l) => s.log(l));

  context.subscriptions.push(
    output,
    s.status,
    vscode.window.createTreeView('keysweep.machine', { treeDataProvider: s.machine, showCollapseAll: true }),
    vscode.window.createTreeView('keysweep.apps', { treeDataProvider: s.apps, showCollapseAll: true }),
    vscode.window.createTreeView('keysweep.workspace', { treeDataProvider: s.workspace, showCollapseAll: true }),
  );
  const runbookView = vscode.window.createTreeView('keysweep.runbook', { treeDataProvider: s.runbookTree });
  context.subscriptions.push(
    runbookView,
    runbookView.onDidChangeCheckboxState(async (e) => {
      const ids = e.items.filter(([, st]) => st === vscode.TreeItemCheckboxState.Checked).map(([node]) => node.id.replace(/^step:/, ''));
      if (ids.length) await s.markReviewed(ids);
    }),
  );

  const client = createLanguageClient(context, output);
  s.client = client;
  context.subscriptions.push(client);
  const clientReady = client.start().then(
    () => {
      client.onNotification(FindingsChangedNotification, ({ findings }) => {
        s.findings = findings;
        s.render();
        void notifier.notify(findings);
      });
    },
    (err: Error) => s.log(`language server failed to start: ${err.message}`),
  );
  context.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      void client.sendNotification('keysweep/setTrusted', { trusted: true });
      // The last workspace scan ran no git (untrusted): scan again so its findings get their git status.
      void scanWorkspace().catch((err: Error) => s.log(`workspace scan failed: ${err.message}`));
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('keysweep')) {
        s.settings = readSettings((l) => s.log(l));
        void s.refreshMachine();
      }
    }),
  );

  const scanWorkspace = async (): Promise<WireFinding[]> => {
    await clientReady;
    if (!vscode.workspace.workspaceFolders?.length) return [];
    const summary = await client.sendRequest(WorkspaceScanRequest, {});
    s.log(`workspace scan: ${summary.findings.length} finding(s) in ${summary.filesScanned} files (${summary.durationMs} ms)`);
    s.findings = summary.findings;
    s.render();
    void notifier.notify(summary.findings);
    return summary.findings;
  };

  registerCommands(context, s, { scanWorkspace });

  // Nothing heavy before activation returns: the inventory and the first scan run in the background.
  const ready = Promise.all([s.refreshMachine(), scanWorkspace().catch((err: Error) => s.log(`workspace scan failed: ${err.message}`))]).then(() => undefined);
  s.render();

  const activationMs = performance.now() - activationStarted;
  s.log(`activated in ${activationMs.toFixed(1)} ms (inventory and first scan continue in the background)`);
  return {
    activationMs,
    serverPid: () => (client.initializeResult?.capabilities.experimental as { pid?: number } | undefined)?.pid,
    views: () => ({ machine: [...s.machine.nodes], apps: [...s.apps.nodes], workspace: [...s.workspace.nodes], runbook: [...s.runbookTree.nodes] }),
    findings: () => s.findings,
    credentials: () => s.inventory.credentials,
    log: () => [...s.recentLog],
    refresh: async () => {
      await Promise.all([s.refreshMachine(), scanWorkspace()]);
    },
    scanWorkspace,
    ready,
  };
}

export function deactivate(): Thenable<void> | undefined {
  return state?.client?.stop();
}

export type { Grant };
