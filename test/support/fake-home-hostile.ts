/**
 * A fake home whose credential files put secrets where names belong: a token as the user name (GitHub's documented
 * `https://<token>:x-oauth-basic@github.com`, `.netrc` `login <token> password x-oauth-basic`, a Docker `auth` of
 * base64("<token>:x-oauth-basic")), tokens as JSON keys, MCP server names, hosts, profile and section names, variable
 * names, keychain accounts, URL queries and paths. Every token is generated here, at test time, and listed in
 * `planted` so a test can search every output for it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mcpKeychainAccount } from '../../src/credentials/sources/codex-mcp';
import type { Planted } from './leaks';
import { DAY, NOW, fake, random, tempHome, writeFiles } from './fake-home';

export interface HostileHome {
  home: string;
  /** A file keychain (KEYSWEEP_FAKE_KEYCHAIN) with items whose accounts are tokens. */
  keychain: string;
  env: NodeJS.ProcessEnv;
  planted: Planted[];
}

const json = (v: unknown) => JSON.stringify(v, null, 2);
const b64 = (s: string) => Buffer.from(s).toString('base64');

export function hostileHome(): HostileHome {
  const planted: Planted[] = [];
  const plant = (label: string, value: string, prefix = '') => {
    planted.push({ label, value, prefix });
    return value;
  };
  /** A 40-character random token with no known prefix: only the high-entropy test can see it. */
  const rnd = (label: string) => plant(label, random(40));
  const gh = (label: string, prefix: 'ghp' | 'gho' | 'ghu' = 'ghp') => plant(label, fake.githubToken(prefix), `${prefix}_`);

  const home = tempHome('keysweep-hostile-');
  const ghUser = rnd('gh user name');
  const gheUser = rnd('gh keychain-only user name');
  const codexServer = rnd('codex MCP server name (config.toml)');
  const codexUrl = `https://mcp.example.com/sse?token=${rnd('codex MCP URL query')}`;
  const dockerUserToken = gh('Docker auth user-name token');
  const dockerAuth = plant('Docker auth value (base64 of the token in the user slot)', b64(`${dockerUserToken}:x-oauth-basic`));

  writeFiles(home, {
    '.git-credentials': [
      `https://${gh('.git-credentials user-name token (x-oauth-basic)')}:x-oauth-basic@github.com`,
      `https://${rnd('.git-credentials user-name token (empty password)')}:@git.example.com`,
      `https://${rnd('.git-credentials user-name token (no password)')}@gitlab.example.com`,
      `https://x-access-token:${gh('.git-credentials password', 'ghu')}@github.com/${rnd('.git-credentials URL path')}`,
      '',
    ].join('\n'),
    '.netrc': [
      `machine github.com login ${gh('.netrc login token', 'gho')} password x-oauth-basic`,
      `machine api.example.com`,
      `  login ${rnd('.netrc login random token')}`,
      `  password x-oauth-basic`,
      `machine h${rnd('.netrc machine name')}.example.net login ada password ${plant('.netrc password', fake.password(), 'pw-')}`,
      '',
    ].join('\n'),
    '.docker/config.json': json({
      auths: {
        'ghcr.io': { auth: dockerAuth },
        [`registry-${rnd('Docker registry host')}.example.com`]: { auth: plant('Docker auth value', b64(`robot:${fake.password()}`)) },
        [rnd('Docker registry key')]: { identitytoken: rnd('Docker identity token') },
      },
    }),
    // A key that is a token, under a value of the wrong type: the schema error names the path.
    '.config/containers/auth.json': json({ auths: { [rnd('Podman registry key (schema error path)')]: { auth: 1 } } }),
    '.npmrc': [
      `//npm.${rnd('npm registry host')}.example.com/:_authToken=${plant('npm token', fake.npmToken(), 'npm_')}`,
      `//registry.example.com/${rnd('npm registry path')}/:_auth=${plant('npm _auth', b64(`u:${fake.password()}`))}`,
      '',
    ].join('\n'),
    '.config/gh/hosts.yml': [
      'github.com:',
      '    users:',
      `        ${ghUser}:`,
      `            oauth_token: ${gh('gh token', 'gho')}`,
      `    user: ${ghUser}`,
      'ghe.example.com:',
      '    users:',
      `        ${gheUser}:`,
      `    user: ${gheUser}`,
      '',
    ].join('\n'),
    '.config/hub': `github.com:\n- user: ${rnd('hub user name')}\n  oauth_token: ${gh('hub token')}\n  protocol: https\n`,
    '.aws/credentials': `[${rnd('AWS profile name')}]\naws_access_key_id = ${plant('AWS key id', fake.awsKeyId(), 'AKIA')}\naws_secret_access_key = ${plant('AWS secret', fake.awsSecret())}\n`,
    '.aws/config': `[profile ${rnd('AWS config profile name')}]\naws_access_key_id = ${plant('AWS config key id', fake.awsKeyId(), 'AKIA')}\naws_secret_access_key = ${plant('AWS config secret', fake.awsSecret())}\n`,
    '.cache/huggingface/stored_tokens': `[${rnd('Hugging Face token name (INI section)')}]\nhf_token = ${plant('Hugging Face token', fake.hfToken(), 'hf_')}\n`,
    '.bashrc': `export ${gh('shell variable name')}=${plant('shell value', fake.openaiKey(), 'sk-proj-')}\nexport MY_${rnd('shell variable name part')}_TOKEN=${plant('shell token', fake.password(), 'pw-')}\n`,
    '.codex/auth.json': json({ auth_mode: rnd('Codex auth_mode'), OPENAI_API_KEY: plant('Codex API key', fake.openaiKey(), 'sk-proj-'), [rnd('Codex auth.json field name')]: 1, last_refresh: NOW.toISOString() }),
    '.aws/sso/cache/0123456789abcdef.json': json({ accessToken: rnd('AWS SSO access token'), expiresAt: new Date(NOW.getTime() + DAY).toISOString(), startUrl: `https://d-123.awsapps.com/start?t=${rnd('AWS SSO start URL query')}`, region: rnd('AWS SSO region') }),
    '.azure/azureProfile.json': json({ subscriptions: [{ user: { name: rnd('Azure user name'), type: 'user' } }] }),
    '.azure/msal_token_cache.json': json({ Account: {}, RefreshToken: { [rnd('Azure refresh token key')]: { secret: rnd('Azure refresh token') } } }),
    '.codex/.credentials.json': json({
      [`${rnd('Codex MCP key')}|0011223344556677`]: { server_name: 'x', access_token: rnd('Codex MCP access token'), server_url: `https://mcp.example.com/mcp?key=${rnd('Codex MCP server_url query')}`, expires_at: NOW.getTime() + DAY },
    }),
    '.codex/config.toml': `[mcp_servers.${codexServer}]\nurl = "${codexUrl}"\n[mcp_servers.${codexServer}.env]\nX_${rnd('Codex env key name')} = "${plant('Codex env value', fake.openaiKey(), 'sk-proj-')}"\n`,
    '.claude/.credentials.json': json({
      mcpOAuth: { [`${rnd('Claude MCP key')}|abc`]: { serverName: rnd('Claude MCP server name'), serverUrl: `https://x.example.com/?t=${rnd('Claude MCP URL query')}`, accessToken: rnd('Claude MCP access token') } },
    }),
    '.claude.json': json({
      oauthAccount: { emailAddress: rnd('Claude account e-mail'), organizationName: rnd('Claude organization name') },
      mcpServers: { [rnd('Claude config server name')]: { url: 'https://mcp.linear.app/mcp', headers: { [`X-${rnd('Claude header name')}`]: `Bearer ${rnd('Claude header value')}` } } },
      projects: { [`/work/${rnd('Claude project path')}`]: { mcpServers: { s: { command: 'x', env: { TOKEN: rnd('Claude project env value') } } } } },
    }),
    '.gemini/google_accounts.json': json({ active: rnd('Gemini active account') }),
    '.gemini/oauth_creds.json': json({ access_token: plant('Gemini access token', fake.googleAccess(), 'ya29.'), refresh_token: plant('Gemini refresh token', fake.googleRefresh(), '1//'), scope: `openid ${rnd('Gemini scope')}`, expiry_date: NOW.getTime() + DAY }),
    '.gemini/mcp-oauth-tokens.json': json([{ serverName: rnd('Gemini MCP server name'), token: { accessToken: rnd('Gemini MCP access token'), expiresAt: NOW.getTime() + DAY } }]),
    '.gemini/settings.json': json({ mcpServers: { [rnd('Gemini config server name')]: { httpUrl: `https://g.example.com/mcp/${rnd('Gemini URL path')}` } } }),
    '.copilot/config.json': json({ [rnd('Copilot config key')]: gh('Copilot token', 'gho') }),
    '.copilot/mcp-config.json': json({ mcpServers: { [rnd('Copilot MCP server name')]: { url: 'https://api.githubcopilot.com/mcp/' } } }),
    '.config/github-copilot/hosts.json': json({ [`github.com:${rnd('Copilot editor key')}`]: { user: rnd('Copilot editor user'), oauth_token: gh('Copilot editor token', 'gho') } }),
    '.cursor/mcp.json': json({ mcpServers: { [rnd('Cursor server name')]: { command: 'x', env: { OPENAI_API_KEY: plant('Cursor env value', fake.openaiKey(), 'sk-proj-') } } } }),
  });
  const keychain = join(home, 'keychain.json');
  writeFileSync(
    keychain,
    json({
      items: [
        { service: 'gh:ghe.example.com', account: gheUser },
        { service: 'Codex MCP Credentials', account: mcpKeychainAccount(codexServer, codexUrl) },
      ],
    }),
  );
  return { home, keychain, env: { HOME: home, KEYSWEEP_FAKE_KEYCHAIN: keychain }, planted };
}
