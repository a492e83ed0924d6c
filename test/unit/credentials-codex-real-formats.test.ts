/**
 * Codex CLI 0.171.0 as it really is (issue 9), files written in the real tool's own format at test time: the
 * encrypted login store (`secrets/codex_auth.age`, 0644), `agent_identity` as an object, conversation copies in
 * SQLite databases, and a logout whose server-side part cannot be confirmed. Driven through the built CLI.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { assertNoSecretIn, codexAuthJson, fake, keysweep, random, tempHome, writeFiles } from '../support/fake-home';

interface CredsJson {
  credentials: Array<{ id: string; kind: string; state?: string; label?: string; isLogin?: boolean; account?: { email?: string; plan?: string; id?: string }; problems: Array<{ code: string; message: string }>; details: Record<string, unknown> }>;
}

function creds(home: string): CredsJson {
  const r = keysweep(['creds', '--home', home, '--format', 'json', '--source', 'codex'], { env: { HOME: home } });
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  return JSON.parse(r.stdout) as CredsJson;
}

/** An age file's shape: the armour-free header line, then binary. The contents are never read by Keysweep. */
function ageFile(): Buffer {
  return Buffer.concat([Buffer.from('age-encryption.org/v1\n-> scrypt x 18\n'), Buffer.from(random(120)), Buffer.from([0, 1, 2, 255])]);
}

/** CODEX_HOME after `codex login` with `[features] secret_auth_storage = true` (files 0644, as Codex writes them). */
function encryptedStoreHome(): string {
  const home = tempHome();
  writeFiles(home, {
    '.codex/config.toml': '[features]\nsecret_auth_storage = true\n',
    '.codex/secrets/codex_auth.age': [ageFile(), 0o644],
    '.codex/secrets/mcp_oauth.age': [ageFile(), 0o644],
    '.codex/secrets/gateway_oauth.age': [ageFile(), 0o644],
    '.codex/secrets/local.age': [ageFile(), 0o644],
  });
  return home;
}

describe('Codex 0.171.0: the encrypted login store', () => {
  it('codex_auth.age is the login, each other .age file is named for what it holds, 0644 is flagged', () => {
    const home = encryptedStoreHome();
    const { credentials } = creds(home);
    const byId = (id: string) => credentials.find((c) => c.id === id);
    const login = byId('codex:secrets:codex_auth');
    assert.ok(login, JSON.stringify(credentials.map((c) => c.id)));
    assert.equal(login.isLogin, true);
    assert.match(login.kind, /^login/);
    assert.ok(login.problems.some((p) => p.code === 'world-readable'), 'a 0644 login file is readable by every user');
    assert.match(byId('codex:secrets:mcp_oauth')!.kind, /MCP OAuth/);
    assert.match(byId('codex:secrets:gateway_oauth')!.kind, /gateway OAuth/);
    assert.match(byId('codex:secrets:local')!.kind, /local/);
    for (const id of ['codex:secrets:mcp_oauth', 'codex:secrets:gateway_oauth', 'codex:secrets:local']) {
      assert.ok(byId(id)!.problems.some((p) => p.code === 'world-readable'), id);
    }
  });

  it('`revoke codex` (no codex on PATH) deletes the login file: never "no local step", re-read not logged in', () => {
    const home = encryptedStoreHome();
    const r = keysweep(['revoke', 'codex', '--yes', '--home', home], { env: { HOME: home, PATH: join(home, 'bin') } });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.doesNotMatch(r.stdout, /no local step/);
    assert.match(r.stdout, /delete .*secrets\/codex_auth\.age/);
    assert.ok(!existsSync(join(home, '.codex', 'secrets', 'codex_auth.age')), 'the login is gone');
    assert.ok(existsSync(join(home, '.codex', 'secrets', 'local.age')), 'local.age may hold other secrets: kept, and said so');
    assert.match(r.stdout, /local\.age/);
    assert.ok(!creds(home).credentials.some((c) => c.isLogin), 'no login left');
  });

  it('with a codex on PATH: `codex logout` first, deleting the login file only its fallback', () => {
    const home = encryptedStoreHome();
    writeFiles(home, { 'bin/codex': ['#!/bin/sh\n/bin/rm -f "$CODEX_HOME/secrets/codex_auth.age"\necho "Successfully logged out"\nexit 0\n', 0o755] });
    const r = keysweep(['revoke', 'codex', '--yes', '--home', home], { env: { HOME: home, PATH: join(home, 'bin') } });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /1\. run `codex logout`/);
    assert.match(r.stdout, /delete .*secrets\/codex_auth\.age — the encrypted Codex login \(only if the logout above fails\)/);
    assert.ok(!existsSync(join(home, '.codex', 'secrets', 'codex_auth.age')));
    assertNoSecretIn([r.stdout, r.stderr]);
  });
});

describe('Codex 0.171.0: agent_identity as a stored record', () => {
  it('an object agent_identity is an agent identity login, never "malformed"; its private key never shown', () => {
    const home = tempHome();
    const privateKey = fake.opaque(64);
    const runtimeId = fake.opaque(24);
    const record = {
      agent_runtime_id: runtimeId,
      agent_private_key: privateKey,
      account_id: `acct-${random(20)}`,
      chatgpt_user_id: `user-${random(20)}`,
      email: 'agent@example.com',
      plan_type: 'business',
      chatgpt_account_is_fedramp: false,
      workspace_id: `ws-${random(12)}`,
      registered_at: '2026-11-01T00:00:00Z',
    };
    writeFiles(home, { '.codex/auth.json': [codexAuthJson({ mode: 'agentIdentity', extra: { tokens: null, agent_identity: record } }).text, 0o600] });
    const r = keysweep(['creds', '--home', home, '--format', 'json', '--source', 'codex'], { env: { HOME: home } });
    const login = (JSON.parse(r.stdout) as CredsJson).credentials.find((c) => c.id === 'codex:auth')!;
    assert.equal(login.kind, 'agent identity login');
    assert.ok(!login.problems.some((p) => /malformed|invalid/.test(p.code)), JSON.stringify(login.problems));
    assert.equal(login.account?.email, 'agent@example.com');
    assert.equal(login.account?.plan, 'business');
    assert.ok(login.problems.some((p) => p.code === 'private-key-stored'), 'the agent private key in plain text is said');
    const text = keysweep(['creds', '--home', home, '--source', 'codex'], { env: { HOME: home } });
    for (const out of [r.stdout, r.stderr, text.stdout, text.stderr]) {
      assert.ok(!out.includes(privateKey) && !out.includes(runtimeId), 'no value from the record beyond safe text');
    }
    assertNoSecretIn([r.stdout, r.stderr, text.stdout, text.stderr]);
  });

  it('the JWT string form still reads as before', () => {
    const home = tempHome();
    writeFiles(home, { '.codex/auth.json': codexAuthJson({ mode: 'agentIdentity', extra: { tokens: null, agent_identity: fake.jwt({ sub: 'agent' }) } }).text });
    const login = creds(home).credentials.find((c) => c.id === 'codex:auth')!;
    assert.equal(login.kind, 'agent identity login');
    assert.match(String(login.details.token), /…/);
  });
});
