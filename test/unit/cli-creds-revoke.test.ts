/**
 * `keysweep revoke` end to end (the built dist/cli.js) over fake homes: without the codex CLI it removes exactly
 * auth.json and the keychain item (through the test-only file keychain) and nothing else; with a fake `codex` on
 * PATH it runs `codex logout` instead and then checks; --dry-run changes nothing; no confirmation, no change;
 * entries inside files are removed with every other byte intact; no secret in any output.
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runRevoke } from '../../src/cli/revoke-command';
import type { CliIO } from '../../src/cli/io';
import { codexStoreAccount } from '../../src/credentials/sources/codex';
import { assertNoSecretIn, cliOutputs, codexAuthJson, fake, keysweep, NOW, snapshot, tempHome, writeFiles } from '../support/fake-home';
import { SOURCE_FIXTURES } from '../support/fake-home-sources';
import { homeInState } from '../support/fake-home-states';

/** A Codex home with a login, MCP tokens, config, sessions and history; and a file keychain holding its item. */
function codexHome(store = 'auto') {
  const home = tempHome();
  writeFiles(home, {
    '.codex/auth.json': codexAuthJson({ mode: 'chatgpt', apiKey: fake.openaiKey() }).text,
    '.codex/config.toml': `cli_auth_credentials_store = "${store}"\n[mcp_servers.linear]\nurl = "https://mcp.linear.app/mcp"\n`,
    '.codex/.credentials.json': JSON.stringify({ 'linear|0011223344556677': { server_name: 'linear', access_token: fake.opaque(), expires_at: NOW.getTime() } }, null, 2),
    '.codex/history.jsonl': `{"text":"key ${fake.openaiKey()}"}\n`,
    '.codex/sessions/2026/11/20/rollout-a.jsonl': `{"content":"${fake.githubToken('ghp')}"}\n`,
  });
  const keychain = join(home, 'keychain.json');
  writeFileSync(keychain, JSON.stringify({ items: [{ service: 'Codex Auth', account: codexStoreAccount('cli', join(home, '.codex')) }, { service: 'unrelated' }] }));
  return { home, keychain, env: { HOME: home, KEYSWEEP_FAKE_KEYCHAIN: keychain } };
}

function without(snap: Map<string, string>, ...paths: string[]): Map<string, string> {
  const copy = new Map(snap);
  for (const p of paths) copy.delete(p);
  return copy;
}

/** A fake `codex` that records its arguments and CODEX_HOME, then does what `codex logout` does to the file (or not). */
function fakeCodex(dir: string, behaviour: 'logout' | 'fail' | 'leave'): string {
  const log = join(dir, 'codex-calls.log');
  const body =
    behaviour === 'logout'
      ? '/bin/rm -f "$CODEX_HOME/auth.json"\necho "Successfully logged out"\nexit 0'
      : behaviour === 'fail'
        ? 'echo "Error logging out: network" >&2\nexit 1'
        : 'exit 0';
  writeFiles(dir, { 'bin/codex': [`#!/bin/sh\nprintf '%s|%s\\n' "$*" "$CODEX_HOME" >> "${log}"\n${body}\n`, 0o755] });
  return log;
}

