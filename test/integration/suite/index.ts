/**
 * The extension-host entry point (`extensionTestsPath`): VS Code loads the compiled out/integration/suite/index.js
 * inside the extension host and awaits run(). Every compiled `*.test.js` beside it is a mocha file (TDD interface:
 * `suite`/`test`, imported from 'mocha'). KEYSWEEP_TEST_GREP narrows the run to matching test titles.
 */
import Mocha from 'mocha';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    reporter: 'spec',
    color: false,
    timeout: Number(process.env.KEYSWEEP_TEST_TIMEOUT || 60_000),
    ...(process.env.KEYSWEEP_TEST_GREP ? { grep: process.env.KEYSWEEP_TEST_GREP } : {}),
  });
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort();
  for (const f of files) mocha.addFile(join(__dirname, f));
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        // The counts, for the runner's closing line ("integration: N passed, N failed, N skipped").
        const stats = runner.stats;
        if (process.env.KEYSWEEP_TEST_RESULTS && stats) {
          writeFileSync(process.env.KEYSWEEP_TEST_RESULTS, JSON.stringify({ passes: stats.passes, failures: stats.failures, pending: stats.pending }));
        }
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
        else resolve();
      });
    } catch (err) {
      reject(err);
    }
  });
}
