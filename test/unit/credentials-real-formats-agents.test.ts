/**
 * The coding agents' credential files as the real tools write them (issue 9: Copilot CLI 1.0.102, Claude Code 2.1.x,
 * Gemini CLI 0.61.0), through the built CLI: `creds --home` reports each credential (masked), `revoke … --yes`
 * removes exactly it and leaves every other byte. The files are written here in each tool's own format with
 * generated values; the conformance suite checks the same paths against the real binaries.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { EditRefused, removedOnly, removeJsonKey } from '../../src/credentials/entry-edit';
import { assertNoSecretIn, cliOutputs, fake, keysweep, NOW, tempHome, writeFiles } from '../support/fake-home';

interface ReportedCredential {
  id: string;
  kind: string;
  label?: string;
  masked?: string;
  account?: { name?: string };
  details?: Record<string, unknown>;
  problems: Array<{ code: string; message: string }>;
  location: { type: string; path?: string; entry?: string; service?: string; account?: string };
}

function creds(home: string, source: string, env: NodeJS.ProcessEnv = {}): ReportedCredential[] {
  const r = keysweep(['creds', '--home', home, '--format', 'json', '--now', NOW.toISOString(), '--source', source], { env: { HOME: home, ...env } });
  assert.equal(r.status === 0 || r.status === 1, true, r.stderr);
  return (JSON.parse(r.stdout) as { credentials: ReportedCredential[] }).credentials;
}

after(() => assertNoSecretIn(cliOutputs));

// ---- Copilot CLI 1.0.102 ------------------------------------------------------------------------------------

/** config.json as Copilot CLI 1.0.102 writes it when the user accepts plain-text storage: JSONC, one member per login. */
function copilotConfig(tokens: Record<string, string>): string {
  const authTokens = Object.fromEntries(Object.entries(tokens).map(([k, token]) => [k, { token }]));
  const first = Object.keys(tokens)[0]!;
  const at = first.lastIndexOf(':');
  const body = { banner: 'never', authTokens, lastLoggedInUser: { host: first.slice(0, at), login: first.slice(at + 1) } };
  return `// User settings belong in settings.json.\n// This file is managed automatically.\n${JSON.stringify(body, null, 2)}\n`;
}

