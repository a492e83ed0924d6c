/** Maps plain ViewNodes (src/views) onto a VS Code tree. No decisions here: only the mapping. */
import * as vscode from 'vscode';
import type { ViewNode } from '../views/view-node';

export class NodeTreeProvider implements vscode.TreeDataProvider<ViewNode> {
  private readonly changed = new vscode.EventEmitter<ViewNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: ViewNode[] = [];

  setNodes(nodes: ViewNode[]): void {
    this.roots = nodes;
    this.changed.fire(undefined);
  }

  get nodes(): readonly ViewNode[] {
    return this.roots;
  }

  getChildren(element?: ViewNode): ViewNode[] {
    return element ? (element.children ?? []) : this.roots;
  }

  getTreeItem(node: ViewNode): vscode.TreeItem {
    const state = node.children?.length
      ? node.collapsed
        ? vscode.TreeItemCollapsibleState.Collapsed
        : vscode.TreeItemCollapsibleState.Expanded
      : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(node.label, state);
    item.id = node.id;
    item.description = node.description;
    if (node.tooltip) item.tooltip = new vscode.MarkdownString(node.tooltip);
    if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon.id, node.icon.color ? new vscode.ThemeColor(node.icon.color) : undefined);
    item.contextValue = node.contextValue;
    if (node.command) item.command = node.command;
    if (node.checked !== undefined) {
      item.checkboxState = node.checked ? vscode.TreeItemCheckboxState.Checked : vscode.TreeItemCheckboxState.Unchecked;
    }
    if (node.resourcePath) item.resourceUri = node.resourcePath.includes('://') ? vscode.Uri.parse(node.resourcePath) : vscode.Uri.file(node.resourcePath);
    return item;
  }

  /** Finds a node by id anywhere in the tree (for commands invoked on items). */
  find(id: string): ViewNode | undefined {
    const walk = (nodes: readonly ViewNode[]): ViewNode | undefined => {
      for (const n of nodes) {
        if (n.id === id) return n;
        const inner = walk(n.children ?? []);
        if (inner) return inner;
      }
      return undefined;
    };
    return walk(this.roots);
  }
}
