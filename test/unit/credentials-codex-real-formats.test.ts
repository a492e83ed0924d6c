/**
 * Codex CLI 0.171.0 as it really is (issue 9), files written in the real tool's own format at test time: the
 * encrypted login store (`secrets/codex_auth.age`, 0644), `agent_identity` as an object, conversation copies in
 * SQLite databases, and a logout whose server-side part cannot be confirmed. Driven through the built CLI.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempDir } from '../support/cli';
import { assertNoSecretIn, codexAuthJson, fake, keysweep, random, tempHome, writeFiles } from '../support/fake-home';

interface CredsJson {
  credentials: Array<{ id: string; kind: string; state?: string; label?: string; masked?: string; isLogin?: boolean; account?: { email?: string; plan?: string; id?: string }; problems: Array<{ code: string; message: string }>; details: Record<string, unknown> }>;
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
    assert.equal(byId('codex:secrets:cli_auth'), undefined, 'not written by 0.171.0');
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

  it('with a codex on PATH: `codex logout` first, then the login store it empties but leaves is deleted', () => {
    const home = encryptedStoreHome();
    // Like the real one (secrets/src/local.rs): the login entry is removed and the encrypted file written back.
    writeFiles(home, { 'bin/codex': [`#!/bin/sh\nprintf 'age-encryption.org/v1 empty' > "$CODEX_HOME/secrets/codex_auth.age"\necho "Successfully logged out"\nexit 0\n`, 0o755] });
    const r = keysweep(['revoke', 'codex', '--yes', '--home', home], { env: { HOME: home, PATH: join(home, 'bin') } });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /1\. run `codex logout`/);
    assert.match(r.stdout, /2\. delete .*secrets\/codex_auth\.age — the encrypted Codex login store/);
    assert.doesNotMatch(r.stdout, /codex_auth\.age[^\n]*only if the logout above fails/);
    assert.ok(!existsSync(join(home, '.codex', 'secrets', 'codex_auth.age')));
    assertNoSecretIn([r.stdout, r.stderr]);
  });
});

describe('Codex before 0.171.0: the encrypted login store under its earlier name', () => {
  it('secrets/cli_auth.age is still the login, and `revoke codex` deletes it', () => {
    const home = tempHome();
    writeFiles(home, { '.codex/config.toml': '[features]\nsecret_auth_storage = true\n', '.codex/secrets/cli_auth.age': [ageFile(), 0o600] });
    assert.equal(creds(home).credentials.find((c) => c.id === 'codex:secrets:cli_auth')?.isLogin, true);
    const r = keysweep(['revoke', 'codex', '--yes', '--home', home], { env: { HOME: home, PATH: join(home, 'bin') } });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.ok(!existsSync(join(home, '.codex', 'secrets', 'cli_auth.age')));
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

/** A real SQLite database made by the sqlite3 program, shaped like Codex's (a thread_items table of JSON items). */
function sqliteWith(path: string, table: string, text: string): void {
  const sql = `CREATE TABLE ${table} (id INTEGER PRIMARY KEY, item_json TEXT NOT NULL); INSERT INTO ${table} (item_json) VALUES ('${JSON.stringify({ type: 'userMessage', text })}');`;
  const r = spawnSync('sqlite3', [path], { input: sql, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  chmodSync(path, 0o644);
}

const noSqlite = spawnSync('sqlite3', ['-version']).status !== 0 ? 'the sqlite3 program is not installed' : false;

describe('Codex 0.171.0: conversation copies in SQLite databases', () => {
  it('thread_history_*.sqlite* and state_*.sqlite* (-wal, -shm too): keys counted, 0644 flagged, never shown', { skip: noSqlite }, () => {
    const home = tempHome();
    const codex = join(home, '.codex');
    writeFiles(home, { '.codex/auth.json': [codexAuthJson({}).text, 0o600] });
    const [k1, k2, k3] = [fake.openaiKey(), fake.githubToken('ghp'), fake.openaiKey()];
    sqliteWith(join(codex, 'thread_history_1.sqlite'), 'thread_items', `here is my key ${k1} use it`);
    sqliteWith(join(codex, 'state_5.sqlite'), 'threads', `token ${k2}`);
    // A -wal journal holds whole database pages: a copy of another database's pages stands in for one.
    sqliteWith(join(codex, 'wal-source.db'), 'thread_items', `another ${k3}`);
    copyFileSync(join(codex, 'wal-source.db'), join(codex, 'state_5.sqlite-wal'));
    chmodSync(join(codex, 'state_5.sqlite-wal'), 0o644);
    writeFiles(home, { '.codex/state_5.sqlite-shm': [Buffer.alloc(32768), 0o644] });
    assert.ok(statSync(join(codex, 'state_5.sqlite')).size > 0);

    const { credentials } = creds(home);
    const thread = credentials.find((c) => c.id === 'codex:thread-history');
    assert.ok(thread, JSON.stringify(credentials.map((c) => c.id)));
    assert.equal(thread.details.keysFound, 1);
    assert.equal(thread.details.providers, 'OpenAI');
    assert.ok(thread.problems.some((p) => p.code === 'keys-in-transcripts'));
    assert.ok(thread.problems.some((p) => p.code === 'world-readable'));
    const state = credentials.find((c) => c.id === 'codex:state-db')!;
    assert.equal(state.details.files, 3, 'the database, its -wal and its -shm');
    assert.equal(state.details.keysFound, 2, 'the key in the database and the one in the -wal');
    assert.equal(state.problems.filter((p) => p.code === 'world-readable').length, 3);
    assert.ok(!credentials.some((c) => JSON.stringify(c).includes('wal-source')), 'only the named databases');

    const text = keysweep(['creds', '--home', home, '--source', 'codex'], { env: { HOME: home } });
    const plan = keysweep(['revoke', 'codex', '--dry-run', '--home', home], { env: { HOME: home, PATH: join(home, 'bin') } });
    assert.match(plan.stdout, /3 key\(s\) found in them/);
    assert.ok(existsSync(join(codex, 'state_5.sqlite')), 'conversation copies are reported, never deleted');
    assertNoSecretIn([text.stdout, text.stderr, plan.stdout, plan.stderr, JSON.stringify(credentials)]);
  });
});

describe('Codex 0.171.0: `codex logout` is best effort', () => {
  it('the plan, its outcome and the runbook never claim the refresh token was revoked: the server side cannot be confirmed', () => {
    const home = tempHome();
    writeFiles(home, {
      '.codex/auth.json': [codexAuthJson({ mode: 'chatgpt' }).text, 0o600],
      // Like the real one offline: the revoke request fails, the login is deleted, success is printed, exit 0.
      'bin/codex': ['#!/bin/sh\n/bin/rm -f "$CODEX_HOME/auth.json"\necho "Successfully logged out"\nexit 0\n', 0o755],
    });
    const runbook = keysweep(['runbook', '--home', home, '--workspace', tempDir(), '--markdown'], { env: { HOME: home, PATH: join(home, 'bin') } });
    assert.match(runbook.stdout, /Log out of Codex CLI \(`codex logout` asks OpenAI to revoke the ChatGPT refresh token but cannot confirm it\)/);
    const r = keysweep(['revoke', 'codex', '--yes', '--home', home], { env: { HOME: home, PATH: join(home, 'bin') } });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    for (const out of [r.stdout, runbook.stdout]) assert.doesNotMatch(out, /revokes the ChatGPT refresh token/);
    assert.match(r.stdout, /1\. run `codex logout` — log out: asks OpenAI to revoke the ChatGPT refresh token \(cannot be confirmed\)/);
    assert.match(r.stdout, /This does not:[\s\S]*cannot confirm that OpenAI revoked the ChatGPT refresh token/);
    assertNoSecretIn([r.stdout, r.stderr, runbook.stdout]);
  });
});

describe('Codex 0.171.0: Bedrock logins', () => {
  /** auth.json as `account/login/start` with an Amazon Bedrock type writes it (login/src/auth/storage.rs). */
  function bedrockHome(fields: Record<string, unknown>): string {
    const home = tempHome();
    writeFiles(home, { '.codex/auth.json': [JSON.stringify({ OPENAI_API_KEY: null, ...fields }, null, 2), 0o600] });
    return home;
  }

  it('bedrockAccessKeys: plain-text AWS access keys, masked as AWS keys, flagged, advice points at AWS IAM', () => {
    const keyId = fake.awsKeyId('AKIA');
    const home = bedrockHome({ auth_mode: 'bedrockAccessKeys', bedrock_access_keys: { access_key_id: keyId, secret_access_key: fake.awsSecret(), session_token: fake.opaque(80) } });
    const login = creds(home).credentials.find((c) => c.id === 'codex:auth')!;
    assert.equal(login.kind, 'Bedrock access keys login');
    assert.equal(login.masked, `AKIA…${keyId.slice(-4)}`);
    assert.ok(!login.problems.some((p) => p.code === 'unknown-auth-mode'));
    assert.ok(login.problems.some((p) => p.code === 'plaintext-aws-keys' && p.message.includes(login.masked!)), JSON.stringify(login.problems));
    const plan = keysweep(['revoke', 'codex', '--dry-run', '--home', home], { env: { HOME: home, PATH: join(home, 'bin') } });
    assert.match(plan.stdout, /console\.aws\.amazon\.com\/iam/);
    assert.doesNotMatch(plan.stdout, /platform\.openai\.com\/api-keys/);
    assertNoSecretIn([plan.stdout, plan.stderr, JSON.stringify(login)]);
  });

  it('bedrockApiKey: bedrock_api_key {api_key, region} masked, region shown, advice points at AWS', () => {
    const apiKey = `ABSK${random(100)}`;
    const home = bedrockHome({ auth_mode: 'bedrockApiKey', bedrock_api_key: { api_key: apiKey, region: 'us-west-2' } });
    const login = creds(home).credentials.find((c) => c.id === 'codex:auth')!;
    assert.equal(login.kind, 'Bedrock API key login');
    assert.equal(login.masked, `ABSK…${apiKey.slice(-4)}`);
    assert.equal(login.details.region, 'us-west-2');
    assert.ok(login.problems.some((p) => p.code === 'api-key-stored' && /AWS/.test(p.message)));
    const plan = keysweep(['revoke', 'codex', '--dry-run', '--home', home], { env: { HOME: home, PATH: join(home, 'bin') } });
    assert.match(plan.stdout, /console\.aws\.amazon\.com/);
    assert.doesNotMatch(plan.stdout, /platform\.openai\.com\/api-keys/);
    for (const out of [plan.stdout, plan.stderr, JSON.stringify(login)]) assert.ok(!out.includes(apiKey));
  });
});