describe('Copilot CLI 1.0.102 plain-text fallback (config.json is JSONC)', () => {
  it('reports each authTokens login (host, login, masked); revoke removes exactly that member, comment and the rest intact', () => {
    const home = tempHome();
    const ada = fake.githubToken('gho');
    const bob = fake.githubToken('gho');
    const text = copilotConfig({ 'https://github.com:ada': ada, 'http://127.0.0.1:8080:bob': bob });
    writeFiles(home, { '.copilot/config.json': [text, 0o600] });

    const items = creds(home, 'copilot');
    assert.ok(!items.some((c) => c.problems.some((p) => /not valid JSON/i.test(p.message))), 'JSONC is read, not refused');
    const logins = items.filter((c) => c.id.startsWith('copilot:config:authTokens.')).sort((a, b) => a.id.localeCompare(b.id));
    assert.equal(logins.length, 2, JSON.stringify(items.map((c) => c.id)));
    assert.deepEqual(logins.map((c) => c.account?.name).sort(), ['ada', 'bob']);
    assert.deepEqual(logins.map((c) => c.details?.host).sort(), ['http://127.0.0.1:8080', 'https://github.com']);
    for (const c of logins) assert.match(c.masked ?? '', /^gho_…[A-Za-z0-9]{4}$/);

    const r = keysweep(['revoke', logins.find((c) => c.account?.name === 'ada')!.id, '--home', home, '--yes'], { env: { HOME: home } });
    const afterText = readFileSync(join(home, '.copilot/config.json'), 'utf8');
    assert.ok(!afterText.includes(ada), `${r.stdout}\n${r.stderr}`);
    assert.ok(afterText.includes(bob), 'the other login stays');
    assert.ok(afterText.startsWith('// User settings belong in settings.json.\n// This file is managed automatically.\n'), 'the comment stays');
    const expected = text.replace(/\n {4}"https:\/\/github\.com:ada": \{\n {6}"token": "[^"]+"\n {4}\},/, '');
    assert.equal(afterText, expected, 'only the member is cut');
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });

  it('revoke copilot with no --id removes every plain-text login and says so', () => {
    const home = tempHome();
    writeFiles(home, { '.copilot/config.json': [copilotConfig({ 'https://github.com:ada': fake.githubToken('gho') }), 0o600] });
    const r = keysweep(['revoke', 'copilot', '--home', home, '--yes'], { env: { HOME: home } });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const afterText = readFileSync(join(home, '.copilot/config.json'), 'utf8');
    assert.ok(!/gho_/.test(afterText), afterText);
    assert.match(afterText, /^\/\/ User settings/);
    assert.deepEqual(creds(home, 'copilot').filter((c) => c.id.startsWith('copilot:config:')), []);
  });
});

describe('Copilot CLI home: COPILOT_HOME and mcp-oauth-config', () => {
  function copilotHomeTree() {
    const home = tempHome();
    const copilotHome = join(home, 'elsewhere', 'copilot');
    const linear = fake.opaque();
    const notion = fake.opaque();
    const stray = fake.githubToken('gho');
    writeFiles(copilotHome, {
      'config.json': [copilotConfig({ 'https://github.com:ada': fake.githubToken('gho') }), 0o600],
      'mcp-oauth-config/1a2b3c.json': JSON.stringify({ serverUrl: 'https://mcp.linear.app/mcp', clientId: 'client-1' }),
      'mcp-oauth-config/1a2b3c.tokens.json': [JSON.stringify({ accessToken: linear, refreshToken: fake.opaque(), expiresAt: Math.floor(NOW.getTime() / 1000) + 3600, scope: 'read write' }), 0o600],
      'mcp-oauth-config/4d5e6f.json': JSON.stringify({ serverUrl: 'https://mcp.notion.com/mcp', clientId: 'client-2' }),
      'mcp-oauth-config/4d5e6f.tokens.json': [JSON.stringify({ accessToken: notion, expiresAt: Math.floor(NOW.getTime() / 1000) + 3600 }), 0o600],
      'mcp-oauth-config/other-store.dat': `token=${stray}\n`,
    });
    return { home, copilotHome, env: { COPILOT_HOME: copilotHome } };
  }

  it('reads config.json and the MCP OAuth cache under COPILOT_HOME (tokens per server; other files scanned by the engine)', () => {
    const { home, copilotHome, env } = copilotHomeTree();
    const items = creds(home, 'copilot', env);
    const login = items.find((c) => c.id.startsWith('copilot:config:authTokens.'));
    assert.equal(login?.location.path, join(copilotHome, 'config.json'));
    const mcp = items.filter((c) => c.kind === 'MCP OAuth token');
    assert.deepEqual(mcp.map((c) => c.details?.server).sort(), ['https://mcp.linear.app/mcp', 'https://mcp.notion.com/mcp']);
    for (const c of mcp) assert.ok(c.masked && c.masked.includes('…'), c.masked);
    const unknown = items.find((c) => c.kind === 'MCP OAuth file');
    assert.ok(unknown, JSON.stringify(items.map((c) => c.id)));
    assert.match(unknown.masked ?? '', /^gho_…/);
    assert.ok(unknown.problems.some((p) => p.code === 'unknown-layout'));
  });

  it('revoke copilot:mcp:<file> deletes that server token file only', () => {
    const { home, copilotHome, env } = copilotHomeTree();
    const id = creds(home, 'copilot', env).find((c) => c.details?.server === 'https://mcp.linear.app/mcp')!.id;
    const r = keysweep(['revoke', id, '--home', home, '--yes'], { env: { HOME: home, ...env } });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const dir = join(copilotHome, 'mcp-oauth-config');
    assert.deepEqual(readdirSync(dir).sort(), ['1a2b3c.json', '4d5e6f.json', '4d5e6f.tokens.json', 'other-store.dat']);
    assert.ok(readFileSync(join(copilotHome, 'config.json'), 'utf8').includes('authTokens'), 'the login stays');
  });
});

// ---- Claude Code 2.1.x --------------------------------------------------------------------------------------

/** ~/.claude.json as Claude Code 2.1.x writes it (a few of its many members), with an API key. */
function claudeGlobalConfig(apiKey: string | undefined, startups: number): string {
  return JSON.stringify({ numStartups: startups, installMethod: 'npm-global', autoUpdates: false, ...(apiKey ? { primaryApiKey: apiKey } : {}), userID: 'f'.repeat(64), projects: { '/work/app': { allowedTools: [], hasTrustDialogAccepted: true } } }, null, 2);
}

/** A fake `claude` that does what 2.1.x's `claude auth logout` does: deletes the whole .credentials.json. */
function fakeClaude(home: string): NodeJS.ProcessEnv {
  writeFiles(home, { 'bin/claude': ['#!/bin/sh\n[ "$1 $2" = "auth logout" ] && /bin/rm -f "$HOME/.claude/.credentials.json"\nexit 0\n', 0o755] });
  return { PATH: join(home, 'bin') };
}

describe('Claude Code 2.1.x: logout and config backups', () => {
  it('the plan says `claude auth logout` deletes the whole .credentials.json, MCP tokens included', () => {
    const home = tempHome();
    writeFiles(home, {
      '.claude/.credentials.json': [JSON.stringify({ claudeAiOauth: { accessToken: fake.anthropicOauth(), refreshToken: fake.opaque(), expiresAt: NOW.getTime() + 3_600_000, scopes: ['user:inference'], subscriptionType: 'pro' }, mcpOAuth: { 'linear|0011223344556677': { serverName: 'linear', serverUrl: 'https://mcp.linear.app/mcp', accessToken: fake.opaque(), expiresAt: NOW.getTime() + 3_600_000 } } }), 0o600],
    });
    const env = { HOME: home, ...fakeClaude(home) };
    const plan = keysweep(['revoke', 'claude', '--home', home, '--dry-run'], { env });
    assert.equal(plan.status, 0, plan.stdout + plan.stderr);
    assert.match(plan.stdout, /deletes the whole \.credentials\.json/);
    assert.match(plan.stdout, /MCP server in it \(linear\)/);
    assert.doesNotMatch(plan.stdout, /does not remove MCP OAuth tokens/);
    const r = keysweep(['revoke', 'claude', '--home', home, '--yes'], { env });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.deepEqual(creds(home, 'claude').filter((c) => c.id.startsWith('claude:mcp:') || c.id === 'claude:oauth'), []);
  });

  it('reports each backup holding primaryApiKey (masked, permissions); revoke removes the key from the config and every backup', () => {
    const home = tempHome();
    const key = fake.anthropicKey();
    const older = fake.anthropicKey();
    writeFiles(home, {
      '.claude.json': [claudeGlobalConfig(key, 7), 0o600],
      '.claude/backups/.claude.json.backup.1764417600000': [claudeGlobalConfig(older, 5), 0o644],
      '.claude/backups/.claude.json.backup.1764417700000': [claudeGlobalConfig(key, 6), 0o600],
      '.claude/backups/.claude.json.backup.1764417500000': [claudeGlobalConfig(undefined, 4), 0o600],
    });
    const items = creds(home, 'claude');
    const backups = items.filter((c) => c.id.startsWith('claude:backup:')).sort((a, b) => a.id.localeCompare(b.id));
    assert.deepEqual(backups.map((c) => c.id), ['claude:backup:.claude.json.backup.1764417600000', 'claude:backup:.claude.json.backup.1764417700000']);
    for (const c of backups) assert.match(c.masked ?? '', /^sk-ant-api03-…/);
    assert.ok(backups[0]!.problems.some((p) => p.code === 'world-readable'), JSON.stringify(backups[0]!.problems));

    const r = keysweep(['revoke', 'claude', '--home', home, '--yes'], { env: { HOME: home } });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    for (const rel of ['.claude.json', '.claude/backups/.claude.json.backup.1764417600000', '.claude/backups/.claude.json.backup.1764417700000']) {
      const text = readFileSync(join(home, rel), 'utf8');
      assert.ok(!text.includes(key) && !text.includes(older), `${rel} still holds a key`);
      assert.match(text, /"numStartups"/, `${rel}: the rest stays`);
    }
    assert.deepEqual(creds(home, 'claude').filter((c) => c.masked?.startsWith('sk-ant-api03-')), []);
  });

  it('never says nothing is left while a backup still holds the key', () => {
    const home = tempHome();
    writeFiles(home, { '.claude.json': [claudeGlobalConfig(undefined, 3), 0o600], '.claude/backups/.claude.json.backup.1764417600000': [claudeGlobalConfig(fake.anthropicKey(), 2), 0o600] });
    const r = keysweep(['revoke', 'claude', '--home', home, '--dry-run'], { env: { HOME: home } });
    assert.doesNotMatch(r.stdout, /nothing on this machine/);
    assert.match(r.stdout, /backup/);
  });
});

// ---- Gemini CLI 0.61.0 --------------------------------------------------------------------------------------

describe('Gemini CLI 0.61.0: MCP tokens in the keychain per server, A2A tokens beside the MCP file', () => {
  /** OAuthCredentials as Gemini CLI's token storage writes them: an array, one element per server. */
  const tokenEntry = (serverName: string) => ({ serverName, token: { accessToken: fake.opaque(), refreshToken: fake.opaque(), tokenType: 'Bearer', expiresAt: NOW.getTime() + 3_600_000 }, updatedAt: NOW.getTime() });

  function geminiHome() {
    const home = tempHome();
    const keychain = join(home, 'keychain.json');
    writeFiles(home, {
      '.gemini/settings.json': `{\n  // MCP servers\n  "mcpServers": { "linear": { "httpUrl": "https://mcp.linear.app/mcp" }, "notion": { "httpUrl": "https://mcp.notion.com/mcp" } },\n  "security": { "auth": { "selectedType": "oauth-personal" } }\n}\n`,
      '.gemini/mcp-oauth-tokens.json': [JSON.stringify([tokenEntry('notion')], null, 2), 0o600],
      '.gemini/a2a-oauth-tokens.json': [JSON.stringify([tokenEntry('travel-agent'), tokenEntry('billing-agent')], null, 2), 0o600],
      'keychain.json': JSON.stringify({ items: [{ service: 'gemini-cli-oauth', account: 'main-account' }, { service: 'gemini-cli-oauth', account: 'linear' }, { service: 'unrelated', account: 'linear' }] }),
    });
    return { home, keychain, env: { KEYSWEEP_FAKE_KEYCHAIN: keychain } };
  }

  it('reports the keychain item of each known MCP server and each A2A agent token', () => {
    const { home, env } = geminiHome();
    const ids = creds(home, 'gemini', env).map((c) => c.id).sort();
    for (const id of ['gemini:keychain-mcp:linear', 'gemini:a2a:travel-agent', 'gemini:a2a:billing-agent', 'gemini:mcp:notion', 'gemini:keychain-oauth']) assert.ok(ids.includes(id), `${id} in ${ids.join(', ')}`);
    assert.ok(!ids.includes('gemini:keychain-mcp:notion'), 'only servers with a keychain item');
  });

  it('revoke gemini:keychain-mcp:<server> deletes that keychain item only; revoke gemini:a2a:<agent> removes that element only', () => {
    const { home, keychain, env } = geminiHome();
    const a = keysweep(['revoke', 'gemini:keychain-mcp:linear', '--home', home, '--yes'], { env: { HOME: home, ...env } });
    assert.equal(a.status, 0, a.stdout + a.stderr);
    assert.deepEqual((JSON.parse(readFileSync(keychain, 'utf8')) as { items: unknown[] }).items, [{ service: 'gemini-cli-oauth', account: 'main-account' }, { service: 'unrelated', account: 'linear' }]);
    const b = keysweep(['revoke', 'gemini:a2a:travel-agent', '--home', home, '--yes'], { env: { HOME: home, ...env } });
    assert.equal(b.status, 0, b.stdout + b.stderr);
    const left = JSON.parse(readFileSync(join(home, '.gemini/a2a-oauth-tokens.json'), 'utf8')) as Array<{ serverName: string }>;
    assert.deepEqual(left.map((e) => e.serverName), ['billing-agent']);
    assert.equal((JSON.parse(readFileSync(join(home, '.gemini/mcp-oauth-tokens.json'), 'utf8')) as unknown[]).length, 1, 'MCP tokens untouched');
  });

  it('revoke gemini names the MCP and A2A tokens it leaves, and how to remove them', () => {
    const { home, env } = geminiHome();
    const r = keysweep(['revoke', 'gemini', '--home', home, '--dry-run'], { env: { HOME: home, ...env } });
    assert.match(r.stdout, /A2A/);
    assert.match(r.stdout, /gemini:keychain-mcp:<server>/);
  });
});

describe('the JSON entry editor and comments (JSONC files such as Copilot CLI config.json)', () => {
  it('removes one member of a commented file, every comment and other byte kept, and checks the meaning', () => {
    const before = '// managed automatically\n{\n  /* logins */\n  "authTokens": {\n    "https://github.com:ada": { "token": "t1" }, // ada\n    "https://github.com:bob": { "token": "t2" }\n  }\n}\n';
    const address = { entry: '/authTokens/https:~1~1github.com:ada', format: 'json-key' as const };
    const edit = removeJsonKey(before, address.entry);
    assert.equal(edit.removed, 1);
    assert.equal(edit.text, '// managed automatically\n{\n  /* logins */\n  "authTokens": {\n    "https://github.com:bob": { "token": "t2" }\n  }\n}\n');
    assert.ok(removedOnly(before, edit.text, address));
    assert.throws(() => removeJsonKey('{ /* never closed "a": 1 }', '/a'), EditRefused);
  });
});
