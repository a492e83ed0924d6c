/**
 * What the server knows per workspace folder: its `.keysweep.json` (only when the workspace is trusted), the rules
 * built from it, the baseline, and the exclusion globs. Reloaded when those files change.
 */
import { realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { readBaselineIfPresent, type Baseline } from '../config/baseline';
import { defaultConfig, type KeysweepConfig } from '../config/keysweep-config';
import { loadConfig } from '../config/load-config';
import { buildRuleSet } from '../config/rule-set';
import type { KeysweepSettings } from '../config/settings';
import { namedScheme, SESSION_SCHEME, type FingerprintScheme, type StableScheme } from '../engine/redact';
import type { CompiledRuleSet } from '../engine/types';

export interface FolderState {
  path: string;
  uri: string;
  config: KeysweepConfig;
  ruleSet: CompiledRuleSet;
  /** The folder's baseline file, when there is one (and the workspace is trusted). */
  baseline?: Baseline;
  /**
   * How this folder's findings get their fingerprints while scanning: the baseline's scheme (they are matched against
   * it), else the session scheme (cheap; diagnostics only use them as ids).
   */
  fingerprints: { fingerprint: FingerprintScheme; legacyFingerprints: boolean };
  /** The stable scheme a hover shows a fingerprint in: the baseline's, else one named after the folder (as the CLI). */
  displayScheme: StableScheme;
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
  let baseline: Baseline | undefined;
  const baselinePath = baselineLocation(path, settings.baselinePath);
  if (!baselinePath.ok) error = baselinePath.error;
  else {
    try {
      baseline = await readBaselineIfPresent(baselinePath.path);
    } catch (err) {
      error = (err as Error).message;
    }
  }
  const fingerprints = { fingerprint: baseline?.scheme ?? SESSION_SCHEME, legacyFingerprints: (baseline?.legacy.size ?? 0) > 0 };
  const displayScheme = baseline?.scheme ?? namedScheme(basename(path));
  const excluded = ignore().add(settings.exclude).add(trusted ? config.allowlist.paths : []);
  return { path, uri, config, ruleSet, baseline, fingerprints, displayScheme, excluded, error };
}

export function relativeTo(folder: string, file: string): string | undefined {
  const rel = relative(folder, file);
  if (!rel || rel.startsWith('..') || rel.startsWith(sep)) return undefined;
  return rel.split(sep).join('/');
}

/**
 * Where the baseline of a folder is: `setting` relative to the folder, and inside it. A workspace's settings are not
 * trusted to name a file elsewhere ("../../../tmp/victim"), so such a path is refused here, whatever the trust state.
 */
export function baselineLocation(folder: string, setting: string): { ok: true; path: string } | { ok: false; error: string } {
  const path = resolve(folder, setting);
  const rel = relative(folder, path);
  if (!setting || isAbsolute(setting) || !rel || rel.startsWith('..') || isAbsolute(rel)) {
    return { ok: false, error: 'keysweep.baselinePath must name a file inside the workspace folder; the baseline is not used' };
  }
  return { ok: true, path };
}

/** True when the folder that would hold `path` really is inside `folder` (no symlinked folder leads out of it). */
export async function staysInside(folder: string, path: string): Promise<boolean> {
  const [realFolder, realParent] = await Promise.all([realpath(folder).catch(() => undefined), realpath(dirname(path)).catch(() => undefined)]);
  if (!realFolder || !realParent) return false;
  const rel = relative(realFolder, realParent);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}
