/**
 * Commands the runbook offers to type into a terminal (issue 8's "smuggle text into a terminal"): a server name from
 * a file is a word of `codex mcp logout <name>`; it must stay one word, and a name that cannot (a line break, an
 * escape, a quote) gets no Run action at all. The extension's terminal command re-checks whatever it is handed.
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { commandLine, isSafeToType } from '../../src/runbook/command-line';
import { runCli, tempDir } from '../support/cli';

it('words are quoted into one word each, or refused', () => {
  assert.equal(commandLine(['codex', 'mcp', 'logout', 'linear']), 'codex mcp logout linear');
  assert.equal(commandLine(['codex', 'mcp', 'logout', 'evil; touch pwned']), "codex mcp logout 'evil; touch pwned'");
  assert.equal(commandLine(['codex', 'mcp', 'logout', '$(id)`id`']), "codex mcp logout '$(id)`id`'");
  for (const bad of ['a\nrm -rf ~', 'a\rb', 'x\u001b]52;c;AAAA\u0007', "it's", 'rtl\u202eexe', '']) assert.equal(commandLine(['codex', 'mcp', 'logout', bad]), undefined, JSON.stringify(bad));
  assert.equal(isSafeToType("codex mcp logout 'a b'"), true);
  for (const bad of ['a\nb', 'x\u0007', 'x\u2028y', 42, undefined, '']) assert.equal(isSafeToType(bad), false, JSON.stringify(bad));
});

it('the runbook of a machine whose MCP servers have hostile names offers only safe command lines', () => {
  const home = tempDir();
  try {
    const codexHome = join(home, '.codex');
    mkdirSync(codexHome, { recursive: true });
    const token = { server_name: 'x', server_url: 'https://mcp.example.com', client_id: 'c', access_token: 'not-a-real-token', expires_at: null, scopes: [] };
    const names = ['evil; touch pwned', 'two\nlines', "quo'te"];
    writeFileSync(join(codexHome, '.credentials.json'), JSON.stringify(Object.fromEntries(names.map((n, i) => [`${n}|${'0'.repeat(15)}${i}`, token]))));
    const r = runCli(['runbook', '--home', home, '--markdown'], { env: { CODEX_HOME: codexHome } });
    assert.equal(r.stderr, '');
    const runs = [...r.stdout.matchAll(/run `([^`]*)`/g)].map((m) => m[1]!).filter((c) => c.startsWith('codex mcp logout'));
    assert.deepEqual(runs, ["codex mcp logout 'evil; touch pwned'"], r.stdout);
    assert.ok(!/\n(rm|lines)\b/.test(r.stdout));
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

it('a program planted in the current folder is never the one run, whatever PATH says', async () => {
  const { whichOnPath } = await import('../../src/credentials/which');
  const dir = tempDir();
  const cwd = process.cwd();
  try {
    writeFileSync(join(dir, 'keysweep-planted'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    process.chdir(dir);
    for (const PATH of ['.', '', ':', 'relative/../.', `.:/usr/bin`]) assert.equal(await whichOnPath('keysweep-planted', { PATH }, 'linux'), undefined, JSON.stringify(PATH));
    assert.equal(await whichOnPath('keysweep-planted', { PATH: dir }, 'linux'), join(dir, 'keysweep-planted'));
    // The helper runner (keychain probes: gdbus, cmdkey) resolves bare names the same way before running anything.
    const { realExec } = await import('../../src/credentials/exec');
    assert.deepEqual(await realExec('keysweep-planted', [], { env: { PATH: '.' } }), { error: 'ENOENT' });
    assert.deepEqual(await realExec('keysweep-planted', [], { env: { PATH: dir } }), { code: 0, stdout: '', stderr: '' });
  } finally {
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  }
});
