/**
 * Concurrent revokes (issue 8, item 7): many real CLI processes at once, each removing a different registry's token
 * from one ~/.npmrc. Every removed line must stay removed and every other line must stay — a lost update (a process
 * writing back text it read before another one's edit) brings a removed token back or drops a kept line.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CLI_BUNDLE, fake, tempHome, writeFiles } from '../support/fake-home';

function revoke(home: string, id: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI_BUNDLE, 'revoke', id, '--yes', '--home', home], { env: { HOME: home, PATH: '', NO_COLOR: '1' } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ code, out }));
  });
}

describe('item 7: concurrent revokes on one file lose no edit', () => {
  it('rounds of 8 processes, each removing its own registry token from one .npmrc', { timeout: 240_000 }, async () => {
    const ROUNDS = 4;
    const REGISTRIES = 10;
    const REMOVED = 8;
    for (let round = 0; round < ROUNDS; round++) {
      const home = tempHome();
      const lines = ['registry=https://registry.npmjs.org/', '# keep this comment'];
      for (let i = 0; i < REGISTRIES; i++) lines.push(`//r${i}.example.com/:_authToken=${fake.npmToken()}`, `@scope${i}:registry=https://r${i}.example.com/`);
      writeFiles(home, { '.npmrc': `${lines.join('\n')}\n` });
      const results = await Promise.all(Array.from({ length: REMOVED }, (_, i) => revoke(home, `npm:r${i}.example.com/`)));
      for (const [i, r] of results.entries()) assert.equal(r.code, 0, `round ${round}, process ${i}:\n${r.out}`);
      const expected = lines.filter((l) => !/^\/\/r[0-7]\.example\.com\//.test(l));
      assert.deepEqual(readFileSync(join(home, '.npmrc'), 'utf8').split('\n').slice(0, -1), expected, `round ${round}: a removed token came back or a kept line went`);
    }
  });
});
