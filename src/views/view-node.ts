/**
 * What a tree item shows, decided without VS Code: the extension only maps these to vscode.TreeItem. Tests assert
 * on these nodes directly.
 */

export interface ViewCommand {
  command: string;
  title: string;
  arguments?: unknown[];
}

export interface ViewNode {
  /** Unique within its view, stable across refreshes (keeps expansion state). */
  id: string;
  label: string;
  description?: string;
  /** Markdown. */
  tooltip?: string;
  /** A codicon id (`key`, `warning`, `pass`…) and optional theme colour id. */
  icon?: { id: string; color?: string };
  /** Drives inline and context menu actions in package.json (`view/item/context` when clauses). */
  contextValue?: string;
  collapsed?: boolean;
  command?: ViewCommand;
  /** Runbook steps render as checkboxes. */
  checked?: boolean;
  /** A file the item stands for (reveal, open). */
  resourcePath?: string;
  children?: ViewNode[];
}

export function ageText(iso: string | undefined, now: Date): string | undefined {
  if (!iso) return undefined;
  const ms = now.getTime() - Date.parse(iso);
  if (Number.isNaN(ms)) return undefined;
  const future = ms < 0;
  const abs = Math.abs(ms);
  const minutes = Math.round(abs / 60_000);
  const hours = Math.round(abs / 3_600_000);
  const days = Math.round(abs / 86_400_000);
  const span = minutes < 60 ? `${minutes} min` : hours < 48 ? `${hours} h` : days < 60 ? `${days} days` : `${Math.round(days / 30)} months`;
  return future ? `in ${span}` : `${span} ago`;
}
