/**
 * The runbook end to end through the CLI: a fake home with Codex CLI (ChatGPT login) and two MCP grants, a workspace
 * with an OpenAI key in a tracked file. The Markdown is compared with a golden file (dates injected, temp paths and
 * random masks normalised), and the Codex steps turn done after `keysweep revoke codex`.
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { git, runCli, tempDir, writeTree } from '../support/cli';
import { codexAuthJson, fake, generatedSecrets } from '../support/fake-home';

const GOLDEN = join(__dirname, '..', 'golden', 'runbook.md');
const FIXED = ['--now', '2026-11-27T12:00:00Z', '--since', '2026-11-27T00:00:00Z', '--who', 'tester'];

describe('runbook', () => {
  let home: string;
  let workspace: string;
  let env: NodeJS.ProcessEnv;

  before(() => {
    home = tempDir('keysweep-runbook-home-');
    workspace = tempDir('keysweep-runbook-ws-');
    writeTree(home, {
      '.codex/auth.json': codexAuthJson({ email: 'dev@example.com', plan: 'pro', lastRefresh: new Date('2026-11-24T12:00:00Z') }).text,
      '.codex/config.toml': '[mcp_servers.linear]\nurl = "https://mcp.linear.app/mcp"\n\n[mcp_servers.github]\nurl = "https://api.githubcopilot.com/mcp/"\n',
      '.codex/.credentials.json': JSON.stringify({
        'linear|1111111111111111': { server_name: 'linear', server_url: 'https://mcp.linear.app/mcp', access_token: fake.opaque(), expires_at: Date.parse('2026-12-27T00:00:00Z') },
        'github|2222222222222222': { server_name: 'github', server_url: 'https://api.githubcopilot.com/mcp/', access_token: fake.opaque(), expires_at: Date.parse('2026-12-01T00:00:00Z') },
      }),
      'keychain.json': JSON.stringify({ items: [] }),
    });
    writeTree(workspace, { 'src/app.ts': `export const client = new OpenAI({ apiKey: '${fake.openaiKey()}' });\n`, 'README.md': '# app\n' });
    git(workspace, 'init', '-q');
    git(workspace, 'add', '.');
    // No codex on PATH (the file/keychain fallback runs), a fake keychain, the review state inside the fake home.
    env = { PATH: '/usr/bin:/bin', HOME: home, KEYSWEEP_FAKE_KEYCHAIN: join(home, 'keychain.json'), XDG_CONFIG_HOME: '', CODEX_HOME: '' };
  });
  after(() => {
    rmSync(home, { recursive: true, force: true });
    rmSync(workspace, { recursive: true, force: true });
  });

  const markdown = () => {
    const r = runCli(['runbook', '--home', home, '--workspace', workspace, '--markdown', ...FIXED], { env });
    assert.equal(r.status, 0, r.stderr);
    for (const s of generatedSecrets) assert.ok(!r.stdout.includes(s), 'a secret leaked into the runbook');
    return r.stdout
      .replaceAll(home, '<HOME>')
      .replaceAll(workspace, '<WORKSPACE>')
      .replaceAll(hostname(), '<MACHINE>')
      .replace(/sk-proj-…\S{4}/g, 'sk-proj-…<tail>');
  };

  it('expands the five rows from what the machine and workspace hold (golden Markdown)', () => {
    const actual = markdown();
    if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, actual);
    assert.equal(actual, readFileSync(GOLDEN, 'utf8'));
  });

  it('marks the Codex CLI steps done after `keysweep revoke codex`, and manual steps after `keysweep review`', () => {
    const revoke = runCli(['revoke', 'codex', '--yes', '--home', home], { env });
    assert.equal(revoke.status, 0, revoke.stdout + revoke.stderr);
    const reviewed = runCli(['review', 'chatgpt-active-sessions', '--home', home, '--now', '2026-11-27T10:00:00Z'], { env });
    assert.equal(reviewed.status, 0, reviewed.stderr);
    const after = markdown();
    assert.match(after, /^- \[x\] Log out of Codex CLI .*\n {2}- No Codex CLI login remains on this machine\.$/m);
    assert.match(after, /^- \[x\] Open ChatGPT Settings > Security > Active sessions/m);
    assert.match(after, /^- \[ \] Log out of the MCP server "linear"/m, 'MCP tokens survive codex logout: still to do');
    assert.doesNotMatch(after, /What is left[\s\S]*Log out of Codex CLI/);
  });
});
