/**
 * "Add this finding to the Keysweep baseline": the one place the language server writes a file of its own. The
 * baseline path comes from settings a workspace can set, so the file must stay inside the workspace folder (checked
 * on the real path of its folder, so a symlinked folder cannot lead out). A new baseline gets its own random salt, so
 * the finding's fingerprint is made again under it from the open document; a version 1 baseline is migrated by
 * finding which of today's keys its old fingerprints name.
 */
import { newScheme, writeBaseline } from '../config/baseline';
import { scanText } from '../engine/scan';
import type { FingerprintScheme } from '../engine/redact';
import { scanWorkspace } from '../workspace/scan-workspace';
import { baselineLocation, staysInside, type FolderState } from './folder-state';

export interface AddToBaselineInput {
  folder: string;
  baselineSetting: string;
  state: FolderState;
  /** The open document the finding is in, and its path relative to the folder. */
  document: { text: string; path: string };
  /** The finding's fingerprint as the diagnostic carries it (made with the folder's current scheme). */
  fingerprint: string;
  workerScript?: string;
  trusted: boolean;
}

export type AddToBaselineOutcome = { ok: true; note?: string } | { ok: false; error: string };

export async function addToBaseline(input: AddToBaselineInput): Promise<AddToBaselineOutcome> {
  const { state } = input;
  const location = baselineLocation(input.folder, input.baselineSetting);
  if (!location.ok) return location;
  if (!(await staysInside(input.folder, location.path))) {
    return { ok: false, error: 'the baseline path leads out of the workspace folder (through a symlink); nothing was written' };
  }
  const existing = state.baseline;
  const scheme: FingerprintScheme = existing?.scheme ?? newScheme();
  const fingerprint = existing?.scheme ? input.fingerprint : refingerprint(input, scheme);
  if (!fingerprint) return { ok: false, error: 'that finding is no longer in the document; nothing was written' };
  const entries = new Set(existing?.fingerprints ?? []);
  entries.add(fingerprint);
  let note: string | undefined;
  if (existing && existing.legacy.size > 0) {
    // A version 1 baseline: its entries can only be carried over by finding the keys they name, in the whole folder.
    const result = await scanWorkspace({
      roots: [input.folder],
      base: input.folder,
      config: state.config,
      trustWorkspaceConfig: input.trusted,
      git: input.trusted,
      workerScript: input.workerScript,
      fingerprints: { fingerprint: scheme, legacyFingerprints: true },
    });
    const matched = result.findings.filter((f) => f.legacyFingerprint !== undefined && existing.legacy.has(f.legacyFingerprint));
    for (const f of matched) entries.add(f.fingerprint);
    const carried = new Set(matched.map((f) => f.legacyFingerprint)).size;
    note = `Keysweep: baseline migrated to version 2: ${carried} of ${existing.legacy.size} entries still name a key in this folder and were kept`;
  }
  try {
    await writeBaseline(location.path, scheme, entries);
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
  return { ok: true, note };
}

/** The finding's fingerprint under `scheme`: the document is scanned under both schemes and the findings paired. */
function refingerprint(input: AddToBaselineInput, scheme: FingerprintScheme): string | undefined {
  const { text, path } = input.document;
  const current = scanText(text, path, input.state.ruleSet, { fingerprint: input.state.fingerprints.fingerprint });
  const index = current.findIndex((f) => f.fingerprint === input.fingerprint);
  if (index === -1) return undefined;
  return scanText(text, path, input.state.ruleSet, { fingerprint: scheme })[index]?.fingerprint;
}
