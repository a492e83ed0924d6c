/**
 * "Add <file> to .gitignore" with hostile file names (issue 8, sibling of items 5 and 13): the line the quick fix
 * writes must ignore exactly that file — not every file (`*`), not a class of names (`[ab].env`), not fewer (trailing
 * spaces) — and a name with a line break gets no line at all (it could append `!other` and un-ignore a file).
 * Checked with real git: `git check-ignore` over the written .gitignore.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { gitignoreLineFor } from '../../src/server/code-actions';
import { git, tempDir, writeTree } from '../support/cli';

const NAMES = ['*', '*.env', '[ab].env', 'a?c.env', 'back\\slash.env', 'trailing.env  ', '#hash.env', '!bang.env', 'dir/**/x.env', 'plain.env', 'sp ace.env'];
/** Files that a careless line would also ignore. */
const BYSTANDERS = ['other.env', 'a.env', 'abc.env', 'trailing.env', 'dir/a/b/x.env', 'dir/x.env', 'hash.env', 'bang.env'];

function ignored(repo: string, path: string): boolean {
  return spawnSync('git', ['check-ignore', '-q', '--no-index', '--', path], { cwd: repo }).status === 0;
}

it('each line ignores its own file and nothing else, with real git', () => {
  for (const name of NAMES) {
    const repo = tempDir();
    try {
      const files = Object.fromEntries([name, ...BYSTANDERS].filter((f, i, all) => all.indexOf(f) === i).map((f) => [f, 'x\n']));
      writeTree(repo, files);
      git(repo, 'init', '-q');
      const line = gitignoreLineFor(name);
      assert.ok(line, name);
      writeFileSync(join(repo, '.gitignore'), `${line}\n`);
      assert.equal(ignored(repo, name), true, `${JSON.stringify(name)}: its own line does not ignore it (${line})`);
      for (const other of BYSTANDERS.filter((b) => b !== name)) assert.equal(ignored(repo, other), false, `${JSON.stringify(name)} also ignores ${other} (${line})`);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  }
});

it('a name that cannot be one .gitignore line gets no line', () => {
  for (const name of ['a\n!other.env', 'a\r.env', 'esc\u001b.env', '../outside.env', '/abs.env', '']) assert.equal(gitignoreLineFor(name), undefined, JSON.stringify(name));
});
