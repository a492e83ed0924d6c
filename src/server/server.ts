/**
 * The Keysweep language server: diagnostics for open documents (debounced, cancellable by newer edits), hovers,
 * quick fixes, and a workspace scan on request with work-done progress. Runs in its own process; the client
 * restarts it if it crashes — but nothing a document or a client sends may crash it: every handler and timer catches
 * and logs (the failure's kind, never a message that could quote content), and an edit costs about its own size.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocumentSyncKind,
  type Diagnostic,
  type InitializeParams,
} from 'vscode-languageserver/node';
import { defaultConfig } from '../config/keysweep-config';
import { buildRuleSet } from '../config/rule-set';
import { parseSettings, type KeysweepSettings } from '../config/settings';
import { applyBaseline } from '../engine/ignore';
import { DEFAULT_SCHEME, fingerprint } from '../engine/redact';
import { printable } from '../engine/printable';
import { scanText } from '../engine/scan';
import type { CompiledRuleSet, Finding } from '../engine/types';
import { FindingsChangedNotification, SERVER_COMMANDS, WorkspaceScanRequest, type WireFinding, type WorkspaceScanSummary } from '../protocol';
import type { GitStatus } from '../git/status';
import { scanWorkspace } from '../workspace/scan-workspace';
import { readRegularFile } from '../workspace/read-regular';
import { emptySkipCounts } from '../workspace/walk';
import { addToBaseline } from './baseline-command';
import { quickFixes, type FindingData } from './code-actions';
import { localPath } from './document-uri';
import { loadFolderState, relativeTo, type FolderState } from './folder-state';
import { GitStatusCache } from './git-cache';
import { FindingTracker, INCREMENTAL_MIN_LENGTH } from './incremental';
import { hoverFor, toDiagnostic } from './presentation';
import { TextBuffer } from './text-buffer';

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

/**
 * Open documents, kept here rather than in TextDocuments so each edit's range reaches the incremental scanner, and in
 * a chunked TextBuffer so an edit does not copy the whole text.
 */
interface OpenDocument {
  uri: string;
  languageId: string;
  version: number;
  text: TextBuffer;
  /** The local file the URI names; undefined when it names none (untitled:, a notebook cell, a remote or odd URI). */
  path: string | undefined;
  tracker: FindingTracker;
  /** Set while edits are pending a full scan (see scanDocument). */
  needsFullScan: boolean;
  /** Edits applied to the tracker since the last scan; past MAX_TRACKED_EDITS the next scan is a full one instead. */
  trackedEdits: number;
  /** Over maxFileSize: not tracked and not scanned, its diagnostics cleared once, until it is under the limit again. */
  oversized: boolean;
}

const connection = createConnection(ProposedFeatures.all);
const open = new Map<string, OpenDocument>();
const git = new GitStatusCache(false); // no git until initialize says the workspace is trusted
const scans = new Map<string, DocumentFindings>();
const timers = new Map<string, NodeJS.Timeout>();
/** After typing pauses this long, an incrementally scanned document gets one full, exact scan. */
const SETTLE_DELAY_MS = 750;
/**
 * Shifting the tracked findings costs a pass over them per edit; when more edits than this arrive before a scan (a
 * burst, a replay, a script) the tracker is dropped and the next scan is a full one.
 */
const MAX_TRACKED_EDITS = 64;
let settings: KeysweepSettings = parseSettings({}).settings;
let trusted = true;
let folders: Array<{ uri: string; path: string }> = [];
let folderStates = new Map<string, Promise<FolderState>>();
let workspaceFindings: WireFinding[] = [];

/** Logs a failure by its kind (an error's name and code): a message can quote file content, so it is not sent. */
function logFailure(what: string, err: unknown): void {
  const e = err as { name?: unknown; code?: unknown } | null | undefined;
  const kind = [typeof e?.name === 'string' ? e.name : typeof err, typeof e?.code === 'string' ? e.code : ''].filter(Boolean).join(' ');
  connection.console.error(`Keysweep: ${what} failed (${printable(kind)}); the server goes on.`);
}

/** Background work (a timer's scan, a message to the user): a failure is logged, never left to end the process. */
function guard(what: string, work: Promise<unknown>): void {
  work.catch((err: unknown) => logFailure(what, err));
}

