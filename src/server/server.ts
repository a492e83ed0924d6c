/**
 * The Keysweep language server: diagnostics for open documents (debounced, cancellable by newer edits), hovers,
 * quick fixes, and a workspace scan on request with work-done progress. Runs in its own process; the client
 * restarts it if it crashes.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocumentSyncKind,
  type Diagnostic,
  type InitializeParams,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { writeBaseline } from '../config/baseline';
import { defaultConfig } from '../config/keysweep-config';
import { buildRuleSet } from '../config/rule-set';
import { parseSettings, type KeysweepSettings } from '../config/settings';
import { applyBaseline } from '../engine/ignore';
import { scanText } from '../engine/scan';
import type { CompiledRuleSet, Finding } from '../engine/types';
import { FindingsChangedNotification, SERVER_COMMANDS, WorkspaceScanRequest, type WireFinding, type WorkspaceScanSummary } from '../protocol';
import type { GitStatus } from '../git/status';
import { scanWorkspace } from '../workspace/scan-workspace';
import { emptySkipCounts } from '../workspace/walk';
import { quickFixes, type FindingData } from './code-actions';
import { loadFolderState, relativeTo, type FolderState } from './folder-state';
import { GitStatusCache } from './git-cache';
import { FindingTracker, INCREMENTAL_MIN_LENGTH } from './incremental';
import { hoverFor, toDiagnostic } from './presentation';

interface InitOptions {
  settings?: unknown;
  /** VS Code workspace trust: untrusted workspaces run built-in rules only. */
  trusted?: boolean;
}

interface DocumentFindings {
  version: number;
  findings: Finding[];
  gitStatus: GitStatus;
}

/** Open documents, kept here rather than in TextDocuments so each edit's range reaches the incremental scanner. */
interface OpenDocument {
  doc: TextDocument;
  tracker: FindingTracker;
  /** Set while edits are pending a full scan (see scanDocument). */
  needsFullScan: boolean;
}

const connection = createConnection(ProposedFeatures.all);
const open = new Map<string, OpenDocument>();
const documents = {
  get: (uri: string) => open.get(uri)?.doc,
  all: () => [...open.values()].map((o) => o.doc),
};
const git = new GitStatusCache(false); // no git until initialize says the workspace is trusted
const scans = new Map<string, DocumentFindings>();
const timers = new Map<string, NodeJS.Timeout>();
/** After typing pauses this long, an incrementally scanned document gets one full, exact scan. */
const SETTLE_DELAY_MS = 750;
let settings: KeysweepSettings = parseSettings({}).settings;
let trusted = true;
let folders: Array<{ uri: string; path: string }> = [];
let folderStates = new Map<string, Promise<FolderState>>();
let workspaceFindings: WireFinding[] = [];

function filePath(uri: string): string | undefined {
  return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
}

function folderOf(path: string | undefined): { uri: string; path: string } | undefined {
  if (!path) return undefined;
  return folders.filter((f) => relativeTo(f.path, path) !== undefined).sort((a, b) => b.path.length - a.path.length)[0];
}

function folderState(folder: { uri: string; path: string }): Promise<FolderState> {
  let state = folderStates.get(folder.uri);
  if (!state) {
    state = loadFolderState(folder.path, folder.uri, settings, trusted);
    folderStates.set(folder.uri, state);
    void state.then((s) => s.error && connection.window.showWarningMessage(`Keysweep: ${s.error}`));
  }
  return state;
}

async function reloadEverything(): Promise<void> {
  folderStates = new Map();
  git.invalidate();
  for (const doc of documents.all()) scheduleScan(doc, 0);
}

