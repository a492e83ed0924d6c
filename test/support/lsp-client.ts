/**
 * Drives the real language server (dist/server.js) over stdio JSON-RPC, like an editor would, and records every
 * message it sends so tests can check them for leaked secrets.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

export const SERVER = resolve(__dirname, '..', '..', 'dist', 'server.js');

export interface Diagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: number;
  code: string;
  message: string;
  source: string;
  data?: unknown;
}

export class LspSession {
  readonly traffic: string[] = [];
  private readonly diagnostics = new Map<string, Diagnostic[]>();
  private readonly waiters: Array<{ uri: string; test: (d: Diagnostic[]) => boolean; resolve: (d: Diagnostic[]) => void }> = [];
  readonly progress: unknown[] = [];
  private versions = new Map<string, number>();

  private constructor(
    readonly child: ChildProcess,
    readonly connection: MessageConnection,
  ) {}

  static async start(folder: string, options: { settings?: unknown; trusted?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<LspSession> {
    const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, ...options.env } });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const session = new LspSession(child, connection);
    connection.onNotification((method, params) => {
      session.traffic.push(JSON.stringify({ method, params }));
      if (method === 'textDocument/publishDiagnostics') {
        const p = params as { uri: string; diagnostics: Diagnostic[] };
        session.diagnostics.set(p.uri, p.diagnostics);
        for (const w of [...session.waiters]) {
          if (w.uri === p.uri && w.test(p.diagnostics)) {
            session.waiters.splice(session.waiters.indexOf(w), 1);
            w.resolve(p.diagnostics);
          }
        }
      }
    });
    connection.onUnhandledProgress((params) => {
      session.traffic.push(JSON.stringify(params));
      session.progress.push(params);
    });
    connection.onRequest((method, params) => {
      session.traffic.push(JSON.stringify({ method, params }));
      if (method === 'workspace/configuration') return [{}];
      return null; // window/workDoneProgress/create, client/registerCapability, showMessageRequest
    });
    connection.listen();
    const folderUri = pathToFileURL(folder).toString();
    const init = await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: folderUri,
      workspaceFolders: [{ uri: folderUri, name: 'test' }],
      capabilities: {
        window: { workDoneProgress: true },
        workspace: { workspaceEdit: { documentChanges: true, resourceOperations: ['create'] }, configuration: true },
        textDocument: { publishDiagnostics: { versionSupport: true }, codeAction: { dataSupport: true } },
      },
      initializationOptions: { settings: options.settings ?? { typingDelay: 0 }, trusted: options.trusted ?? true },
    });
    session.traffic.push(JSON.stringify(init));
    await connection.sendNotification('initialized', {});
    return session;
  }

  uri(path: string): string {
    return pathToFileURL(path).toString();
  }

  /** Resolves with the first diagnostics publication for `uri` that satisfies `test`. */
  waitForDiagnostics(uri: string, test: (d: Diagnostic[]) => boolean = () => true, timeoutMs = 10_000, includeCurrent = false): Promise<Diagnostic[]> {
    const current = this.diagnostics.get(uri);
    if (includeCurrent && current && test(current)) return Promise.resolve(current);
    return new Promise((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; last: ${JSON.stringify(this.diagnostics.get(uri))}`)), timeoutMs);
      this.waiters.push({
        uri,
        test,
        resolve: (d) => {
          clearTimeout(timer);
          resolvePromise(d);
        },
      });
    });
  }

  open(path: string, text: string, languageId = 'plaintext'): string {
    const uri = this.uri(path);
    this.versions.set(uri, 1);
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return uri;
  }

  /** Replaces the whole text (a full-document change event). */
  replace(uri: string, text: string): void {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  /** An incremental edit, as an editor sends on each keystroke. */
  edit(uri: string, range: Diagnostic['range'], text: string): number {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
    return version;
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return this.connection.sendRequest(method, params).then((r) => {
      this.traffic.push(JSON.stringify(r));
      return r as T;
    });
  }

  notify(method: string, params: unknown): void {
    void this.connection.sendNotification(method, params);
  }

  async stop(): Promise<void> {
    const exited = new Promise<void>((r) => (this.child.exitCode !== null ? r() : this.child.once('exit', () => r())));
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification('exit').catch(() => undefined);
    } catch {
      // already gone
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
    this.child.kill();
    this.connection.dispose();
  }
}
