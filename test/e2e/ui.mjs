#!/usr/bin/env node
// The UI check, like a person: Keysweep installed in a real VS Code (code-server) in headless Chromium, the demo
// workspace (keys planted now) open; open the Keysweep side bar, look at its views, run a command from the palette,
// and save screenshots (the README's pictures) into media/screenshots/.
//
// Needs `npm run build` and the toolchain (`npm run vscode:toolchain`). No smoke-test driver here: notifications and
// modal dialogs show as they do for a person.
//
// Usage: node test/e2e/ui.mjs [--out DIR] [--keep]
//   --out DIR  where screenshots go (default media/screenshots; failures go to DIR/failures)
//   --keep     keep the temp folder (workspace, code-server log and user data)
// Exit code: 0 when every check passed, 1 otherwise.
//
// Adding a check: write `await check('what a person sees', async () => { … })` below, using the helpers of
// ./workbench.mjs (treeItemLabels, runCommand, waitForDialog, waitForNotification, screenshot) and node:assert.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createFixtureHome, createFixtureWorkspace } from '../vscode/fixture.mjs';
import { assertToolchain, enginesWarning, REPO_ROOT } from '../vscode/paths.mjs';
import { checks, openViewContainer, openWorkbench, runCommand, screenshot, treeItemLabels, waitForDialog, waitForNotification } from './workbench.mjs';

const argv = process.argv.slice(2);
const outAt = argv.indexOf('--out');
const SHOTS = resolve(outAt >= 0 ? argv[outAt + 1] : join(REPO_ROOT, 'media', 'screenshots'));
const keep = argv.includes('--keep');
// The extension under test: the repository (package.json + dist/); KEYSWEEP_EXTENSION_PATH tests another copy.
const EXTENSION = process.env.KEYSWEEP_EXTENSION_PATH ? resolve(process.env.KEYSWEEP_EXTENSION_PATH) : REPO_ROOT;
const manifest = JSON.parse(readFileSync(join(EXTENSION, 'package.json'), 'utf8'));
const container = manifest.contributes?.viewsContainers?.activitybar?.find((c) => c.id === 'keysweep');
const containerTitle = container?.title ?? 'Keysweep';
const viewNames = (manifest.contributes?.views?.keysweep ?? []).map((v) => v.name);
const commandTitle = (id) => {
  const c = manifest.contributes?.commands?.find((x) => x.command === id);
  if (!c) throw new Error(`command ${id} is not contributed`);
  return c.category ? `${c.category}: ${c.title}` : c.title;
};

