// Debian's Chromium, headless, as both the extension-host runner and the UI checks open it: the flags this machine
// needs (no background networking, no sandbox as root) and a home inside code-server's run folder.
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from './paths.mjs';

/** @param {string} runDir code-server's run folder (the browser's HOME goes inside it) */
export function launchChromium(runDir) {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    env: { ...process.env, HOME: join(runDir, 'chromium-home') },
  });
}
