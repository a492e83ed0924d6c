/** printable(): what a hostile name can do to a terminal or a one-line message, and that it cannot any more. */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { hasUnsafeCharacters, printable } from '../../src/engine/printable';

test('escape sequences, line breaks and bidi controls become visible escapes', () => {
  const osc52 = 'a\u001b]52;c;cHduZWQ=\u0007.txt';
  assert.equal(printable(osc52), 'a\\x1b]52;c;cHduZWQ=\\x07.txt');
  assert.equal(printable('x\nsrc/forged.ts:1:1  warning  fake'), 'x\\nsrc/forged.ts:1:1  warning  fake');
  assert.equal(printable('invoice\u202etxt.exe'), 'invoice\\u{202e}txt.exe');
  assert.equal(printable('csi\u009b31m'), 'csi\\x9b31m');
  assert.equal(printable('ls\u2028sep'), 'ls\\u{2028}sep');
});

test('ordinary names, including non-Latin scripts and emoji, are left alone', () => {
  for (const name of ['src/app.ts', 'données/clé.env', '配置/密钥.json', 'notes 🚀.md', 'a\\b']) {
    assert.equal(printable(name), name);
    assert.equal(hasUnsafeCharacters(name), false);
  }
  assert.equal(hasUnsafeCharacters('a\u001bb'), true);
});