describe('keysweep revoke codex', () => {
  it('no codex on PATH: removes exactly auth.json and the keychain item; everything else byte-identical; re-read says not logged in', () => {
    const { home, keychain, env } = codexHome();
    const before = snapshot(home);
    const r = keysweep(['revoke', 'codex', '--yes', '--home', home], { env });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.ok(!existsSync(join(home, '.codex', 'auth.json')));
    const after = snapshot(home);
    assert.deepEqual(without(after, 'keychain.json'), without(before, '.codex/auth.json', 'keychain.json'), '.credentials.json, config.toml, sessions/, history untouched');
    assert.deepEqual(JSON.parse(readFileSync(keychain, 'utf8')).items, [{ service: 'unrelated' }], 'the "Codex Auth" item, and only it, is gone');
    assert.match(r.stdout, /Plan:\n {2}1\. delete .*\.codex\/auth\.json/);
    assert.match(r.stdout, /2\. delete keychain item "Codex Auth" \/ "cli\|[0-9a-f]{16}"/);
    assert.match(r.stdout, /`codex logout` does not delete API keys on the server/);
    assert.match(r.stdout, /does not remove MCP OAuth tokens \(linear\)/);
    assert.match(r.stdout, /Checked again:\n {2}Codex CLI: not logged in/);
    assert.match(r.stdout, /https:\/\/platform\.openai\.com\/api-keys/);
    const creds = JSON.parse(keysweep(['creds', '--home', home, '--format', 'json', '--source', 'codex'], { env }).stdout) as { credentials: Array<{ id: string }> };
    assert.deepEqual(creds.credentials.map((c) => c.id).sort(), ['codex:history', 'codex:mcp:linear', 'codex:sessions']);
  });

  it('a fake codex on PATH: runs `codex logout` (with CODEX_HOME) instead of deleting, then verifies', () => {
    const { home, env } = codexHome('file');
    const log = fakeCodex(home, 'logout');
    const before = snapshot(home);
    const r = keysweep(['revoke', 'codex', '--yes', '--home', home], { env: { ...env, PATH: join(home, 'bin') } });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(readFileSync(log, 'utf8'), `logout|${join(home, '.codex')}\n`);
    assert.match(r.stdout, /1\. run `codex logout`/);
    assert.match(r.stdout, /✓ run `codex logout`.*— exit 0/);
    assert.match(r.stdout, /- delete .*auth\.json.*only if the logout above fails\) — not needed: the logout ran/);
    assert.match(r.stdout, /Codex CLI: not logged in/);
    assert.doesNotMatch(r.stdout, /Successfully logged out/, "the tool's own output is not echoed");
    assert.deepEqual(without(snapshot(home), 'codex-calls.log', 'keychain.json'), without(before, '.codex/auth.json', 'keychain.json'));
  });

  it('when `codex logout` fails, the fallback removes the file and the exit code says the logout failed', () => {
    const { home, env } = codexHome('file');
    fakeCodex(home, 'fail');
    const r = keysweep(['revoke', 'codex', '--yes', '--home', home], { env: { ...env, PATH: join(home, 'bin') } });
    assert.equal(r.status, 1);
    assert.match(r.stdout, /✗ run `codex logout`.*— exit 1/);
    assert.match(r.stdout, /✓ delete .*auth\.json/);
    assert.ok(!existsSync(join(home, '.codex', 'auth.json')));
  });

  it('when `codex logout` says yes but leaves auth.json, the re-read shows it and the exit code is 1', () => {
    const { home, env } = codexHome('file');
    fakeCodex(home, 'leave');
    const r = keysweep(['revoke', 'codex', '--yes', '--home', home], { env: { ...env, PATH: join(home, 'bin') } });
    assert.equal(r.status, 1);
    assert.match(r.stdout, /still on this machine/);
    assert.match(r.stdout, /ChatGPT login/);
    assert.ok(existsSync(join(home, '.codex', 'auth.json')));
  });

  it('--dry-run changes nothing (the whole home compared byte for byte)', () => {
    const { home, env } = codexHome();
    const before = snapshot(home);
    const r = keysweep(['revoke', 'codex', '--dry-run', '--yes', '--home', home], { env });
    assert.equal(r.status, 0);
    assert.match(r.stdout, /Dry run: nothing was changed\./);
    assert.deepEqual(snapshot(home), before);
  });

  it('without --yes and without a terminal to ask: prints the plan, changes nothing, exit 2 with one line', () => {
    const { home, env } = codexHome();
    const before = snapshot(home);
    const r = keysweep(['revoke', 'codex', '--home', home], { env });
    assert.equal(r.status, 2);
    assert.match(r.stdout, /Plan:/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.match(r.stderr, /re-run with --yes/);
    assert.deepEqual(snapshot(home), before);
  });

  it('one MCP server by id: only its key leaves .credentials.json, every other byte stays', () => {
    const home = tempHome();
    const a = fake.opaque();
    const b = fake.opaque();
    const text = `{\n  "linear|0011223344556677": {\n    "server_name": "linear",\n    "access_token": "${a}"\n  },\n  "notion|8899aabbccddeeff": {\n    "server_name": "notion",\n    "access_token": "${b}"\n  }\n}\n`;
    writeFiles(home, { '.codex/.credentials.json': text, '.codex/auth.json': codexAuthJson({}).text });
    const r = keysweep(['revoke', 'codex:mcp:linear', '--yes', '--home', home], { env: { HOME: home } });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(readFileSync(join(home, '.codex', '.credentials.json'), 'utf8'), `{\n  "notion|8899aabbccddeeff": {\n    "server_name": "notion",\n    "access_token": "${b}"\n  }\n}\n`);
    assert.ok(existsSync(join(home, '.codex', 'auth.json')), 'the login is not part of an MCP revoke');
  });
});