/** A notification handler that logs instead of throwing, whether it fails at once or later. */
function safely<A extends unknown[]>(what: string, handler: (...args: A) => unknown): (...args: A) => void {
  return (...args) => {
    try {
      const result = handler(...args);
      if (result instanceof Promise) guard(what, result);
    } catch (err) {
      logFailure(what, err);
    }
  };
}

/** A request handler that answers `fallback` (and logs) instead of an error whose message could quote content. */
function answering<A extends unknown[], R>(what: string, fallback: R, handler: (...args: A) => R | Promise<R>): (...args: A) => Promise<R> {
  return async (...args) => {
    try {
      return await handler(...args);
    } catch (err) {
      logFailure(what, err);
      return fallback;
    }
  };
}

/** Workspace folders the client names that are local folders; others (a remote host, an odd URI) are left out. */
function localFolders(list: ReadonlyArray<{ uri: string }>): Array<{ uri: string; path: string }> {
  return list.flatMap((f) => {
    const path = localPath(f.uri);
    return path ? [{ uri: f.uri, path }] : [];
  });
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
    // The message may quote a name from the folder: printable() keeps it one plain line.
    guard(
      'showing a config problem',
      state.then((s) => s.error && connection.window.showWarningMessage(`Keysweep: ${printable(s.error)}`)),
    );
  }
  return state;
}

async function reloadEverything(): Promise<void> {
  folderStates = new Map();
  git.invalidate();
  for (const entry of open.values()) scheduleScan(entry, 0);
}

connection.onInitialize((params: InitializeParams) => {
  const options = (params.initializationOptions ?? {}) as InitOptions;
  settings = parseSettings(options.settings).settings;
  trusted = options.trusted ?? true;
  git.setRunGit(trusted);
  folders = localFolders(params.workspaceFolders ?? []);
  if (folders.length === 0 && params.rootUri) folders = localFolders([{ uri: params.rootUri }]);
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
  connection.workspace.onDidChangeWorkspaceFolders(
    safely('changing workspace folders', (e) => {
      folders = folders.filter((f) => !e.removed.some((r) => r.uri === f.uri));
      folders.push(...localFolders(e.added));
      return reloadEverything();
    }),
  );
});

connection.onDidChangeConfiguration(
  safely('applying settings', (change) => {
    const raw = (change.settings as { keysweep?: unknown } | undefined)?.keysweep ?? change.settings;
    const parsed = parseSettings(raw);
    if (parsed.error) connection.window.showWarningMessage(`Keysweep: ${printable(parsed.error)}`);
    settings = parsed.settings;
    return reloadEverything();
  }),
);

/** A trust change arrives as a custom notification from the client. */
connection.onNotification(
  'keysweep/setTrusted',
  safely('changing trust', (params: { trusted: boolean }) => {
    trusted = params?.trusted === true;
    git.setRunGit(trusted);
    return reloadEverything();
  }),
);

connection.onDidChangeWatchedFiles(safely('reloading after a file change', () => reloadEverything()));

/** `incremental`: a typing edit that may re-scan only a window; otherwise the whole document is scanned. */
function scheduleScan(entry: OpenDocument, delay: number, incremental = false): void {
  const { uri } = entry;
  clearTimeout(timers.get(uri));
  const timer = setTimeout(() => {
    // Messages already received are handled first (the connection takes one per turn of the event loop): a burst of
    // edits reschedules this timer, and costs one scan when it is drained rather than one per edit.
    setImmediate(() => {
      if (timers.get(uri) !== timer) return;
      timers.delete(uri);
      guard('scanning a document', scanDocument(entry, entry.version, incremental));
    });
  }, delay);
  timers.set(uri, timer);
}

const isCurrent = (entry: OpenDocument, version: number): boolean => open.get(entry.uri) === entry && entry.version === version;

/** A document over maxFileSize is not scanned: its diagnostics are cleared once, and edits skip all work. */
async function setOversized(entry: OpenDocument): Promise<void> {
  if (entry.oversized) return;
  entry.oversized = true;
  entry.tracker.reset([]);
  entry.needsFullScan = true;
  clearTimeout(timers.get(entry.uri));
  timers.delete(entry.uri);
  scans.delete(entry.uri);
  await connection.sendDiagnostics({ uri: entry.uri, version: entry.version, diagnostics: [] });
}

