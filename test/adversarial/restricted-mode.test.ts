/**
 * Restricted Mode (issue 8, item 3): a workspace's own `.vscode/settings.json` must not steer Keysweep before the
 * user trusts the folder. VS Code ignores a workspace's value of every setting the manifest lists in
 * `restrictedConfigurations`; this checks the list covers each setting that names a path or a pattern, or that can
 * quiet a finding (severities, scan triggers, limits, which sources are checked). The server-side refusal to write
 * outside the folder is in fingerprints.test.ts.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { settingsSchema } from '../../src/config/settings';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));

/** Settings a hostile workspace can set without harm: the delay before a re-scan as you type (bounded by the schema). */
const HARMLESS = new Set(['keysweep.typingDelay']);

it('every Keysweep setting but the harmless ones is restricted in an untrusted workspace', () => {
  const declared = Object.keys(manifest.contributes.configuration.properties as Record<string, unknown>);
  const restricted = new Set<string>(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations ?? []);
  assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
  const missing = declared.filter((key) => !HARMLESS.has(key) && !restricted.has(key));
  assert.deepEqual(missing, [], 'settings a workspace could use against its user before it is trusted');
  for (const key of restricted) assert.ok(declared.includes(key), `${key} is restricted but not declared`);
});

it('the settings schema bounds what a workspace could set once trusted (no unbounded file size)', () => {
  assert.equal(settingsSchema.safeParse({ maxFileSize: 64 * 1024 ** 3 }).success, false);
  assert.equal(settingsSchema.safeParse({ typingDelay: 10 ** 9 }).success, false);
  assert.equal(manifest.contributes.configuration.properties['keysweep.maxFileSize'].maximum <= 256 * 1024 * 1024, true);
});