describe('keysweep revoke: other sources', () => {
  it('npm without npm installed: removes just the token line, mode and other bytes intact', () => {
    const home = tempHome();
    const before = `registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=${fake.npmToken()}\n@acme:registry=https://npm.acme.dev/\n`;
    writeFiles(home, { '.npmrc': [before, 0o600] });
    const r = keysweep(['revoke', 'npm', '--yes', '--home', home], { env: { HOME: home } });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(readFileSync(join(home, '.npmrc'), 'utf8'), 'registry=https://registry.npmjs.org/\n@acme:registry=https://npm.acme.dev/\n');
    assert.match(r.stdout, /npm is not installed, so the token is only removed from \.npmrc/);
    assert.match(r.stdout, /nothing left for npm/);
  });

  it('shell: removes the export line from ~/.bashrc and nothing else', () => {
    const home = tempHome();
    writeFiles(home, { '.bashrc': `# rc\nexport OPENAI_API_KEY="${fake.openaiKey()}"\nalias ll='ls -l'\n` });
    const r = keysweep(['revoke', 'shell', '--yes', '--home', home], { env: { HOME: home } });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(readFileSync(join(home, '.bashrc'), 'utf8'), "# rc\nalias ll='ls -l'\n");
    assert.match(r.stdout, /https:\/\/platform\.openai\.com/);
  });

  it('every source, healthy, dry run: a plan and no crash; unknown sources and empty sources are handled', () => {
    const home = homeInState('healthy');
    const before = snapshot(home);
    for (const f of SOURCE_FIXTURES) {
      const r = keysweep(['revoke', f.id, '--dry-run', '--home', home], { env: { HOME: home } });
      assert.equal(r.status, 0, `${f.id}: ${r.stderr}`);
      assert.match(r.stdout, /Plan:/, f.id);
    }
    assert.deepEqual(snapshot(home), before);
    const unknown = keysweep(['revoke', 'nope', '--home', home]);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown source "nope"; sources: codex, claude/);
    const empty = keysweep(['revoke', 'codex', '--yes', '--home', tempHome()]);
    assert.equal(empty.status, 0);
    assert.match(empty.stdout, /Codex CLI: nothing on this machine \(not logged in\)\./);
  });

  it('a world-readable directory of broken files: revoke still plans and reports, never crashes', () => {
    const home = homeInState('symlink-loop');
    chmodSync(home, 0o755);
    for (const f of SOURCE_FIXTURES) {
      const r = keysweep(['revoke', f.id, '--yes', '--home', home], { env: { HOME: home } });
      assert.ok(r.status === 0 || r.status === 1, `${f.id}: ${r.status} ${r.stderr}`);
      assert.doesNotMatch(r.stderr, /unexpected error/);
    }
  });
});

describe('keysweep revoke: interactive confirmation', () => {
  function io(answer: string | undefined, env: NodeJS.ProcessEnv) {
    const out: string[] = [];
    const questions: string[] = [];
    const cli: CliIO = {
      out: (t) => out.push(t),
      err: (t) => out.push(t),
      stderrIsTTY: true,
      stdoutIsTTY: true,
      env,
      cwd: process.cwd(),
      prompt: answer === undefined ? undefined : async (q) => (questions.push(q), answer),
    };
    return { cli, out, questions };
  }

  it('"y" at the prompt carries the plan out; anything else cancels and changes nothing', async () => {
    const { home, env } = codexHome();
    const before = snapshot(home);
    const no = io('n', env);
    assert.equal(await runRevoke(['codex', '--home', home], no.cli), 1);
    assert.match(no.questions[0]!, /Carry out 2 local steps\? \[y\/N\]/);
    assert.match(no.out.join(''), /Cancelled: nothing was changed\./);
    assert.deepEqual(snapshot(home), before);
    const yes = io('y', env);
    assert.equal(await runRevoke(['codex', '--home', home], yes.cli), 0);
    assert.ok(!existsSync(join(home, '.codex', 'auth.json')));
    cliOutputs.push(...no.out, ...yes.out);
  });
});

describe('keysweep revoke: secrets', () => {
  it('no full secret value from any fixture appears in any output, in any format', () => {
    assert.ok(cliOutputs.length > 20);
    assertNoSecretIn(cliOutputs);
  });
});
