/**
 * `keysweep creds --home DIR` end to end (the built dist/cli.js): one fake home per state with every source in it
 * — absent, healthy, expired, world/group-readable, malformed, empty, a directory, a symlink loop, and unreadable
 * (read by an unprivileged user, since root reads through chmod 000) — in JSON and text; the Codex item field by
 * field; and no secret from any fixture in any output.
 */
import assert from 'node:assert/strict';
import { chmodSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { codexStoreAccount } from '../../src/credentials/sources/codex';
import { assertNoSecretIn, cliOutputs, codexAuthJson, DAY, fake, keysweep, NOW, tempHome, writeFiles } from '../support/fake-home';
import { SOURCE_FIXTURES } from '../support/fake-home-sources';
import { expected, homeInState, STATE_PROBLEM, STATES, type HomeState } from '../support/fake-home-states';

const problemSchema = z.object({ code: z.string().min(1), severity: z.enum(['error', 'warning', 'info']), message: z.string().min(1) });
const credentialSchema = z.looseObject({
  id: z.string().regex(/^[a-z-]+:/),
  sourceId: z.string(),
  tool: z.string().min(1),
  kind: z.string().min(1),
  label: z.string().min(1),
  state: z.enum(['present', 'unreadable', 'malformed', 'unknown']),
  location: z.discriminatedUnion('type', [
    z.object({ type: z.literal('file'), path: z.string().startsWith('/'), entry: z.string().optional() }),
    z.object({ type: z.literal('keychain'), service: z.string(), account: z.string().optional() }),
    z.object({ type: z.literal('env'), variable: z.string(), path: z.string().optional() }),
    z.object({ type: z.literal('unknown'), note: z.string() }),
  ]),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  problems: z.array(problemSchema),
});
const reportSchema = z.object({ home: z.string(), now: z.string(), credentials: z.array(credentialSchema) });

/** Every folder of a fake home world-traversable, so an unprivileged reader gets as far as the files. */
function openFolders(dir: string): void {
  chmodSync(dir, 0o755);
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    try {
      if (statSync(full).isDirectory()) openFolders(full);
    } catch {
      // loops and dangling links: nothing to open
    }
  }
}

const asRoot = process.getuid?.() === 0;

describe('keysweep creds --home, every source in every state', () => {
  for (const state of STATES) {
    it(`${state}: each source reported correctly, in JSON and in text, exit 0`, () => {
      const home = homeInState(state);
      const unprivileged = state === 'unreadable' && asRoot;
      if (unprivileged) openFolders(home);
      const run = (format: string) => keysweep(['creds', '--home', home, '--format', format, '--now', NOW.toISOString()], { env: { HOME: home }, uid: unprivileged ? 65534 : undefined });
      const json = run('json');
      assert.equal(json.status, 0, json.stderr);
      assert.equal(json.stderr, '');
      const report = reportSchema.parse(JSON.parse(json.stdout));
      for (const f of SOURCE_FIXTURES) {
        const want = expected(f, state);
        const mine = report.credentials.filter((c) => c.sourceId === f.id);
        const main = mine.find((c) => (c.location.type === 'file' || c.location.type === 'env') && c.location.path === join(home, f.main));
        const where = `${f.id} (${state})`;
        if (want === 'none') {
          assert.deepEqual(mine.map((c) => c.id), [], where);
          continue;
        }
        assert.ok(main, `${where}: no item for ${f.main}`);
        assert.equal(main.state, want, `${where}: ${main.problems.map((p) => p.code).join(', ')}`);
        const code = STATE_PROBLEM[state as HomeState];
        if (code && (state !== 'expired' || f.expired)) assert.ok(main.problems.some((p) => p.code === code), `${where}: ${code} expected, got ${main.problems.map((p) => p.code).join(', ')}`);
      }
      const text = run('text');
      assert.equal(text.status, 0, text.stderr);
      if (state === 'absent') assert.match(text.stdout, /No credentials from coding agents or developer tools found\./);
      else assert.match(text.stdout, /^Codex CLI \(codex\)$/m, 'Codex CLI first');
    });
  }
});

