/** Grants with local evidence, from fake homes built at test time: MCP servers and tokens of every client. */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { KeychainProbe } from '../../src/credentials/types';
import { codexMcpKeychainAccount, readGrants, serviceOf } from '../../src/grants/grants';
import type { Grant } from '../../src/grants/types';
import { expandTemplate, seededRandom } from '../../src/rules/example-template';
import { runCli, tempDir, writeTree } from '../support/cli';

const rand = seededRandom(777);
const now = new Date('2026-11-27T12:00:00Z');
const future = Date.parse('2026-12-27T00:00:00Z');
const past = Date.parse('2026-10-01T00:00:00Z');

function fakeKeychain(present: Array<[string, string]>): KeychainProbe {
  return {
    has: async (service, account) => (present.some(([s, a]) => s === service && a === account) ? 'present' : 'absent'),
    delete: async () => 'absent',
  };
}

describe('grants', () => {
  let home: string;
  let project: string;
  const secrets: string[] = [];
  const secret = (template: string) => {
    const v = expandTemplate(template, rand);
    secrets.push(v);
    return v;
  };
  let grants: Grant[];
  let problems: Awaited<ReturnType<typeof readGrants>>['problems'];

  before(async () => {
    home = tempDir();
    project = tempDir();
    const ghToken = secret('{{gh:ghp}}');
    const bearer = secret('{{alnum:40}}');
    const slackToken = secret('xoxb-{{digits:12}}-{{digits:13}}-{{alnum:24}}');
    writeTree(home, {
      '.codex/config.toml': [
        'model = "gpt-5"',
        '[mcp_servers.linear]',
        'url = "https://mcp.linear.app/mcp"',
        '[mcp_servers.github]',
        'command = "github-mcp-server"',
        '[mcp_servers.github.env]',
        `GITHUB_PERSONAL_ACCESS_TOKEN = "${ghToken}"`,
        '[mcp_servers.notion]',
        'url = "https://mcp.notion.com/mcp"',
        '',
      ].join('\n'),
      '.codex/.credentials.json': JSON.stringify({
        'linear|0123456789abcdef': { server_name: 'linear', server_url: 'https://mcp.linear.app/mcp', client_id: 'c', access_token: secret('{{alnum:48}}'), refresh_token: secret('{{alnum:48}}'), expires_at: future, scopes: ['read', 'write'] },
        'sentry|fedcba9876543210': { server_name: 'sentry', server_url: 'https://mcp.sentry.dev/mcp', access_token: secret('{{alnum:48}}'), expires_at: past },
      }),
      '.claude.json': JSON.stringify({
        oauthAccount: { emailAddress: 'dev@example.com' },
        mcpServers: { atlassian: { type: 'http', url: 'https://mcp.atlassian.com/v1/sse', headers: { Authorization: `Bearer ${bearer}` } } },
        projects: { '/work/app': { mcpServers: { slack: { command: 'npx', args: ['slack-mcp'], env: { SLACK_BOT_TOKEN: slackToken } } } } },
      }),
      '.claude/.credentials.json': JSON.stringify({ claudeAiOauth: { accessToken: secret('sk-ant-oat01-{{b64url:90}}') }, mcpOAuth: { 'atlassian|abc': { serverName: 'atlassian', serverUrl: 'https://mcp.atlassian.com/v1/sse', accessToken: secret('{{alnum:40}}'), expiresAt: past } } }),
      '.gemini/settings.json': '{\n  // Gemini CLI settings, JSONC\n  "mcpServers": { "drive": { "httpUrl": "https://mcp.googleapis.com/drive", }, },\n}\n',
      '.gemini/mcp-oauth-tokens.json': JSON.stringify([{ serverName: 'drive', token: { accessToken: secret('ya29.{{b64url:60}}'), expiresAt: past, scope: 'drive.readonly' } }]),
      '.copilot/mcp-config.json': '{ "mcpServers": { "broken": ',
      '.config/Code/User/mcp.json': JSON.stringify({ servers: { github: { type: 'http', url: 'https://api.githubcopilot.com/mcp/', headers: { Authorization: 'Bearer ${input:github_token}' } } } }),
    });
    mkdirSync(join(home, '.cursor'), { recursive: true });
    mkdirSync(join(home, '.cursor', 'mcp.json')); // a directory where a file was expected
    writeTree(project, {
      '.vscode/mcp.json': JSON.stringify({ servers: { local: { command: 'node', args: ['server.js'], env: { LOG_LEVEL: 'debug' } } } }),
      '.cursor/mcp.json': JSON.stringify({ mcpServers: { stripe: { command: 'npx', args: ['-y', '@stripe/mcp'], env: { STRIPE_SECRET_KEY: secret('sk_live_{{alnum:99}}') } } } }),
    });
    symlinkSync(join(project, '.mcp.json'), join(project, '.mcp.json'));
    ({ grants, problems } = await readGrants({
      home,
      env: {},
      platform: 'linux',
      workspaceFolders: [project],
      now,
      keychain: fakeKeychain([['Codex MCP Credentials', codexMcpKeychainAccount('notion', 'https://mcp.notion.com/mcp')]]),
      credentials: [
        {
          id: 'gh:github.com:monalisa',
          sourceId: 'gh',
          tool: 'GitHub CLI',
          kind: 'OAuth token',
          label: 'github.com (monalisa)',
          state: 'present',
          isLogin: true,
          location: { type: 'keychain', service: 'gh:github.com', account: 'monalisa' },
          scopes: ['repo', 'read:org'],
          details: {},
          problems: [],
        },
      ],
    }));
  });
  after(() => {
    rmSync(home, { recursive: true, force: true });
    rmSync(project, { recursive: true, force: true });
  });

  const grant = (id: string) => {
    const g = grants.find((x) => x.id === id);
    assert.ok(g, `no grant ${id}; have ${grants.map((x) => x.id).join(', ')}`);
    return g;
  };

  it('Codex: a configured server with a token file entry (healthy), with scopes, expiry and its revoke steps', () => {
    const g = grant('codex-cli:mcp:linear');
    assert.deepEqual([g.service, g.store, g.expiresAt, g.scopes, g.problems], ['Linear', 'file', '2026-12-27T00:00:00.000Z', ['read', 'write'], []]);
    assert.deepEqual(g.revokeSteps.map((s) => s.kind), ['run', 'delete-entry', 'open-url']);
    assert.deepEqual(g.revokeSteps[0], { kind: 'run', command: 'codex', args: ['mcp', 'logout', 'linear'], description: `Codex CLI's own MCP logout for "linear"`, revokesServerSide: false });
    assert.equal((g.revokeSteps[1] as { entry: string }).entry, '/linear|0123456789abcdef');
  });

  it('Codex: a token kept in the keychain, found through the probe without reading it', () => {
    const g = grant('codex-cli:mcp:notion');
    assert.equal(g.store, 'keychain');
    assert.ok(g.revokeSteps.some((s) => s.kind === 'delete-keychain'));
  });

  it('Codex: a secret in plain text in config.toml is a problem, found by the engine and masked', () => {
    const g = grant('codex-cli:mcp:github');
    assert.equal(g.store, 'config');
    assert.equal(g.plaintextSecrets.length, 1);
    assert.equal(g.plaintextSecrets[0]!.ruleId, 'github-pat-classic');
    assert.equal(g.plaintextSecrets[0]!.where, 'mcp_servers.github.env.GITHUB_PERSONAL_ACCESS_TOKEN');
    assert.match(g.plaintextSecrets[0]!.masked, /^ghp_…\w{4}$/);
    assert.equal(g.problems[0]!.code, 'plaintext-secret');
  });

  it('Codex: an expired token whose server was removed from the config is reported as orphaned', () => {
    const g = grant('codex-cli:mcp:sentry');
    assert.deepEqual(g.problems.map((p) => p.code), ['orphaned-token', 'expired']);
  });

  it('Claude Code: user and project servers, a plain-text bearer header and an expired mcpOAuth token', () => {
    const atlassian = grant('claude-code:mcp:atlassian');
    assert.deepEqual([atlassian.service, atlassian.store], ['Atlassian', 'file']);
    assert.deepEqual(atlassian.problems.map((p) => p.code), ['plaintext-secret', 'expired']);
    assert.equal(atlassian.plaintextSecrets[0]!.where, 'mcpServers.atlassian.headers.Authorization');
    assert.equal((atlassian.revokeSteps.find((s) => s.kind === 'delete-entry') as { entry: string }).entry, '/mcpOAuth/atlassian|abc');
    const slack = grant('claude-code:mcp:slack');
    assert.equal(slack.plaintextSecrets[0]!.ruleId, 'slack-bot-token');
    assert.equal(slack.plaintextSecrets[0]!.where, 'projects["/work/app"].mcpServers.slack.env.SLACK_BOT_TOKEN');
  });

  it('Gemini CLI: JSONC settings and an expired token', () => {
    const g = grant('gemini-cli:mcp:drive');
    assert.deepEqual([g.service, g.store, g.expiresAt, g.scopes], ['Google', 'file', '2026-10-01T00:00:00.000Z', ['drive.readonly']]);
  });

  it('VS Code: an ${input:…} reference is not a secret; a workspace stdio server holds nothing', () => {
    assert.deepEqual(grant('vs-code:mcp:github').plaintextSecrets, []);
    assert.equal(grant('vs-code:mcp:github').service, 'GitHub');
    assert.equal(grant('vs-code:mcp:local').store, 'none');
  });

  it('Cursor: a project server with a live Stripe key in its env', () => {
    const g = grant('cursor:mcp:stripe');
    assert.deepEqual([g.service, g.store, g.plaintextSecrets[0]!.ruleId], ['Stripe', 'config', 'stripe-secret-key']);
  });

  it('the OAuth app behind a CLI login: gh is the "GitHub CLI" app, revoked on its GitHub page', () => {
    const g = grant('gh:oauth:gh:github.com:monalisa');
    assert.deepEqual([g.kind, g.service, g.name, g.store, g.scopes], ['oauth-app', 'GitHub', 'GitHub CLI', 'keychain', ['repo', 'read:org']]);
    assert.deepEqual(g.revokeSteps, [{ kind: 'open-url', url: 'https://github.com/settings/connections/applications/178c6fc778ccc68e1d6a', description: "revoke GitHub CLI's access at GitHub" }]);
  });

  it('malformed, directory-shaped and looping config files are problems, never crashes', () => {
    const byClient = Object.fromEntries(problems.map((p) => [p.client, p.problem.code]));
    assert.deepEqual(byClient, { 'Copilot CLI': 'malformed-json', Cursor: 'not-a-file', 'Claude Code': 'symlink-loop' });
  });

  it('no secret value appears anywhere in the grants', () => {
    const text = JSON.stringify({ grants, problems });
    for (const s of secrets) assert.ok(!text.includes(s), 'secret leaked');
  });

  it('`keysweep grants --home` lists each grant with service, server, store, expiry and problems, in text and JSON, and no secret', () => {
    const keychain = join(home, 'keychain.json');
    writeTree(home, { 'keychain.json': JSON.stringify({ items: [{ service: 'Codex MCP Credentials', account: codexMcpKeychainAccount('notion', 'https://mcp.notion.com/mcp') }] }) });
    const env = { KEYSWEEP_FAKE_KEYCHAIN: keychain, XDG_CONFIG_HOME: '', CODEX_HOME: '', HOME: home };
    const json = runCli(['grants', '--home', home, '--workspace', project, '--format', 'json', '--now', now.toISOString()], { env });
    assert.equal(json.status, 0, json.stderr);
    const report = JSON.parse(json.stdout) as { grants: Array<Grant & { review: { overdue: boolean } }>; catalog: Array<{ id: string }>; problems: unknown[] };
    const byId = Object.fromEntries(report.grants.map((g) => [g.id, g]));
    assert.deepEqual(
      ['codex-cli:mcp:linear', 'codex-cli:mcp:notion', 'codex-cli:mcp:github', 'claude-code:mcp:atlassian', 'gemini-cli:mcp:drive'].map((id) => [id, byId[id]?.service, byId[id]?.store]),
      [
        ['codex-cli:mcp:linear', 'Linear', 'file'],
        ['codex-cli:mcp:notion', 'Notion', 'keychain'],
        ['codex-cli:mcp:github', 'GitHub', 'config'],
        ['claude-code:mcp:atlassian', 'Atlassian', 'file'],
        ['gemini-cli:mcp:drive', 'Google', 'file'],
      ],
    );
    assert.equal(byId['gemini-cli:mcp:drive']!.expiresAt, '2026-10-01T00:00:00.000Z');
    assert.equal(byId['codex-cli:mcp:linear']!.review.overdue, true, 'never reviewed');
    assert.equal(report.problems.length, 3);
    assert.ok(report.catalog.some((e) => e.id === 'chatgpt-apps'));
    const text = runCli(['grants', '--home', home, '--workspace', project, '--now', now.toISOString()], { env });
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /^ {2}Codex CLI → linear {2}\[MCP server · Linear · token: file · expires 2026-12-27\] {2}never reviewed$/m);
    assert.match(text.stdout, /^ {6}! plain-text secret ghp_…\w{4} at mcp_servers\.github\.env\.GITHUB_PERSONAL_ACCESS_TOKEN$/m);
    assert.match(text.stdout, /^ {6}revoke: codex mcp logout linear$/m);
    for (const secret of secrets) assert.ok(!json.stdout.includes(secret) && !text.stdout.includes(secret), 'a secret leaked into grants output');
    const reviewed = runCli(['review', 'codex-cli:mcp:linear', '--home', home], { env });
    assert.equal(reviewed.status, 0, reviewed.stderr);
    const again = JSON.parse(runCli(['grants', '--home', home, '--workspace', project, '--format', 'json'], { env }).stdout) as typeof report;
    assert.equal(again.grants.find((g) => g.id === 'codex-cli:mcp:linear')!.review.overdue, false);
  });

  it('recognises services by host', () => {
    assert.equal(serviceOf('https://api.githubcopilot.com/mcp/', 'x').service, 'GitHub');
    assert.equal(serviceOf('https://mcp.example.org/sse', 'x').service, 'mcp.example.org');
    assert.equal(serviceOf('not a url', 'fallback').service, 'fallback');
  });
});