async function scanDocument(entry: OpenDocument, version: number, incremental: boolean): Promise<void> {
  if (!isCurrent(entry, version)) return; // a newer edit superseded this scan
  if (entry.text.length > settings.maxFileSize) return setOversized(entry);
  if (entry.oversized) {
    entry.oversized = false;
    entry.needsFullScan = true;
  }
  const { uri, path, tracker, text } = entry;
  const folder = folderOf(path);
  const state = folder ? await folderState(folder) : undefined;
  if (!isCurrent(entry, version)) return;
  const rel = folder && path ? relativeTo(folder.path, path) : undefined;
  const excluded = rel && state?.excluded.ignores(rel);
  const ruleSet = state?.ruleSet ?? fallbackRuleSet();
  const scanPath = rel ?? path ?? uri;
  const window = incremental && !entry.needsFullScan && text.length >= INCREMENTAL_MIN_LENGTH ? tracker.window(text) : undefined;
  entry.trackedEdits = 0;
  if (excluded) tracker.reset([]);
  else if (window) {
    // Large document, small edit: re-scan the lines around it now, and the whole text once typing pauses.
    const found = scanText(text.slice(window.start, window.end), scanPath, ruleSet, state?.fingerprints).map((f) => ({ ...f, start: f.start + window.start, end: f.end + window.start }));
    tracker.merge(window, found);
    scheduleScan(entry, SETTLE_DELAY_MS);
  } else {
    tracker.reset(scanText(text.getText(), scanPath, ruleSet, state?.fingerprints));
    entry.needsFullScan = false;
  }
  const findings = state ? applyBaseline(tracker.findings, state.baseline) : tracker.findings;
  const gitStatus = await git.statusOf(path);
  if (!isCurrent(entry, version)) return;
  scans.set(uri, { version, findings, gitStatus });
  const diagnostics = findings
    .map((f) => toDiagnostic(f, { start: text.positionAt(f.start), end: text.positionAt(f.end) }, gitStatus, settings))
    .filter((d): d is Diagnostic => d !== undefined);
  await connection.sendDiagnostics({ uri, version, diagnostics });
}

/** Documents outside every workspace folder (untitled, other folders) get the built-in rules only. */
let fallback: CompiledRuleSet | undefined;
function fallbackRuleSet(): CompiledRuleSet {
  fallback ??= buildRuleSet(defaultConfig(), { trustWorkspaceConfig: false });
  return fallback;
}

connection.onDidOpenTextDocument(
  safely('opening a document', ({ textDocument: t }) => {
    clearTimeout(timers.get(t.uri));
    const entry: OpenDocument = {
      uri: t.uri,
      languageId: t.languageId,
      version: t.version,
      text: new TextBuffer(t.text),
      path: localPath(t.uri),
      tracker: new FindingTracker(),
      needsFullScan: true,
      trackedEdits: 0,
      oversized: false,
    };
    open.set(t.uri, entry);
    if (settings.scanOnOpen) scheduleScan(entry, 0);
  }),
);

connection.onDidChangeTextDocument(
  safely('applying an edit', ({ textDocument, contentChanges }) => {
    const entry = open.get(textDocument.uri);
    if (!entry) return;
    for (const change of contentChanges) {
      const replaced = entry.text.applyChange(change);
      if (!replaced) entry.needsFullScan = true; // a whole-document replacement: nothing to keep
      else if (!entry.needsFullScan && !entry.oversized) {
        if (++entry.trackedEdits > MAX_TRACKED_EDITS) entry.needsFullScan = true;
        else entry.tracker.applyChange(replaced.start, replaced.end, change.text.length);
      }
    }
    entry.version = textDocument.version;
    // Over the size limit: no tracking, no scan, no timer — its diagnostics are cleared once.
    if (entry.text.length > settings.maxFileSize) return setOversized(entry);
    if (settings.scanOnType) scheduleScan(entry, settings.typingDelay, true);
    return undefined;
  }),
);

connection.onDidSaveTextDocument(
  safely('handling a save', ({ textDocument }) => {
    git.invalidate(); // a save can change what is committable (.gitignore) — statuses are re-read
    const entry = open.get(textDocument.uri);
    if (entry && settings.scanOnSave) scheduleScan(entry, 0);
  }),
);

connection.onDidCloseTextDocument(
  safely('closing a document', ({ textDocument }) => {
    clearTimeout(timers.get(textDocument.uri));
    timers.delete(textDocument.uri);
    open.delete(textDocument.uri);
    scans.delete(textDocument.uri);
    return connection.sendDiagnostics({ uri: textDocument.uri, diagnostics: [] });
  }),
);

