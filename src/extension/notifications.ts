/**
 * One warning per file per session when a key shows up in a file that is (or would be) committed, with "Show",
 * "Ignore" and "How to revoke". Git-ignored files never notify: they are local only.
 */
import * as vscode from 'vscode';
import type { WireFinding } from '../protocol';
import { CLIENT_COMMANDS } from '../protocol';

export class RepoKeyNotifier {
  private readonly notified = new Set<string>();
  private readonly ignored = new Set<string>();

  constructor(private readonly log: (line: string) => void) {}

  /** Messages name the file, the provider and the masked value only. */
  async notify(findings: readonly WireFinding[]): Promise<void> {
    const byFile = new Map<string, WireFinding[]>();
    for (const f of findings) if (f.level === 'warning') byFile.set(f.uri, [...(byFile.get(f.uri) ?? []), f]);
    for (const [uri, items] of byFile) {
      if (this.notified.has(uri) || this.ignored.has(uri)) continue;
      this.notified.add(uri);
      const first = items[0]!;
      const article = /^[aeiou]/i.test(first.provider) ? 'an' : 'a';
      const what = items.length === 1 ? `${article} ${first.provider} key (${first.masked})` : `${items.length} keys (${items.map((f) => f.masked).join(', ')})`;
      const where = first.gitStatus === 'tracked' ? 'tracked by git' : 'about to be committed';
      this.log(`notified: ${first.path} holds ${items.length} key(s), ${where}`);
      void vscode.window.showWarningMessage(`Keysweep: ${first.path} (${where}) contains ${what}.`, 'Show', 'Ignore', 'How to revoke').then(async (choice) => {
        if (choice === 'Show') {
          const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
          const r = first.range;
          await vscode.window.showTextDocument(doc, { selection: new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character) });
        } else if (choice === 'Ignore') {
          this.ignored.add(uri);
        } else if (choice === 'How to revoke') {
          await vscode.commands.executeCommand(CLIENT_COMMANDS.openUrl, first.revokeUrl);
        }
      });
    }
  }
}