connection.onInitialize((params: InitializeParams) => {
  const options = (params.initializationOptions ?? {}) as InitOptions;
  settings = parseSettings(options.settings).settings;
  trusted = options.trusted ?? true;
  git.setRunGit(trusted);
  folders = (params.workspaceFolders ?? []).map((f) => ({ uri: f.uri, path: fileURLToPath(f.uri) }));
  if (folders.length === 0 && params.rootUri) folders = [{ uri: params.rootUri, path: fileURLToPath(params.rootUri) }];
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      executeCommandProvider: { commands: [SERVER_COMMANDS.addToBaseline] },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      // The client's API exposes it so tests can check that a crashed server is restarted.
      experimental: { pid: process.pid },
    },
    serverInfo: { name: 'keysweep', version: process.env.KEYSWEEP_VERSION ?? 'dev' },
  };
});

connection.onInitialized(() => {
  void connection.client.register(DidChangeConfigurationNotification.type, { section: 'keysweep' }).catch(() => undefined);
  connection.workspace.onDidChangeWorkspaceFolders((e) => {
    folders = folders.filter((f) => !e.removed.some((r) => r.uri === f.uri));
    folders.push(...e.added.map((f) => ({ uri: f.uri, path: fileURLToPath(f.uri) })));
    void reloadEverything();
  });
});

connection.onDidChangeConfiguration((change) => {
  const raw = (change.settings as { keysweep?: unknown } | undefined)?.keysweep ?? change.settings;
  const parsed = parseSettings(raw);
  if (parsed.error) void connection.window.showWarningMessage(`Keysweep: ${parsed.error}`);
  settings = parsed.settings;
  void reloadEverything();
});

/** A trust change arrives as a custom notification from the client. */
connection.onNotification('keysweep/setTrusted', (params: { trusted: boolean }) => {
  trusted = params?.trusted === true;
  git.setRunGit(trusted);
  void reloadEverything();
});

connection.onDidChangeWatchedFiles(() => void reloadEverything());

/** `incremental`: a typing edit that may re-scan only a window; otherwise the whole document is scanned. */
function scheduleScan(doc: TextDocument, delay: number, incremental = false): void {
  clearTimeout(timers.get(doc.uri));
  timers.set(
    doc.uri,
    setTimeout(() => {
      timers.delete(doc.uri);
      void scanDocument(doc.uri, doc.version, incremental);
    }, delay),
  );
}

async function scanDocument(uri: string, version: number, incremental: boolean): Promise<void> {
  const entry = open.get(uri);
  const doc = entry?.doc;
  if (!entry || !doc || doc.version !== version) return; // a newer edit superseded this scan
  const path = filePath(uri);
  const folder = folderOf(path);
  const state = folder ? await folderState(folder) : undefined;
  const rel = folder && path ? relativeTo(folder.path, path) : undefined;
  const text = doc.getText();
  const excluded = (rel && state?.excluded.ignores(rel)) || text.length > settings.maxFileSize;
  const ruleSet = state?.ruleSet ?? fallbackRuleSet();
  const scanPath = rel ?? path ?? uri;
  const tracker = entry.tracker;
  const window = incremental && !entry.needsFullScan && text.length >= INCREMENTAL_MIN_LENGTH ? tracker.window(text) : undefined;
  if (excluded) tracker.reset([]);
  else if (window) {
    // Large document, small edit: re-scan the lines around it now, and the whole text once typing pauses.
    const found = scanText(text.slice(window.start, window.end), scanPath, ruleSet).map((f) => ({ ...f, start: f.start + window.start, end: f.end + window.start }));
    tracker.merge(window, found);
    scheduleScan(doc, SETTLE_DELAY_MS);
  } else {
    tracker.reset(scanText(text, scanPath, ruleSet));
    entry.needsFullScan = false;
  }
  const findings = state ? applyBaseline(tracker.findings, state.baseline) : tracker.findings;
  const gitStatus = await git.statusOf(path);
  if (documents.get(uri)?.version !== version) return;
  scans.set(uri, { version, findings, gitStatus });
  const diagnostics = findings
    .map((f) => toDiagnostic(f, { start: doc.positionAt(f.start), end: doc.positionAt(f.end) }, gitStatus, settings))
    .filter((d): d is Diagnostic => d !== undefined);
  await connection.sendDiagnostics({ uri, version, diagnostics });
}