connection.onHover(
  answering('answering a hover', null, async ({ textDocument, position }) => {
    const entry = open.get(textDocument.uri);
    const scan = scans.get(textDocument.uri);
    if (!entry || !scan || scan.version !== entry.version) return null;
    const offset = entry.text.offsetAt(position);
    const f = scan.findings.find((x) => x.start <= offset && offset <= x.end);
    if (!f) return null;
    // Scans give findings cheap session fingerprints; the hover shows the stable one, as `keysweep scan --format json`.
    const folder = folderOf(entry.path);
    const scheme = folder ? (await folderState(folder)).displayScheme : DEFAULT_SCHEME;
    const shown = { ...f, fingerprint: fingerprint(f.ruleId, entry.text.slice(f.start, f.end), scheme) };
    return { contents: hoverFor(shown, scan.gitStatus), range: { start: entry.text.positionAt(f.start), end: entry.text.positionAt(f.end) } };
  }),
);

/** A quick fix edits these whole: a larger one is not offered to. */
const SIDE_FILE_MAX = 1024 * 1024;

/**
 * A file a quick fix edits (`.gitignore`, `.env`), read no-follow and non-blocking: a FIFO planted under that name
 * would otherwise hold a thread-pool thread forever on each request. Absent means "create it"; a symlink, FIFO or
 * oversized file means no fix that edits it.
 */
async function sideFile(folderPath: string, name: string): Promise<{ uri: string; text: string | undefined } | undefined> {
  const path = join(folderPath, name);
  const read = await readRegularFile(path, SIDE_FILE_MAX);
  if (!read.ok && read.code !== 'absent') return undefined;
  return { uri: pathToFileURL(path).toString(), text: read.ok ? read.bytes.toString('utf8') : undefined };
}

connection.onCodeAction(
  answering('offering quick fixes', [], async ({ textDocument, context }) => {
    const entry = open.get(textDocument.uri);
    // Asked on every cursor move: nothing is read or joined unless one of our diagnostics is in the range.
    const ours = context.diagnostics.filter((d) => d.source === 'keysweep' && d.data);
    if (!entry || ours.length === 0) return [];
    const { path, text } = entry;
    const folder = folderOf(path);
    const rel = folder && path ? relativeTo(folder.path, path) : undefined;
    const gitignore = folder ? await sideFile(folder.path, '.gitignore') : undefined;
    const envFile = folder ? await sideFile(folder.path, '.env') : undefined;
    const envIsIgnored = folder ? (await git.statusOf(join(folder.path, '.env'))) === 'ignored' : false;
    const actions = [];
    for (const diagnostic of ours) {
      const start = text.offsetAt(diagnostic.range.start);
      const end = text.offsetAt(diagnostic.range.end);
      actions.push(
        ...quickFixes({
          uri: entry.uri,
          languageId: entry.languageId,
          // Shown in titles: a name with a newline or ESC must not forge or garble one.
          relPath: rel ?? (path ?? entry.uri).split(/[\\/]/).pop()!,
          text: text.getText(),
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
  }),
);

connection.onExecuteCommand(
  answering('adding a finding to the baseline', undefined, async ({ command, arguments: args }) => {
    if (command !== SERVER_COMMANDS.addToBaseline) return;
    const [folderUri, docUri, fp] = (args ?? []) as unknown[];
    const folder = folders.find((f) => f.uri === folderUri);
    const entry = typeof docUri === 'string' ? open.get(docUri) : undefined;
    if (!folder || !entry || typeof fp !== 'string') return;
    const state = await folderState(folder);
    const outcome = await addToBaseline({
      folder: folder.path,
      baselineSetting: settings.baselinePath,
      state,
      document: { text: entry.text.getText(), path: (entry.path && relativeTo(folder.path, entry.path)) ?? entry.uri },
      fingerprint: fp,
      workerScript: join(__dirname, 'scan-worker.js'),
      trusted,
    });
    if (!outcome.ok) void connection.window.showWarningMessage(`Keysweep: ${printable(outcome.error)}`);
    else if (outcome.note) connection.console.log(outcome.note);
    await reloadEverything();
  }),
);

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
      fingerprints: state.fingerprints,
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

// The net under every promise the handlers above do not await: logged by kind, and the server goes on.
process.on('unhandledRejection', (err) => logFailure('a background task', err));

connection.listen();
