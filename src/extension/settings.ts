/** Reads `keysweep.*` through the one zod schema (src/config/settings.ts); a bad value is reported, not fatal. */
import * as vscode from 'vscode';
import { parseSettings, type KeysweepSettings } from '../config/settings';

export function rawSettings(): Record<string, unknown> {
  const c = vscode.workspace.getConfiguration('keysweep');
  return {
    severity: {
      tracked: c.get('severity.tracked'),
      untracked: c.get('severity.untracked'),
      ignored: c.get('severity.ignored'),
      unknown: c.get('severity.unknown'),
    },
    exclude: c.get('exclude'),
    maxFileSize: c.get('maxFileSize'),
    scanOnOpen: c.get('scanOnOpen'),
    scanOnSave: c.get('scanOnSave'),
    scanOnType: c.get('scanOnType'),
    typingDelay: c.get('typingDelay'),
    credentialSources: c.get('credentialSources'),
    baselinePath: c.get('baselinePath'),
    reviewIntervalDays: c.get('reviewIntervalDays'),
  };
}

export function readSettings(log: (line: string) => void): KeysweepSettings {
  const { settings, error } = parseSettings(rawSettings());
  if (error) {
    log(`settings: ${error}; using defaults for that setting`);
    void vscode.window.showWarningMessage(`Keysweep: ${error}`);
  }
  return settings;
}