/** Documents outside every workspace folder (untitled, other folders) get the built-in rules only. */
let fallback: CompiledRuleSet | undefined;
function fallbackRuleSet(): CompiledRuleSet {
  fallback ??= buildRuleSet(defaultConfig(), { trustWorkspaceConfig: false });
  return fallback;
}

connection.onDidOpenTextDocument(({ textDocument: t }) => {
  const doc = TextDocument.create(t.uri, t.languageId, t.version, t.text);
  open.set(t.uri, { doc, tracker: new FindingTracker(), needsFullScan: true });
  if (settings.scanOnOpen) scheduleScan(doc, 0);
});

connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
  const entry = open.get(textDocument.uri);
  if (!entry) return;
  for (const change of contentChanges) {
    if ('range' in change) {
      const start = entry.doc.offsetAt(change.range.start);
      const end = entry.doc.offsetAt(change.range.end);
      entry.tracker.applyChange(start, end, change.text.length);
    } else {
      entry.needsFullScan = true; // a whole-document replacement: nothing to keep
    }
    entry.doc = TextDocument.update(entry.doc, [change], textDocument.version);
  }
  if (settings.scanOnType) scheduleScan(entry.doc, settings.typingDelay, true);
});

connection.onDidSaveTextDocument(({ textDocument }) => {
  git.invalidate(); // a save can change what is committable (.gitignore) — statuses are re-read
  const doc = documents.get(textDocument.uri);
  if (doc && settings.scanOnSave) scheduleScan(doc, 0);
});

connection.onDidCloseTextDocument(({ textDocument }) => {
  clearTimeout(timers.get(textDocument.uri));
  open.delete(textDocument.uri);
  scans.delete(textDocument.uri);
  void connection.sendDiagnostics({ uri: textDocument.uri, diagnostics: [] });
});

connection.onHover(({ textDocument, position }) => {
  const doc = documents.get(textDocument.uri);
  const scan = scans.get(textDocument.uri);
  if (!doc || !scan || scan.version !== doc.version) return null;
  const offset = doc.offsetAt(position);
  const f = scan.findings.find((x) => x.start <= offset && offset <= x.end);
  return f ? { contents: hoverFor(f, scan.gitStatus), range: { start: doc.positionAt(f.start), end: doc.positionAt(f.end) } } : null;
});

async function sideFile(folderPath: string, name: string) {
  const path = join(folderPath, name);
  const text = await readFile(path, 'utf8').catch(() => undefined);
  return { uri: pathToFileURL(path).toString(), text };
}

connection.onCodeAction(async ({ textDocument, context }) => {
  const doc = documents.get(textDocument.uri);
  if (!doc) return [];
  const path = filePath(doc.uri);
  const folder = folderOf(path);
  const rel = folder && path ? relativeTo(folder.path, path) : undefined;
  const gitignore = folder ? await sideFile(folder.path, '.gitignore') : undefined;
  const envFile = folder ? await sideFile(folder.path, '.env') : undefined;
  const envIsIgnored = folder ? (await git.statusOf(join(folder.path, '.env'))) === 'ignored' : false;
  const actions = [];
  for (const diagnostic of context.diagnostics) {
    if (diagnostic.source !== 'keysweep' || !diagnostic.data) continue;
    const start = doc.offsetAt(diagnostic.range.start);
    const end = doc.offsetAt(diagnostic.range.end);
    actions.push(
      ...quickFixes({
        uri: doc.uri,
        languageId: doc.languageId,
        relPath: rel ?? (path ?? doc.uri).split(/[\\/]/).pop()!,
        text: doc.getText(),
        diagnostic,
        data: diagnostic.data as FindingData,
        start,
        end,
        folderUri: folder?.uri,
        gitignore,
        envFile,
        envIsIgnored,
      }),
    );
  }
  return actions;
});

