/** Shared helpers for the extension-host suites (imported by *.test.ts; bundled into each). */
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { FixtureManifest } from '../fixture';

export const EXTENSION_ID = 'keysweep.keysweep';

/** The fixture workspace the runner generated (planted keys included), from KEYSWEEP_FIXTURE_MANIFEST. */
export function fixture(): FixtureManifest {
  const path = process.env.KEYSWEEP_FIXTURE_MANIFEST;
  if (!path) throw new Error('KEYSWEEP_FIXTURE_MANIFEST is not set: run the suites through test/integration/run.mjs');
  return JSON.parse(readFileSync(path, 'utf8')) as FixtureManifest;
}

/** The Keysweep extension, activated. */
export async function activateKeysweep(): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) {
    throw new Error(
      `extension ${EXTENSION_ID} is not loaded in this extension host: check that engines.vscode in package.json is a ` +
        'range this VS Code satisfies (e.g. "^1.91.0", not "1.90.0") and rerun with KEYSWEEP_VSCODE_VERBOSE=1 to see why',
    );
  }
  await ext.activate();
  return ext;
}

/** Polls `probe` until it returns a truthy value (or throws on timeout): diagnostics and trees update asynchronously. */
export async function waitFor<T>(probe: () => T | Promise<T>, what: string, timeoutMs = 20_000, everyMs = 100): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
