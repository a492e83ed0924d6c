/**
 * The fixture workspace for the extension-host suites, generated at test time (keys are planted now, never
 * committed): the demo workspace of `npm start`, a git project with keys in tracked, untracked and git-ignored
 * files. The runner bundles this file with esbuild and calls createFixtureWorkspace() before starting VS Code.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createDemoWorkspace } from '../../scripts/demo-workspace';

export interface FixtureManifest {
  /** Absolute path of the workspace folder VS Code opens. */
  dir: string;
  /** Every file of the workspace (outside .git) with its text, so suites can check that no planted value leaks. */
  files: Record<string, string>;
}

function walk(root: string, dir = root, out: Record<string, string> = {}): Record<string, string> {
  for (const name of readdirSync(dir).sort()) {
    if (name === '.git') continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) walk(root, full, out);
    else out[relative(root, full)] = readFileSync(full, 'utf8');
  }
  return out;
}

export function createFixtureWorkspace(dir: string): FixtureManifest {
  createDemoWorkspace(dir);
  return { dir, files: walk(dir) };
}