connection.onExecuteCommand(async ({ command, arguments: args }) => {
  if (command !== SERVER_COMMANDS.addToBaseline) return;
  const [folderUri, fp] = (args ?? []) as [string, string];
  const folder = folders.find((f) => f.uri === folderUri);
  if (!folder || !/^[0-9a-f]{16}$/.test(fp ?? '')) return;
  const state = await folderState(folder);
  await writeBaseline(join(folder.path, settings.baselinePath), [...state.baseline, fp]);
  await reloadEverything();
});

connection.onRequest(WorkspaceScanRequest, async (params, token): Promise<WorkspaceScanSummary> => {
  const progress = await connection.window.createWorkDoneProgress().catch(() => undefined);
  progress?.begin('Keysweep: scanning workspace for keys', 0, 'walking files…', true);
  const summary: WorkspaceScanSummary = { findings: [], filesScanned: 0, bytesScanned: 0, skipped: emptySkipCounts(), durationMs: 0, folders: folders.map((f) => f.path) };
  const started = Date.now();
  git.invalidate();
  for (const folder of folders) {
    if (token.isCancellationRequested || progress?.token.isCancellationRequested) break;
    const state = await folderState(folder);
    const result = await scanWorkspace({
      roots: [folder.path],
      base: folder.path,
      config: state.config,
      trustWorkspaceConfig: trusted,
      git: trusted,
      workerScript: join(__dirname, 'scan-worker.js'),
      levels: levelsFromSettings(),
      onProgress: (p) => progress?.report(p.filesTotal ? Math.round((100 * p.filesDone) / p.filesTotal) : 0, `${p.filesDone}/${p.filesTotal} files, ${p.findings} finding(s)`),
    });
    summary.filesScanned += result.filesScanned;
    summary.bytesScanned += result.bytesScanned;
    for (const [k, v] of Object.entries(result.skipped)) summary.skipped[k as keyof typeof summary.skipped] += v;
    for (const f of applyBaseline(result.findings, state.baseline)) {
      const uri = pathToFileURL(join(folder.path, f.path)).toString();
      summary.findings.push({
        uri,
        path: f.path,
        ruleId: f.ruleId,
        provider: f.provider,
        description: f.description,
        revokeUrl: f.revokeUrl,
        masked: f.masked,
        fingerprint: f.fingerprint,
        gitStatus: f.gitStatus,
        level: f.level,
        range: { start: { line: f.line - 1, character: f.column - 1 }, end: { line: f.endLine - 1, character: f.endColumn - 1 } },
      });
    }
  }
  summary.durationMs = Date.now() - started;
  progress?.done();
  workspaceFindings = summary.findings;
  await publishWorkspaceDiagnostics(summary.findings);
  void connection.sendNotification(FindingsChangedNotification, { findings: workspaceFindings });
  void params;
  return summary;
});

/** Files with findings that are not open still show in the Problems panel; open ones are the live scanner's. */
let workspaceDiagnosticUris = new Set<string>();
async function publishWorkspaceDiagnostics(findings: WireFinding[]): Promise<void> {
  const byUri = new Map<string, WireFinding[]>();
  for (const f of findings) byUri.set(f.uri, [...(byUri.get(f.uri) ?? []), f]);
  for (const uri of workspaceDiagnosticUris) if (!byUri.has(uri) && !open.has(uri)) await connection.sendDiagnostics({ uri, diagnostics: [] });
  workspaceDiagnosticUris = new Set();
  for (const [uri, items] of byUri) {
    if (open.has(uri)) continue;
    workspaceDiagnosticUris.add(uri);
    const diagnostics = items
      .map((f) => toDiagnostic(f, f.range, f.gitStatus, settings))
      .filter((d): d is Diagnostic => d !== undefined);
    await connection.sendDiagnostics({ uri, diagnostics });
  }
}

function levelsFromSettings() {
  const toLevel = (l: string) => (l === 'error' || l === 'warning' ? 'warning' : 'info') as 'warning' | 'info';
  return { tracked: toLevel(settings.severity.tracked), untracked: toLevel(settings.severity.untracked), ignored: toLevel(settings.severity.ignored), unknown: toLevel(settings.severity.unknown) };
}

connection.listen();
