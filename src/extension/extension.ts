/** The VS Code face. For now it activates cleanly and registers the workspace scan command. */
import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('keysweep.scanWorkspace', () => {
      void vscode.window.showInformationMessage('Keysweep: workspace scanning arrives with the language server.');
    }),
  );
}

export function deactivate(): void {}
