/**
 * What the server knows per workspace folder: its `.keysweep.json` (only when the workspace is trusted), the rules
 * built from it, the baseline, and the exclusion globs. Reloaded when those files change.
 */
import { readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { readBaseline } from '../config/baseline';
import { defaultConfig, type KeysweepConfig } from '../config/keysweep-config';
import { loadConfig } from '../config/load-config';
import { buildRuleSet } from '../config/rule-set';
import type { KeysweepSettings } from '../config/settings';
import type { CompiledRuleSet } from '../engine/types';

export interface FolderState {
  path: string;
  uri: string;
  config: KeysweepConfig;
  ruleSet: CompiledRuleSet;
  baseline: Set<string>;
  excluded: Ignore;
  /** A problem with the folder's config or baseline, shown once to the user; the built-in rules still run. */
  error?: string;
}

export async function loadFolderState(path: string, uri: string, settings: KeysweepSettings, trusted: boolean): Promise<FolderState> {
  let config = defaultConfig();
  let error: string | undefined;
  if (trusted) {
    try {
      config = (await loadConfig({ searchDir: path })).config;
    } catch (err) {
      error = (err as Error).message;
    }
  }
  let ruleSet: CompiledRuleSet;
  try {
    ruleSet = buildRuleSet(config, { trustWorkspaceConfig: trusted });
  } catch (err) {
    error = (err as Error).message;
    config = defaultConfig();
    ruleSet = buildRuleSet(config, { trustWorkspaceConfig: false });
  }
  let baseline = new Set<string>();
  const baselinePath = join(path, settings.baselinePath);
  const exists = await readFile(baselinePath).then(() => true, () => false);
  if (exists) {
    try {
      baseline = await readBaseline(baselinePath);
    } catch (err) {
      error = (err as Error).message;
    }
  }
  const excluded = ignore().add(settings.exclude).add(trusted ? config.allowlist.paths : []);
  return { path, uri, config, ruleSet, baseline, excluded, error };
}

export function relativeTo(folder: string, file: string): string | undefined {
  const rel = relative(folder, file);
  if (!rel || rel.startsWith('..') || rel.startsWith(sep)) return undefined;
  return rel.split(sep).join('/');
}
