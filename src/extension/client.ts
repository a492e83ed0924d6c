/** Starts the language server in its own process; the client restarts it if it crashes. */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { rawSettings } from './settings';

export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // Every file-backed and untitled document: keys hide in any language.
    documentSelector: [{ scheme: 'file' }, { scheme: 'untitled' }],
    synchronize: {
      configurationSection: 'keysweep',
      fileEvents: [
        vscode.workspace.createFileSystemWatcher('**/.keysweep.json'),
        vscode.workspace.createFileSystemWatcher('**/.keysweep-baseline.json'),
        vscode.workspace.createFileSystemWatcher('**/.gitignore'),
      ],
    },
    initializationOptions: { settings: rawSettings(), trusted: vscode.workspace.isTrusted },
    outputChannel: output,
    diagnosticCollectionName: 'keysweep',
  };
  return new LanguageClient('keysweep', 'Keysweep', serverOptions, clientOptions);
}
