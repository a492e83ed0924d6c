/**
 * Codex CLI in full fidelity: auth.json in every login mode (ChatGPT, API key, an unknown future one, no mode at
 * all), field by field; permissions; storage mode from config.toml; keychain and secrets-file logins through a
 * fake probe; MCP tokens from the file and the keychain; keys counted in history and sessions; secrets in
 * config.toml; CODEX_HOME; and the revoke plan with and without the codex CLI.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { codexHomeOf, codexSource, codexStoreAccount } from '../../src/credentials/sources/codex';
import { mcpKeychainAccount } from '../../src/credentials/sources/codex-mcp';
import { countKeys } from '../../src/credentials/secret-scan';
import { codexAuthJson, DAY, fake, generatedSecrets, memoryKeychain, NOW, random, tempHome, testContext, writeFiles } from '../support/fake-home';

async function readCodex(files: Record<string, string | [string, number]>, options: Parameters<typeof testContext>[1] = {}) {
  const home = tempHome();
  writeFiles(home, files);
  const ctx = testContext(home, options);
  const items = await codexSource.read(ctx);
  return { home, ctx, items, byId: (id: string) => items.find((c) => c.id === id) };
}

function noSecrets(value: unknown): void {
  const text = JSON.stringify(value);
  for (const s of generatedSecrets) assert.ok(!text.includes(s), 'a secret value leaked into an item');
}

describe('Codex CLI: auth.json', () => {
  it('ChatGPT login: mode, email, plan, masked account id, refresh age, expiry, storage, no problems', async () => {
    const auth = codexAuthJson({ mode: 'chatgpt', email: 'ada@example.com', plan: 'pro', accountId: 'acct-0123456789abcdef', lastRefresh: new Date(NOW.getTime() - 3 * DAY), accessExpires: new Date(NOW.getTime() + 2 * DAY) });
    const { items, home } = await readCodex({ '.codex/auth.json': auth.text });
    const c = items.find((i) => i.id === 'codex:auth')!;
    assert.equal(c.sourceId, 'codex');
    assert.equal(c.tool, 'Codex CLI');
    assert.equal(c.kind, 'ChatGPT login');
    assert.equal(c.isLogin, true);
    assert.equal(c.state, 'present');
    assert.equal(c.label, 'ChatGPT login (ada@example.com, pro)');
    assert.deepEqual(c.location, { type: 'file', path: join(home, '.codex', 'auth.json') });
    assert.equal(c.account?.email, 'ada@example.com');
    assert.equal(c.account?.plan, 'pro');
    assert.equal(c.account?.id, '…cdef', 'the account id is masked');
    assert.equal(c.lastRefresh, new Date(NOW.getTime() - 3 * DAY).toISOString());
    assert.equal(c.expiresAt, new Date(NOW.getTime() + 2 * DAY).toISOString());
    assert.equal(c.storage, 'file');
    assert.equal(c.masked, undefined, 'no API key stored');
    assert.equal(c.details.authMode, 'chatgpt');
    assert.equal(c.details.mode, 'chatgpt');
    assert.equal(c.details.refreshTokenStored, true);
    assert.equal(c.details.apiKeyStored, false);
    assert.equal(c.details.fileMode, '0600');
    assert.deepEqual(c.problems, []);
    noSecrets(items);
  });

  it('API-key login: mode, masked key (prefix and last 4 only), no account, plaintext-key note', async () => {
    const key = fake.openaiKey();
    const { byId } = await readCodex({ '.codex/auth.json': codexAuthJson({ mode: 'apikey', apiKey: key }).text });
    const c = byId('codex:auth')!;
    assert.equal(c.kind, 'API key login');
    assert.equal(c.details.mode, 'apikey');
    assert.equal(c.masked, `sk-proj-…${key.slice(-4)}`);
    assert.equal(c.label, `API key login (sk-proj-…${key.slice(-4)})`);
    assert.equal(c.account, undefined);
    assert.equal(c.expiresAt, undefined);
    assert.ok(c.problems.some((p) => p.code === 'api-key-stored' && p.message.includes(c.masked!)));
    noSecrets(c);
  });

  it('an unknown future auth_mode is reported as found, with its unknown fields kept, never an error', async () => {
    const auth = codexAuthJson({ mode: 'quantumPasskey', extra: { quantum_blob: { nested: true }, passkey_id: 'pk-1' } });
    const { byId } = await readCodex({ '.codex/auth.json': auth.text });
    const c = byId('codex:auth')!;
    assert.equal(c.state, 'present');
    assert.equal(c.kind, 'login (unknown mode "quantumPasskey")');
    assert.equal(c.details.mode, 'unknown');
    assert.equal(c.details.authMode, 'quantumPasskey');
    assert.equal(c.details.unknownFields, 'quantum_blob, passkey_id');
    assert.equal(c.account?.email, 'dev@example.com', 'claims are still read');
    assert.ok(c.problems.some((p) => p.code === 'unknown-auth-mode' && p.severity === 'info'));
  });

  it('every known newer mode has a name', async () => {
    for (const [mode, kind] of [
      ['chatgptAuthTokens', 'ChatGPT login (external tokens)'],
      ['agentIdentity', 'agent identity login'],
      ['personalAccessToken', 'personal access token login'],
      ['bedrockApiKey', 'Bedrock API key login'],
      ['bedrockAccessKeys', 'Bedrock access keys login'],
    ]) {
      const { byId } = await readCodex({ '.codex/auth.json': codexAuthJson({ mode }).text });
      assert.equal(byId('codex:auth')!.kind, kind);
      assert.ok(!byId('codex:auth')!.problems.some((p) => p.code === 'unknown-auth-mode'));
    }
  });

  it('no auth_mode: an API key means API-key login, else ChatGPT (as Codex resolves it)', async () => {
    const withKey = await readCodex({ '.codex/auth.json': codexAuthJson({ mode: null, apiKey: fake.openaiKey() }).text });
    assert.equal(withKey.byId('codex:auth')!.details.mode, 'apikey');
    assert.equal(withKey.byId('codex:auth')!.details.authMode, null);
    const without = await readCodex({ '.codex/auth.json': codexAuthJson({ mode: null }).text });
    assert.equal(without.byId('codex:auth')!.kind, 'ChatGPT login');
  });

  it('expired access token, world- and group-readable files, stale and leftover files are problems', async () => {
    const expired = await readCodex({ '.codex/auth.json': codexAuthJson({ accessExpires: new Date(NOW.getTime() - DAY), lastRefresh: new Date(NOW.getTime() - 40 * DAY) }).text });
    const e = expired.byId('codex:auth')!;
    assert.equal(e.expiresAt, new Date(NOW.getTime() - DAY).toISOString());
    assert.ok(e.problems.some((p) => p.code === 'expired'));
    assert.ok(e.problems.some((p) => p.code === 'unused' && p.message.includes('40 days')));

    const world = await readCodex({ '.codex/auth.json': [codexAuthJson({}).text, 0o644] });
    const w = world.byId('codex:auth')!.problems.find((p) => p.code === 'world-readable')!;
    assert.equal(w.severity, 'error');
    assert.match(w.message, /mode 0644.*chmod 600/);
    const group = await readCodex({ '.codex/auth.json': [codexAuthJson({}).text, 0o640] });
    assert.equal(group.byId('codex:auth')!.problems.find((p) => p.code === 'group-readable')?.severity, 'warning');
    const windows = await readCodex({ '.codex/auth.json': [codexAuthJson({}).text, 0o644] }, { platform: 'win32' });
    assert.ok(!windows.byId('codex:auth')!.problems.some((p) => p.code === 'world-readable'), 'unix modes mean nothing on Windows');

    const leftover = await readCodex({ '.codex/auth.json': codexAuthJson({}).text, '.codex/config.toml': 'cli_auth_credentials_store = "keyring"\n' });
    assert.ok(leftover.byId('codex:auth')!.problems.some((p) => p.code === 'stale-file'));
  });

  it('auth.json with a wrong type in a known field is malformed, and says where (not what)', async () => {
    const { byId } = await readCodex({ '.codex/auth.json': JSON.stringify({ auth_mode: 'chatgpt', tokens: 'oops', last_refresh: 3 }) });
    const c = byId('codex:auth')!;
    assert.equal(c.state, 'malformed');
    assert.equal(c.isLogin, true);
    assert.match(c.problems[0]!.message, /unexpected shape at (tokens|last_refresh)/);
  });
});

describe('Codex CLI: storage mode from config.toml', () => {
  for (const mode of ['file', 'keyring', 'auto', 'ephemeral']) {
    it(`cli_auth_credentials_store = "${mode}"`, async () => {
      const { byId } = await readCodex({ '.codex/auth.json': codexAuthJson({}).text, '.codex/config.toml': `model = "gpt-5"\ncli_auth_credentials_store = "${mode}"\n` });
      assert.equal(byId('codex:auth')!.storage, mode);
    });
  }

  it('absent key: the default, "file"; an unknown value: "unknown (value)"; secret_auth_storage is named', async () => {
    assert.equal((await readCodex({ '.codex/auth.json': codexAuthJson({}).text })).byId('codex:auth')!.storage, 'file');
    assert.equal((await readCodex({ '.codex/auth.json': codexAuthJson({}).text, '.codex/config.toml': 'cli_auth_credentials_store = "vault"\n' })).byId('codex:auth')!.storage, 'unknown (vault)');
    const secrets = await readCodex({ '.codex/auth.json': codexAuthJson({}).text, '.codex/config.toml': 'cli_auth_credentials_store = "auto"\n[features]\nsecret_auth_storage = true\n' });
    assert.equal(secrets.byId('codex:auth')!.storage, 'auto (encrypted secrets file)');
  });

  it('malformed TOML: a config item that says so (with the line), storage unknown, login still read', async () => {
    const { byId } = await readCodex({ '.codex/auth.json': codexAuthJson({}).text, '.codex/config.toml': 'model = "gpt-5"\ncli_auth_credentials_store = \n' });
    const config = byId('codex:config')!;
    assert.equal(config.state, 'malformed');
    assert.match(config.problems[0]!.message, /not valid TOML \(line 2\)/);
    assert.match(byId('codex:auth')!.storage!, /^unknown/);
  });
});

describe('Codex CLI: keychain, secrets file, MCP tokens', () => {
  it('the keychain account is "cli|" + 16 hex of sha256 of the canonical CODEX_HOME', () => {
    const home = tempHome();
    mkdirSync(join(home, 'real-codex'));
    symlinkSync(join(home, 'real-codex'), join(home, 'link-codex'));
    const expectedHex = createHash('sha256').update(realpathSync(join(home, 'real-codex'))).digest('hex').slice(0, 16);
    assert.equal(codexStoreAccount('cli', join(home, 'link-codex')), `cli|${expectedHex}`);
    assert.equal(codexStoreAccount('secrets', join(home, 'real-codex')), `secrets|${expectedHex}`);
  });

  it('a "Codex Auth" item with keyring storage is a login in the keychain; absent is nothing; unknown is said', async () => {
    const home = tempHome();
    writeFiles(home, { '.codex/config.toml': 'cli_auth_credentials_store = "keyring"\n' });
    const account = codexStoreAccount('cli', join(home, '.codex'));
    const present = await codexSource.read(testContext(home, { keychain: memoryKeychain([{ service: 'Codex Auth', account }]) }));
    const k = present.find((c) => c.id === 'codex:keychain')!;
    assert.equal(k.state, 'present');
    assert.equal(k.isLogin, true);
    assert.deepEqual(k.location, { type: 'keychain', service: 'Codex Auth', account });
    assert.equal(k.storage, 'keyring');
    assert.equal((await codexSource.read(testContext(home))).find((c) => c.id === 'codex:keychain'), undefined);
    const unknown = (await codexSource.read(testContext(home, { keychain: memoryKeychain([], true) }))).find((c) => c.id === 'codex:keychain')!;
    assert.equal(unknown.state, 'unknown');
    assert.ok(unknown.problems.some((p) => p.code === 'keychain-unknown'));
  });

  it('a leftover keychain login while storage is "file" is flagged; an unknown answer in file mode is not noise', async () => {
    const home = tempHome();
    writeFiles(home, { '.codex/config.toml': '' });
    const account = codexStoreAccount('cli', join(home, '.codex'));
    const items = await codexSource.read(testContext(home, { keychain: memoryKeychain([{ service: 'Codex Auth', account }]) }));
    assert.ok(items.find((c) => c.id === 'codex:keychain')!.problems.some((p) => p.code === 'stale-keychain'));
    assert.equal((await codexSource.read(testContext(home, { keychain: memoryKeychain([], true) }))).length, 0);
  });

  it('secrets mode: one item per .age file, the login one marked, passphrase presence from the keychain', async () => {
    const home = tempHome();
    writeFiles(home, { '.codex/secrets/codex_auth.age': random(200), '.codex/secrets/mcp_oauth.age': random(100), '.codex/secrets/README': 'x' });
    const account = codexStoreAccount('secrets', join(home, '.codex'));
    const items = await codexSource.read(testContext(home, { keychain: memoryKeychain([{ service: 'codex', account }]) }));
    const login = items.find((c) => c.id === 'codex:secrets:codex_auth')!;
    assert.equal(login.isLogin, true);
    assert.equal(login.kind, 'login (encrypted secrets file)');
    assert.equal(login.details.passphraseInKeychain, 'present');
    assert.equal(items.find((c) => c.id === 'codex:secrets:mcp_oauth')!.isLogin, false);
    assert.equal(items.filter((c) => c.id.startsWith('codex:secrets')).length, 2);
    const orphan = await codexSource.read(testContext(home));
    assert.ok(orphan.find((c) => c.id === 'codex:secrets:codex_auth')!.problems.some((p) => p.code === 'orphaned'));
  });

  it('MCP OAuth tokens: one item per server from .credentials.json with expiry, and from the keychain by URL', async () => {
    const home = tempHome();
    writeFiles(home, {
      '.codex/.credentials.json': JSON.stringify({
        'linear|0123456789abcdef': { server_name: 'linear', server_url: 'https://mcp.linear.app/mcp', client_id: 'c1', access_token: fake.opaque(), refresh_token: fake.opaque(), expires_at: NOW.getTime() + DAY, scopes: ['read'] },
        'notion|fedcba9876543210': { server_name: 'notion', server_url: 'https://mcp.notion.com/mcp', access_token: fake.opaque(), expires_at: NOW.getTime() - DAY },
      }),
      '.codex/config.toml': '[mcp_servers.sentry]\nurl = "https://mcp.sentry.dev/mcp"\n[mcp_servers.local]\ncommand = "x"\n',
    });
    const keychain = memoryKeychain([{ service: 'Codex MCP Credentials', account: mcpKeychainAccount('sentry', 'https://mcp.sentry.dev/mcp') }]);
    const items = await codexSource.read(testContext(home, { keychain }));
    const linear = items.find((c) => c.id === 'codex:mcp:linear')!;
    assert.equal(linear.kind, 'MCP OAuth token');
    assert.equal(linear.isLogin, undefined);
    assert.equal(linear.expiresAt, new Date(NOW.getTime() + DAY).toISOString());
    assert.deepEqual(linear.scopes, ['read']);
    assert.deepEqual(linear.location, { type: 'file', path: join(home, '.codex', '.credentials.json'), entry: '/linear|0123456789abcdef' });
    assert.ok(items.find((c) => c.id === 'codex:mcp:notion')!.problems.some((p) => p.code === 'expired'));
    const sentry = items.find((c) => c.id === 'codex:mcp:sentry')!;
    assert.equal(sentry.location.type, 'keychain');
    assert.equal(items.find((c) => c.id === 'codex:mcp:local'), undefined);
    noSecrets(items);
  });
});

describe('Codex CLI: files that may hold pasted keys', () => {
  it('history.jsonl, sessions/**, archived_sessions/** and log/: size and key counts, never values', async () => {
    const k1 = fake.openaiKey();
    const k2 = fake.githubToken('ghp');
    const { items, byId } = await readCodex({
      '.codex/history.jsonl': `{"session_id":"s","ts":1,"text":"my key is ${k1}"}\n{"text":"again ${k1}"}\n`,
      '.codex/sessions/2026/11/01/rollout-2026-11-01T00-00-00-a.jsonl': `{"type":"message","content":"${k2}"}\n{"content":"${k1}"}\n`,
      '.codex/sessions/2026/11/02/rollout-b.jsonl': '{"content":"nothing here"}\n',
      '.codex/archived_sessions/rollout-old.jsonl': '{"content":"nothing"}\n',
      '.codex/log/codex-tui.log': 'INFO started\n',
    });
    const history = byId('codex:history')!;
    assert.equal(history.kind, 'prompt history');
    assert.equal(history.details.keysFound, 1, 'the same key twice is one key');
    assert.equal(history.details.providers, 'OpenAI');
    assert.ok(history.problems.some((p) => p.code === 'keys-in-transcripts'));
    const sessions = byId('codex:sessions')!;
    assert.equal(sessions.details.files, 2);
    assert.equal(sessions.details.keysFound, 2);
    assert.equal(sessions.details.scanCapped, false);
    assert.equal(byId('codex:archived-sessions')!.details.keysFound, 0);
    assert.equal(byId('codex:archived-sessions')!.problems.length, 0);
    assert.equal(byId('codex:log')!.kind, 'logs');
    noSecrets(items);
  });

  it('scanning is capped by a byte budget, and the count says so', async () => {
    const home = tempHome();
    const files: Record<string, string> = {};
    for (let i = 0; i < 4; i++) files[`s/${i}.jsonl`] = `${'x'.repeat(1000)} ${fake.openaiKey()}\n`;
    writeFiles(home, files);
    const all = await countKeys(join(home, 's'), true);
    assert.equal(all.keysFound, 4);
    assert.equal(all.capped, false);
    const capped = await countKeys(join(home, 's'), true, { budget: 2500 });
    assert.equal(capped.capped, true);
    assert.ok(capped.bytesScanned <= 2500);
    assert.ok(capped.keysFound < 4);
  });

  it('secrets written into config.toml are problems with masked values and key paths', async () => {
    const token = fake.opaque(48);
    const gh = fake.githubToken('ghp');
    const { byId } = await readCodex({
      '.codex/config.toml': [
        'model = "gpt-5"',
        '[model_providers.proxy]',
        'base_url = "https://proxy.example.com/v1"',
        `experimental_bearer_token = "${token}"`,
        'env_http_headers = { "X-Api-Key" = "PROXY_API_KEY" }',
        '[mcp_servers.github]',
        'command = "github-mcp-server"',
        '[mcp_servers.github.env]',
        `GITHUB_PERSONAL_ACCESS_TOKEN = "${gh}"`,
        'LOG_LEVEL = "debug"',
        '[mcp_servers.docs]',
        'url = "https://docs.example.com/mcp"',
        'http_headers = { "Authorization" = "Bearer ${DOCS_TOKEN}" }',
        '',
      ].join('\n'),
    });
    const c = byId('codex:config')!;
    assert.equal(c.kind, 'secrets in config');
    assert.equal(c.details.secretsFound, 2);
    const messages = c.problems.map((p) => p.message).join('\n');
    assert.match(messages, /model_providers\.proxy\.experimental_bearer_token/);
    assert.match(messages, /mcp_servers\.github\.env\.GITHUB_PERSONAL_ACCESS_TOKEN .*\(ghp_…/);
    assert.doesNotMatch(messages, /PROXY_API_KEY|LOG_LEVEL|DOCS_TOKEN/, 'env var names and references are not secrets');
    noSecrets(c);
  });
});

describe('Codex CLI: where CODEX_HOME is', () => {
  it('honours CODEX_HOME, else ~/.codex', async () => {
    const home = tempHome();
    const elsewhere = join(home, 'profiles', 'work');
    writeFiles(home, { 'profiles/work/auth.json': codexAuthJson({ email: 'work@example.com' }).text, '.codex/auth.json': codexAuthJson({ email: 'home@example.com' }).text });
    const env = { HOME: home, CODEX_HOME: elsewhere };
    assert.deepEqual(codexHomeOf({ env, home }), { path: elsewhere, fromEnv: true });
    const items = await codexSource.read(testContext(home, { env }));
    assert.equal(items.find((c) => c.id === 'codex:auth')!.account?.email, 'work@example.com');
    assert.equal((await codexSource.read(testContext(home))).find((c) => c.id === 'codex:auth')!.account?.email, 'home@example.com');
  });

  it('a CODEX_HOME that does not exist or is a file is an item; no ~/.codex at all is nothing', async () => {
    const home = tempHome();
    const missing = await codexSource.read(testContext(home, { env: { CODEX_HOME: join(home, 'nope') } }));
    assert.equal(missing[0]!.state, 'unreadable');
    assert.match(missing[0]!.problems[0]!.message, /CODEX_HOME=.*does not exist/);
    writeFileSync(join(home, 'afile'), 'x');
    assert.equal((await codexSource.read(testContext(home, { env: { CODEX_HOME: join(home, 'afile') } })))[0]!.problems[0]!.code, 'not-a-directory');
    assert.deepEqual(await codexSource.read(testContext(home)), []);
  });
});

describe('Codex CLI: revoke plan', () => {
  async function planFor(files: Record<string, string>, options: Parameters<typeof testContext>[1] = {}) {
    const home = tempHome();
    writeFiles(home, files);
    const ctx = testContext(home, options);
    const items = await codexSource.read(ctx);
    return { home, items, plan: await codexSource.revokePlan(items, ctx) };
  }

  it('with the codex CLI: `codex logout` first (with CODEX_HOME), file and keychain steps only as fallbacks', async () => {
    const home = tempHome();
    writeFiles(home, { '.codex/auth.json': codexAuthJson({}).text, '.codex/config.toml': 'cli_auth_credentials_store = "auto"\n' });
    const account = codexStoreAccount('cli', join(home, '.codex'));
    const ctx = testContext(home, { which: { codex: '/usr/local/bin/codex' }, keychain: memoryKeychain([{ service: 'Codex Auth', account }]) });
    const plan = await codexSource.revokePlan(await codexSource.read(ctx), ctx);
    const [run, ...rest] = plan.steps;
    assert.deepEqual(run, {
      kind: 'run',
      command: 'codex',
      args: ['logout'],
      env: { CODEX_HOME: join(home, '.codex'), HOME: home },
      revokesServerSide: true,
      description: 'log out: asks OpenAI to revoke the ChatGPT refresh token (cannot be confirmed) and removes the stored login',
    });
    const local = rest.filter((s) => s.kind !== 'open-url');
    assert.deepEqual(local.map((s) => s.kind), ['delete-file', 'delete-keychain']);
    assert.ok(local.every((s) => 'fallback' in s && s.fallback === true));
    assert.ok(plan.doesNotCover.some((l) => l.includes('`codex logout` does not delete API keys on the server')));
    assert.ok(plan.doesNotCover.some((l) => l.includes('MCP OAuth tokens')));
    assert.deepEqual(plan.credentialIds.sort(), ['codex:auth', 'codex:keychain']);
  });

  it('without the codex CLI: delete auth.json (root = CODEX_HOME) and say the refresh token is not revoked server-side', async () => {
    const { plan, home } = await planFor({ '.codex/auth.json': codexAuthJson({}).text, '.codex/.credentials.json': '{}', '.codex/history.jsonl': `${fake.openaiKey()}\n` });
    assert.deepEqual(plan.steps[0], { kind: 'delete-file', path: join(home, '.codex', 'auth.json'), root: join(home, '.codex'), description: 'the Codex login file (tokens and any stored API key)', fallback: undefined });
    assert.ok(!plan.steps.some((s) => s.kind === 'run'));
    assert.ok(plan.doesNotCover.some((l) => /not revoked at OpenAI/.test(l)));
    assert.ok(plan.doesNotCover.some((l) => /1 key\(s\) found/.test(l)));
    assert.ok(!plan.steps.some((s) => 'path' in s && /credentials\.json|history/.test(s.path)), 'MCP tokens and history are not touched');
  });

  it('an API key stored: the API keys page is in the plan; "file" storage and a stale keychain item: the keychain step runs even after a logout', async () => {
    const home = tempHome();
    writeFiles(home, { '.codex/auth.json': codexAuthJson({ mode: 'apikey', apiKey: fake.openaiKey() }).text });
    const account = codexStoreAccount('cli', join(home, '.codex'));
    const ctx = testContext(home, { which: { codex: '/bin/codex' }, keychain: memoryKeychain([{ service: 'Codex Auth', account }]) });
    const plan = await codexSource.revokePlan(await codexSource.read(ctx), ctx);
    assert.ok(plan.steps.some((s) => s.kind === 'open-url' && s.url === 'https://platform.openai.com/api-keys'));
    const keychainStep = plan.steps.find((s) => s.kind === 'delete-keychain')!;
    assert.equal('fallback' in keychainStep ? keychainStep.fallback : undefined, undefined, 'codex logout in file mode leaves the keychain alone');
  });

  it('a keychain that cannot be asked: no delete step that would fail, and the plan says what to check', async () => {
    const { plan } = await planFor({ '.codex/auth.json': codexAuthJson({}).text, '.codex/config.toml': 'cli_auth_credentials_store = "keyring"\n' }, { keychain: memoryKeychain([], true) });
    assert.deepEqual(plan.steps.filter((s) => s.kind !== 'open-url').map((s) => s.kind), ['delete-file']);
    assert.ok(plan.doesNotCover.some((l) => l.includes('could not be asked')));
  });

  it('an MCP token alone: `codex mcp logout <name>`, else removing just its key from .credentials.json', async () => {
    const files = { '.codex/.credentials.json': JSON.stringify({ 'linear|ab': { server_name: 'linear', access_token: fake.opaque() }, 'notion|cd': { server_name: 'notion', access_token: fake.opaque() } }) };
    const home = tempHome();
    writeFiles(home, files);
    for (const which of [{ codex: '/bin/codex' }, {}] as Array<Record<string, string>>) {
      const ctx = testContext(home, { which });
      const linear = (await codexSource.read(ctx)).filter((c) => c.id === 'codex:mcp:linear');
      const plan = await codexSource.revokePlan(linear, ctx);
      const entry = plan.steps.find((s) => s.kind === 'delete-entry')!;
      assert.deepEqual(entry.kind === 'delete-entry' && [entry.entry, entry.format], ['/linear|ab', 'json-key']);
      if ('codex' in which) assert.deepEqual(plan.steps[0]!.kind === 'run' && plan.steps[0]!.args, ['mcp', 'logout', 'linear']);
      else assert.ok(!plan.steps.some((s) => s.kind === 'run'));
      assert.deepEqual(plan.credentialIds, ['codex:mcp:linear']);
    }
  });
});

