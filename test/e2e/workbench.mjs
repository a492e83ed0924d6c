// Driving a real VS Code (code-server in headless Chromium) like a person: open the workbench on a folder, click the
// activity bar, read tree items, run palette commands, answer modal dialogs, read notifications, take screenshots.
// Used by test/e2e/ui.mjs; each helper waits for what a person would wait for, with a timeout.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startCodeServer } from '../vscode/code-server.mjs';
import { launchChromium } from '../vscode/chromium.mjs';

/**
 * Starts code-server with `extensionPath` installed (symlink in the extensions dir, no smoke-test driver: toasts and
 * modal dialogs show as they do for a person) and opens `folder` in a 1280×800 headless Chromium page.
 * @returns {Promise<{ page: import('playwright-core').Page, vs: Awaited<ReturnType<typeof startCodeServer>>, close: () => Promise<void> }>}
 */
export async function openWorkbench({ folder, extensionPath, env = {}, settings = {}, viewport = { width: 1280, height: 800 } }) {
  const vs = await startCodeServer({
    installExtensions: [extensionPath],
    env,
    settings: { 'workbench.secondarySideBar.defaultVisibility': 'hidden', 'window.commandCenter': true, ...settings },
  });
  let browser;
  try {
    browser = await launchChromium(vs.runDir);
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(`${vs.origin}/?folder=${encodeURIComponent(folder)}`);
    await page.locator('.monaco-workbench .part.activitybar').waitFor({ state: 'visible', timeout: 60_000 });
    return {
      page,
      vs,
      close: async () => {
        await browser?.close().catch(() => {});
        await vs.stop();
      },
    };
  } catch (err) {
    await browser?.close().catch(() => {});
    await vs.stop();
    throw err;
  }
}

/** The activity-bar entry of a view container, by its title (e.g. "Keysweep"); may not exist. */
export function activityBarEntry(page, title) {
  return page.locator(`.part.activitybar .action-item a[aria-label^="${title}"], .part.activitybar .action-item [aria-label^="${title}"]`).first();
}

/** Clicks the view container's activity-bar entry (unless its side bar is already shown). False when it is absent. */
export async function openViewContainer(page, title, timeoutMs = 15_000) {
  const entry = activityBarEntry(page, title);
  try {
    await entry.waitFor({ state: 'visible', timeout: timeoutMs });
  } catch {
    return false;
  }
  const selected = await entry.evaluate((el) => el.closest('.action-item')?.classList.contains('checked') ?? false);
  if (!selected) await entry.click();
  await page.locator('.part.sidebar').waitFor({ state: 'visible' });
  return true;
}

/** The pane of a view in the side bar, by its name ("This Machine"), expanded. */
export async function viewPane(page, name) {
  const pane = page.locator('.part.sidebar .pane').filter({ has: page.locator(`.pane-header[aria-label^="${name}"], .pane-header h3.title:text-is("${name}")`) }).first();
  await pane.waitFor({ state: 'visible' });
  const header = pane.locator('.pane-header').first();
  if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
  return pane;
}

/** The labels of the tree items shown in a view (waits until at least `atLeast` appear). */
export async function treeItemLabels(page, viewName, { atLeast = 1, timeoutMs = 30_000 } = {}) {
  const pane = await viewPane(page, viewName);
  const items = pane.getByRole('treeitem');
  const deadline = Date.now() + timeoutMs;
  while ((await items.count()) < atLeast && Date.now() < deadline) await page.waitForTimeout(200);
  return items.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? e.textContent ?? ''));
}

/** Runs a command from the palette as a person does: F1, ">" + the title as shown (with its category), Enter. */
export async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: title.replace(/^.*?:\s*/, '') }).first();
  try {
    await row.waitFor({ state: 'visible', timeout: 10_000 });
  } catch {
    await page.keyboard.press('Escape');
    throw new Error(`the command palette has no command titled "${title}"`);
  }
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' }).catch(() => {});
}

/** The texts of the notification toasts now shown. */
export async function notificationTexts(page) {
  return page.locator('.notifications-toasts .notification-toast .notification-list-item-message').allTextContents();
}

/** Waits for a toast whose text matches, and returns its locator. */
export async function waitForNotification(page, pattern, timeoutMs = 30_000) {
  const toast = page.locator('.notifications-toasts .notification-toast').filter({ hasText: pattern }).first();
  await toast.waitFor({ state: 'visible', timeout: timeoutMs });
  return toast;
}

/** Waits for a modal dialog (e.g. a confirmation) and returns its locator; `button(name)` clicks one of its buttons. */
export async function waitForDialog(page, timeoutMs = 30_000) {
  const dialog = page.locator('.monaco-dialog-box').first();
  await dialog.waitFor({ state: 'visible', timeout: timeoutMs });
  return dialog;
}

/** Saves a PNG of the whole window into `dir` and returns its path. */
export async function screenshot(page, dir, name) {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/**
 * A tiny check runner: `await check('title', async () => { … })` records a pass or a failure (with a screenshot
 * named after the check), and `summary()` prints "e2e: N passed, N failed" and returns the exit code.
 */
export function checks({ page, screenshotDir }) {
  const results = [];
  return {
    async check(title, fn) {
      const t0 = Date.now();
      try {
        await fn();
        results.push({ title, ok: true });
        console.log(`  ✔ ${title} (${Date.now() - t0} ms)`);
      } catch (err) {
        results.push({ title, ok: false, err });
        console.log(`  ✘ ${title}\n      ${String(err instanceof Error ? err.message : err).split('\n').join('\n      ')}`);
        const safe = title.replace(/[^a-z0-9]+/gi, '-').toLowerCase().slice(0, 60);
        await screenshot(page(), join(screenshotDir, 'failures'), safe).catch(() => {});
      }
    },
    skip(title, why) {
      results.push({ title, ok: true, skipped: true });
      console.log(`  - ${title} (skipped: ${why})`);
    },
    summary() {
      const failed = results.filter((r) => !r.ok).length;
      const skipped = results.filter((r) => r.skipped).length;
      console.log(`e2e: ${results.length - failed - skipped} passed, ${failed} failed, ${skipped} skipped`);
      return failed === 0 ? 0 : 1;
    },
  };
}
