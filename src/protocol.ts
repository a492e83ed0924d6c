/**
 * Custom LSP messages shared by the language server and the extension (one file, both sides, so they cannot drift).
 * Findings cross the wire with masked values and fingerprints only.
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { SkipCounts } from './workspace/walk';
import type { FindingLevel } from './workspace/scan-workspace';
import type { GitStatus } from './git/status';

export interface WireFinding {
  uri: string;
  /** Relative to the workspace folder, forward slashes. */
  path: string;
  ruleId: string;
  provider: string;
  description: string;
  revokeUrl: string;
  masked: string;
  fingerprint: string;
  gitStatus: GitStatus;
  level: FindingLevel;
  /** 0-based LSP range. */
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

export interface WorkspaceScanParams {
  /** A work-done progress token the client created, if any. */
  workDoneToken?: string | number;
}

export interface WorkspaceScanSummary {
  findings: WireFinding[];
  filesScanned: number;
  bytesScanned: number;
  skipped: SkipCounts;
  durationMs: number;
  folders: string[];
}

export const WorkspaceScanRequest = new RequestType<WorkspaceScanParams, WorkspaceScanSummary, void>('keysweep/scanWorkspace');

/** Sent after every workspace scan and whenever open-document findings change, so views stay in step. */
export const FindingsChangedNotification = new NotificationType<{ findings: WireFinding[] }>('keysweep/findingsChanged');

/** Server-side commands (workspace/executeCommand). */
export const SERVER_COMMANDS = {
  addToBaseline: 'keysweep.server.addToBaseline',
} as const;

/** Client-side commands the server's code actions refer to. */
export const CLIENT_COMMANDS = {
  openUrl: 'keysweep.openUrl',
} as const;