async function main() {
  if (!existsSync(join(EXTENSION, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: run `npm run build` first');
  assertToolchain();
  const warning = enginesWarning(EXTENSION);
  if (warning) console.log(`[e2e] ${warning}`);
  const t0 = Date.now();
  const runDir = mkdtempSync(join(tmpdir(), 'keysweep-e2e-'));
  const fixture = await createFixtureWorkspace(join(runDir, 'demo-workspace'));
  // A fake home with a Codex CLI login (random values, generated now), so that this machine's real credentials can
  // never show up in a screenshot, and a test-only keychain file instead of the OS keychain.
  const home = await createFixtureHome(join(runDir, 'home'));
  const env = { KEYSWEEP_HOME: home.home, CODEX_HOME: home.codexHome, KEYSWEEP_FAKE_KEYCHAIN: home.keychain };
  const planted = [...home.secrets, ...(Object.values(fixture.files).join('\n').match(/sk-proj-[\w-]{40,}|ghp_\w{36}|xoxb-[\w-]{30,}|sk-ant-api03-[\w-]{60,}/g) ?? [])];

  let session;
  const { check, summary } = checks({ page: () => session.page, screenshotDir: SHOTS });
  // Everything Keysweep draws (side bar, Problems, hovers, notifications, status bar); the editor shows the user's own file.
  const assertNoSecretOnScreen = async (where) => {
    const parts = ['.part.sidebar', '.part.panel', '.monaco-hover', '.notifications-toasts', '.part.statusbar'];
    const text = (await Promise.all(parts.map((sel) => session.page.locator(sel).allInnerTexts()))).flat().join('\n');
    for (const value of planted) assert.ok(!text.includes(value), `a planted secret is visible in ${where}`);
  };
  try {
    session = await openWorkbench({ folder: fixture.dir, extensionPath: EXTENSION, env });
    const { page } = session;
    console.log(`[e2e] workbench open in ${Date.now() - t0} ms (${session.vs.origin}, folder ${fixture.dir})`);

    await check(`the "${containerTitle}" activity-bar entry opens its side bar`, async () => {
      assert.ok(await openViewContainer(page, containerTitle), `no "${containerTitle}" entry in the activity bar (is the extension loaded?)`);
    });

    await check('This Machine shows the Codex CLI login first', async () => {
      const labels = await treeItemLabels(page, 'This Machine', { atLeast: 2 });
      assert.match(labels[0] ?? '', /Codex CLI/, labels.join(' | '));
      assert.ok(labels.some((l) => /ChatGPT login/.test(l)), labels.join(' | '));
    });

    await check('Workspace lists the files with planted keys, tracked first', async () => {
      const labels = await treeItemLabels(page, 'Workspace', { atLeast: 4 });
      console.log(`      Workspace: ${labels.slice(0, 8).join(' | ')}`);
      assert.ok(labels.some((l) => /openai-client\.ts/.test(l)), labels.join(' | '));
      await page.waitForTimeout(500);
      await screenshot(page, SHOTS, 'sidebar');
      await assertNoSecretOnScreen('the side bar');
    });

    await check('a file with a key shows the warning squiggle and a Problems entry', async () => {
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget .quick-input-box input');
      await input.waitFor({ state: 'visible' });
      await input.fill('openai-client.ts');
      await page.locator('.quick-input-widget .monaco-list-row').first().waitFor({ state: 'visible' });
      await page.keyboard.press('Enter');
      await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ state: 'visible', timeout: 30_000 });
      await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
      const problems = page.locator('.markers-panel .monaco-list-row');
      await problems.first().waitFor({ state: 'visible', timeout: 30_000 });
      const rows = await problems.allTextContents();
      assert.ok(rows.some((r) => /OpenAI project API key sk-proj-…/.test(r)), rows.join(' | '));
      const box = await page.locator('.monaco-editor .squiggly-warning').first().boundingBox();
      if (box) await page.mouse.move(box.x + Math.min(40, box.width / 2), box.y + box.height / 2);
      await page.waitForTimeout(1200);
      await screenshot(page, SHOTS, 'warning');
      await assertNoSecretOnScreen('the editor, hover and Problems panel');
    });

    await check(`"${commandTitle('keysweep.revokeCodex')}" asks, names every target, removes the login and shows the result`, async () => {
      await openViewContainer(page, containerTitle);
      await runCommand(page, commandTitle('keysweep.revokeCodex'));
      const dialog = await waitForDialog(page);
      const text = await dialog.innerText();
      assert.match(text, /Revoke Codex CLI credentials\?/);
      assert.ok(text.includes(join(home.codexHome, 'auth.json')), `the dialog names auth.json: ${text}`);
      await screenshot(page, SHOTS, 'revoke-confirm');
      await dialog.getByRole('button', { name: 'Revoke' }).click();
      await waitForNotification(page, /Codex CLI: logged out/);
      assert.equal(existsSync(join(home.codexHome, 'auth.json')), false, 'auth.json removed');
      assert.equal(existsSync(join(home.codexHome, '.credentials.json')), true, 'MCP tokens left alone');
      const deadline = Date.now() + 15_000;
      let labels = [];
      while (Date.now() < deadline) {
        labels = await treeItemLabels(page, 'This Machine', { atLeast: 1 });
        if (!labels.some((l) => /ChatGPT login/.test(l))) break;
        await page.waitForTimeout(300);
      }
      assert.ok(!labels.some((l) => /ChatGPT login/.test(l)), `the login is still listed: ${labels.join(' | ')}`);
      await screenshot(page, SHOTS, 'revoke-result');
    });
  } catch (err) {
    console.log(`  ✘ the workbench could not be opened: ${err instanceof Error ? err.message : err}`);
    if (session) console.log(session.vs.logTail());
    await session?.close();
    session = undefined;
    console.log('e2e: 0 passed, 1 failed');
    return 1;
  } finally {
    await session?.close();
    if (keep) console.log(`[e2e] kept ${runDir}`);
    else rmSync(runDir, { recursive: true, force: true });
  }
  console.log(`[e2e] screenshots in ${SHOTS}; ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return summary();
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`[e2e] ${err instanceof Error ? err.stack : err}`);
    process.exit(1);
  },
);