describe('keysweep creds: the Codex CLI login, field by field', () => {
  it('ChatGPT mode with keyring storage, a world-readable auth.json, a keychain item', () => {
    const home = tempHome();
    writeFiles(home, {
      '.codex/auth.json': [codexAuthJson({ mode: 'chatgpt', email: 'ada@example.com', plan: 'team', accountId: 'acct-00000000000000001234', lastRefresh: new Date(NOW.getTime() - 3 * DAY), accessExpires: new Date(NOW.getTime() + 2 * DAY) }).text, 0o644],
      '.codex/config.toml': 'cli_auth_credentials_store = "auto"\n',
    });
    const keychainFile = join(home, 'fake-keychain.json');
    writeFiles(home, { 'fake-keychain.json': JSON.stringify({ items: [{ service: 'Codex Auth', account: codexStoreAccount('cli', join(home, '.codex')) }] }) });
    const env = { HOME: home, KEYSWEEP_FAKE_KEYCHAIN: keychainFile };
    const json = keysweep(['creds', '--home', home, '--format', 'json', '--now', NOW.toISOString(), '--source', 'codex'], { env });
    const report = reportSchema.parse(JSON.parse(json.stdout));
    const auth = report.credentials.find((c) => c.id === 'codex:auth') as z.infer<typeof credentialSchema> & Record<string, unknown>;
    assert.equal(auth.kind, 'ChatGPT login');
    assert.equal(auth.isLogin, true);
    assert.deepEqual(auth.account, { email: 'ada@example.com', plan: 'team', id: '…1234' });
    assert.equal(auth.lastRefresh, '2026-11-24T12:00:00.000Z');
    assert.equal(auth.expiresAt, '2026-11-29T12:00:00.000Z');
    assert.equal(auth.storage, 'auto');
    assert.deepEqual(auth.problems.map((p) => p.code), ['world-readable']);
    assert.equal(report.credentials.find((c) => c.id === 'codex:keychain')?.state, 'present');

    const text = keysweep(['creds', '--home', home, '--now', NOW.toISOString(), '--source', 'codex'], { env }).stdout;
    assert.match(text, /^ {2}ChatGPT login \(ada@example\.com, team\)$/m);
    assert.match(text, /ada@example\.com · plan team · account …1234 · refreshed 3 days ago · expires in 2 days · storage: auto/);
    assert.match(text, /✗ .*auth\.json is readable by every user on this machine \(mode 0644\)/);
    assert.match(text, /login in OS keychain\n\s+keychain "Codex Auth" \/ "cli\|[0-9a-f]{16}"/);
  });

  it('API-key mode and an unknown future mode, in text', () => {
    const home = tempHome();
    const key = fake.openaiKey();
    writeFiles(home, { '.codex/auth.json': codexAuthJson({ mode: 'apikey', apiKey: key }).text });
    const apikey = keysweep(['creds', '--home', home, '--now', NOW.toISOString()], { env: { HOME: home } }).stdout;
    assert.match(apikey, new RegExp(`API key login \\(sk-proj-…${key.slice(-4)}\\)`));
    writeFiles(home, { '.codex/auth.json': codexAuthJson({ mode: 'deviceBoundKey' }).text });
    const future = keysweep(['creds', '--home', home, '--now', NOW.toISOString()], { env: { HOME: home } });
    assert.equal(future.status, 0);
    assert.match(future.stdout, /login \(unknown mode "deviceBoundKey"\) \(dev@example\.com, plus\)/);
    assert.match(future.stdout, /i auth\.json uses a login mode this version of Keysweep does not know/);
  });

  it('bad usage is one line on stderr and exit 2', () => {
    const bad = keysweep(['creds', '--format', 'xml']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /^keysweep creds: --format must be text or json/);
    assert.equal(keysweep(['creds', '--source', 'nope', '--home', tempHome()]).status, 2);
  });
});

describe('keysweep creds: secrets', () => {
  it('no full secret value from any fixture appears in any output, in any format', () => {
    assert.ok(cliOutputs.length > 20);
    assertNoSecretIn(cliOutputs);
  });
});
