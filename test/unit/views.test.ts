/** What the sidebar and status bar show, asserted on the plain view functions (no VS Code needed). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LocalCredential } from '../../src/credentials/types';
import type { WireFinding } from '../../src/protocol';
import { appsNodes } from '../../src/views/apps-view';
import { machineNodes } from '../../src/views/machine-view';
import { statusBarModel } from '../../src/views/status-bar';
import { ageText } from '../../src/views/view-node';
import { workspaceNodes } from '../../src/views/workspace-view';

const now = new Date('2026-11-27T12:00:00Z');

function credential(over: Partial<LocalCredential>): LocalCredential {
  return {
    id: 'x:1',
    sourceId: 'x',
    tool: 'X',
    kind: 'token',
    label: 'X token',
    state: 'present',
    location: { type: 'file', path: '/home/u/.x' },
    details: {},
    problems: [],
    ...over,
  };
}

function finding(over: Partial<WireFinding>): WireFinding {
  return {
    uri: 'file:///w/a.ts',
    path: 'a.ts',
    ruleId: 'openai-project-key',
    provider: 'OpenAI',
    description: 'OpenAI project API key',
    revokeUrl: 'https://platform.openai.com/api-keys',
    masked: 'sk-proj-…Ab12',
    fingerprint: '0123456789abcdef',
    gitStatus: 'tracked',
    level: 'warning',
    range: { start: { line: 2, character: 4 }, end: { line: 2, character: 40 } },
    ...over,
  };
}

describe('views', () => {
  it('This Machine lists Codex CLI first, then sources in registry order, with problems as children', () => {
    const nodes = machineNodes(
      [
        credential({ id: 'gh:github.com', sourceId: 'gh', tool: 'GitHub CLI', label: 'github.com (monalisa)' }),
        credential({
          id: 'codex:auth',
          sourceId: 'codex',
          tool: 'Codex CLI',
          kind: 'ChatGPT login',
          label: 'ChatGPT login',
          account: { email: 'dev@example.com', plan: 'plus' },
          lastRefresh: '2026-11-24T12:00:00Z',
          problems: [{ code: 'world-readable', severity: 'error', message: 'auth.json is readable by other users (mode 644)' }],
        }),
        credential({ id: 'npm:registry', sourceId: 'npm', tool: 'npm', label: 'registry.npmjs.org token', masked: 'npm_…AbCd' }),
      ],
      now,
      ['codex', 'npm', 'gh'],
    );
    assert.deepEqual(nodes.map((n) => n.label), ['Codex CLI', 'npm', 'GitHub CLI']);
    const codex = nodes[0]!;
    assert.equal(codex.collapsed, false);
    assert.equal(codex.icon?.id, 'error');
    const login = codex.children![0]!;
    assert.equal(login.description, 'dev@example.com · plus · 3 days ago · 1 problem');
    assert.match(login.contextValue!, /\bcredential\b.*\bsource-codex\b.*\bfile\b.*\brevocable\b/);
    assert.equal(login.children![0]!.label, 'auth.json is readable by other users (mode 644)');
    assert.match(login.tooltip!, /\*\*Where:\*\* \/home\/u\/\.x/);
    assert.equal(nodes[1]!.children![0]!.description, 'npm_…AbCd');
  });

  it('Workspace groups findings by file, tracked first, with counts and reveal commands', () => {
    const nodes = workspaceNodes([
      finding({ uri: 'file:///w/.env', path: '.env', gitStatus: 'ignored', level: 'info' }),
      finding({}),
      finding({ range: { start: { line: 9, character: 0 }, end: { line: 9, character: 10 } } }),
    ]);
    assert.deepEqual(nodes.map((n) => [n.label, n.description]), [
      ['a.ts', '2 keys · tracked'],
      ['.env', '1 key · git-ignored — local only'],
    ]);
    const first = nodes[0]!.children![0]!;
    assert.equal(first.label, 'OpenAI: sk-proj-…Ab12');
    assert.deepEqual(first.command!.arguments, ['file:///w/a.ts', { start: { line: 2, character: 4 }, end: { line: 2, character: 40 } }]);
    assert.equal(first.description, 'line 3 · openai-project-key');
  });

  it('Connected Apps shows local grants and catalog pages with when each was last reviewed', () => {
    const nodes = appsNodes(
      [
        {
          id: 'codex:mcp:linear',
          client: 'Codex CLI',
          service: 'Linear',
          name: 'linear',
          kind: 'mcp-server',
          url: 'https://mcp.linear.app/sse',
          store: 'file',
          path: '/home/u/.codex/.credentials.json',
          expiresAt: '2026-11-20T00:00:00Z',
          plaintextSecrets: [],
          problems: [],
          revokeSteps: [],
        },
      ],
      { version: 1, reviews: { 'github-oauth-apps': '2026-11-20T12:00:00Z', 'codex:mcp:linear': '2026-01-01T00:00:00Z' } },
      now,
    );
    const local = nodes[0]!;
    assert.equal(local.children![0]!.description, 'Codex CLI · Linear · file · expired · reviewed 11 months ago');
    assert.equal(local.children![0]!.icon!.id, 'warning', 'overdue review');
    const github = nodes.find((n) => n.label === 'GitHub')!;
    const oauth = github.children!.find((c) => c.id === 'catalog:github-oauth-apps')!;
    assert.equal(oauth.description, 'reviewed 7 days ago');
    assert.equal(github.description, '4 to review');
  });

  it('the status bar counts keys in the repo plus credential problems, warning only when there are any', () => {
    assert.deepEqual(statusBarModel([], []).warning, false);
    const model = statusBarModel(
      [finding({}), finding({ gitStatus: 'ignored', level: 'info' })],
      [credential({ problems: [{ code: 'expired', severity: 'warning', message: 'expired' }] })],
    );
    assert.equal(model.text, '$(shield) 2');
    assert.equal(model.warning, true);
    assert.match(model.tooltip, /1 key in tracked or committable files\n1 in git-ignored files \(local only\)\n1 local-credential problem/);
  });

  it('ages read naturally', () => {
    assert.equal(ageText('2026-11-27T11:30:00Z', now), '30 min ago');
    assert.equal(ageText('2026-11-26T00:00:00Z', now), '36 h ago');
    assert.equal(ageText('2026-12-07T12:00:00Z', now), 'in 10 days');
    assert.equal(ageText(undefined, now), undefined);
  });
});
