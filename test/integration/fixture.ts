/**
 * The fixture workspace for the extension-host suites, generated at test time (keys are planted now, never
 * committed): the demo workspace of `npm start`, a git project with keys in tracked, untracked and git-ignored
 * files. The runner bundles this file with esbuild and calls createFixtureWorkspace() before starting VS Code.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createDemoWorkspace } from '../../scripts/demo-workspace';
import { codexAuthJson, fake, generatedSecrets, writeFiles } from '../support/fake-home';

export interface FixtureManifest {
  /** Absolute path of the workspace folder VS Code opens. */
  dir: string;
  /** Every file of the workspace (outside .git) with its text, so suites can check that no planted value leaks. */
  files: Record<string, string>;
  /** The fake home the runner adds (see createFixtureHome). */
  home?: FixtureHome;
}

function walk(root: string, dir = root, out: Record<string, string> = {}): Record<string, string> {
  for (const name of readdirSync(dir).sort()) {
    if (name === '.git') continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) walk(root, full, out);
    else out[relative(root, full)] = readFileSync(full, 'utf8');
  }
  return out;
}

export function createFixtureWorkspace(dir: string): FixtureManifest {
  createDemoWorkspace(dir);
  return { dir, files: walk(dir) };
}

export interface FixtureHome {
  /** The fake home directory (KEYSWEEP_HOME for the extension, --home for the CLI). */
  home: string;
  codexHome: string;
  /** The test-only keychain file (KEYSWEEP_FAKE_KEYCHAIN). */
  keychain: string;
  /** Every secret written into the home, so suites can check that none leaks into the UI. */
  secrets: string[];
}

/**
 * A fake home with a Codex CLI ChatGPT login (auth.json), two MCP servers with OAuth tokens and a session
 * transcript, generated now with random values: what the sidebar and the revoke flow act on in the suites.
 */
export function createFixtureHome(home: string): FixtureHome {
  const codexHome = join(home, '.codex');
  const auth = codexAuthJson({ email: 'dev@example.com', plan: 'plus' });
  const keychain = join(home, 'keychain.json');
  writeFiles(home, {
    '.codex/auth.json': [auth.text, 0o600],
    '.codex/config.toml': '[mcp_servers.linear]\nurl = "https://mcp.linear.app/mcp"\n\n[mcp_servers.github]\nurl = "https://api.githubcopilot.com/mcp/"\n',
    '.codex/.credentials.json': [
      JSON.stringify({
        'linear|1111111111111111': { server_name: 'linear', server_url: 'https://mcp.linear.app/mcp', access_token: fake.opaque(), expires_at: Date.now() + 30 * 86_400_000 },
        'github|2222222222222222': { server_name: 'github', server_url: 'https://api.githubcopilot.com/mcp/', access_token: fake.opaque(), expires_at: Date.now() - 86_400_000 },
      }),
      0o600,
    ],
    '.codex/sessions/2026/11/20/rollout-1.jsonl': `${JSON.stringify({ type: 'message', text: `use this key ${fake.openaiKey()}` })}\n`,
    'keychain.json': JSON.stringify({ items: [] }),
  });
  return { home, codexHome, keychain, secrets: [...generatedSecrets] };
}
