/**
 * What each non-Codex source says beyond "present": keychain-held tokens, credential helpers, references that are
 * not secrets, the tool's own logout preferred when it is installed (with the environment that points it at the
 * same files), and entry removal through the executor that leaves the rest of each file as it was.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { claudeKeychainService, claudeSource } from '../../src/credentials/sources/claude';
import { continueSource, cursorSource } from '../../src/credentials/sources/app-configs';
import { awsSource } from '../../src/credentials/sources/aws';
import { azureSource } from '../../src/credentials/sources/azure';
import { copilotSource } from '../../src/credentials/sources/copilot';
import { dockerSource } from '../../src/credentials/sources/docker';
import { gcloudSource } from '../../src/credentials/sources/gcloud';
import { geminiSource } from '../../src/credentials/sources/gemini';
import { ghSource } from '../../src/credentials/sources/gh';
import { gitCredentialsSource } from '../../src/credentials/sources/git-credentials';
import { hubSource } from '../../src/credentials/sources/hub';
import { huggingfaceSource } from '../../src/credentials/sources/huggingface';
import { netrcSource } from '../../src/credentials/sources/netrc';
import { npmSource } from '../../src/credentials/sources/npm';
import { executePlan } from '../../src/credentials/revoke';
import { shellSource } from '../../src/credentials/sources/shell-env';
import type { CredentialSource, RevokeStep } from '../../src/credentials/types';
import { DAY, fake, generatedSecrets, memoryKeychain, NOW, tempHome, testContext, writeFiles } from '../support/fake-home';

async function setup(source: CredentialSource, files: Record<string, string | Buffer | [string, number]>, options: Parameters<typeof testContext>[1] = {}) {
  const home = tempHome();
  writeFiles(home, files as Record<string, string | [string, number]>);
  const ctx = testContext(home, { env: { HOME: home, PATH: '' }, ...options });
  const items = await source.read(ctx);
  const plan = await source.revokePlan(items, ctx);
  const text = JSON.stringify([items, plan]);
  for (const s of generatedSecrets) assert.ok(!text.includes(s), 'no secret in items or plans');
  return { home, ctx, items, plan };
}

const runs = (steps: RevokeStep[]) => steps.filter((s): s is Extract<RevokeStep, { kind: 'run' }> => s.kind === 'run');
const local = (steps: RevokeStep[]) => steps.filter((s) => s.kind !== 'open-url' && s.kind !== 'run');

describe('GitHub CLI', () => {
  const hosts = 'github.com:\n    users:\n        monalisa:\n        hubot:\n    git_protocol: ssh\n    user: monalisa\n';

  it('a token in the keychain (hosts.yml holds none): storage keyring; gh ≥ 2.40 installed: `gh auth logout --user` per account', async () => {
    const keychain = memoryKeychain([{ service: 'gh:github.com', account: 'monalisa' }]);
    const exec = async (file: string, args: string[]) => ({ code: 0, stdout: file === '/usr/bin/gh' && args[0] === '--version' ? 'gh version 2.74.0 (2025-06-01)\n' : '', stderr: '' });
    const { home, items, plan } = await setup(ghSource, { '.config/gh/hosts.yml': hosts }, { keychain, which: { gh: '/usr/bin/gh' }, exec });
    const mona = items.find((c) => c.id === 'gh:github.com:monalisa')!;
    assert.equal(mona.storage, 'keyring');
    assert.deepEqual(mona.location, { type: 'keychain', service: 'gh:github.com', account: 'monalisa' });
    assert.equal(mona.details.active, true);
    assert.ok(items.find((c) => c.id === 'gh:github.com:hubot')!.problems.some((p) => p.code === 'token-missing'));
    assert.deepEqual(runs(plan.steps)[0], {
      kind: 'run',
      command: 'gh',
      args: ['auth', 'logout', '--hostname', 'github.com', '--user', 'monalisa'],
      env: { HOME: home, GH_CONFIG_DIR: join(home, '.config', 'gh') },
      revokesServerSide: false,
      description: 'forget monalisa on github.com (hosts.yml and keychain)',
    });
    assert.ok(local(plan.steps).every((s) => 'fallback' in s && s.fallback));
    assert.ok(plan.steps.some((s) => s.kind === 'open-url' && s.url.endsWith('178c6fc778ccc68e1d6a')));
  });

  it('GH_CONFIG_DIR is honoured; one account of two: hosts.yml is not deleted', async () => {
    const home = tempHome();
    writeFiles(home, { 'ghconf/hosts.yml': hosts });
    const ctx = testContext(home, { env: { HOME: home, GH_CONFIG_DIR: join(home, 'ghconf') } });
    const items = await ghSource.read(ctx);
    assert.equal(items.length, 2);
    const plan = await ghSource.revokePlan(items.filter((c) => c.id.endsWith(':hubot')), ctx);
    assert.ok(!plan.steps.some((s) => s.kind === 'delete-file'));
    assert.ok(plan.doesNotCover.some((l) => l.includes('hosts.yml is not edited')));
  });
});

describe('Claude Code', () => {
  it('login, MCP tokens and an API key; the login revoke keeps the MCP tokens in the same file', async () => {
    const mcpToken = fake.opaque();
    const { home, ctx, items, plan } = await setup(claudeSource, {
      '.claude/.credentials.json': JSON.stringify({ claudeAiOauth: { accessToken: fake.anthropicOauth(), refreshToken: fake.opaque(), expiresAt: NOW.getTime() + DAY, subscriptionType: 'pro' }, mcpOAuth: { 'linear|abc': { serverName: 'linear', accessToken: mcpToken, expiresAt: NOW.getTime() - DAY } } }),
      '.claude.json': JSON.stringify({ oauthAccount: { emailAddress: 'ada@example.com', organizationName: 'Acme' }, primaryApiKey: fake.anthropicKey(), projects: {} }),
      '.claude/settings.json': JSON.stringify({ env: { ANTHROPIC_AUTH_TOKEN: fake.opaque(), DISABLE_TELEMETRY: '1' } }),
    });
    const login = items.find((c) => c.id === 'claude:oauth')!;
    assert.deepEqual(login.account, { email: 'ada@example.com', name: 'Acme', plan: 'pro' });
    assert.ok(items.find((c) => c.id === 'claude:mcp:linear')!.problems.some((p) => p.code === 'expired'));
    assert.ok(items.find((c) => c.id === 'claude:api-key')!.masked!.startsWith('sk-ant-api03-'));
    assert.match(items.find((c) => c.id === 'claude:settings-env')!.label, /ANTHROPIC_AUTH_TOKEN/);
    assert.deepEqual(plan.credentialIds.sort(), ['claude:api-key', 'claude:oauth']);
    const outcomes = await executePlan(plan, ctx);
    assert.ok(outcomes.every((o) => o.ok));
    const after = JSON.parse(readFileSync(join(home, '.claude', '.credentials.json'), 'utf8'));
    assert.deepEqual(Object.keys(after), ['mcpOAuth']);
    assert.equal(after.mcpOAuth['linear|abc'].accessToken, mcpToken);
    assert.deepEqual(Object.keys(JSON.parse(readFileSync(join(home, '.claude.json'), 'utf8'))), ['oauthAccount', 'projects']);
  });

  it('macOS: the keychain item "Claude Code-credentials" (with a hash suffix under CLAUDE_CONFIG_DIR)', async () => {
    const home = tempHome();
    const keychain = memoryKeychain([{ service: 'Claude Code-credentials', account: 'ada' }]);
    const items = await claudeSource.read(testContext(home, { platform: 'darwin', env: { HOME: home, USER: 'ada' }, keychain }));
    assert.equal(items[0]!.id, 'claude:keychain');
    assert.match(claudeKeychainService({ env: { CLAUDE_CONFIG_DIR: '/Users/test/.claude-work' }, home }), /^Claude Code-credentials-[0-9a-f]{8}$/);
    assert.equal(claudeKeychainService({ env: { CLAUDE_CONFIG_DIR: '/Users/test/.claude-work' }, home }), 'Claude Code-credentials-03abf0ee', 'the published test vector');
  });
});

describe('Gemini CLI', () => {
  it('an API key in ~/.gemini/.env and in the keychain; no logout command, so files and keychain steps', async () => {
    const keychain = memoryKeychain([{ service: 'gemini-cli-api-key', account: 'default-api-key' }]);
    const { items, plan } = await setup(geminiSource, { '.gemini/.env': `GEMINI_API_KEY=${fake.googleApiKey()}\nGEMINI_MODEL=gemini-2.5-pro\n` }, { keychain });
    assert.deepEqual(items.map((c) => c.id).sort(), ['gemini:env:GEMINI_API_KEY', 'gemini:keychain-api-key']);
    assert.deepEqual(plan.steps.map((s) => s.kind).sort(), ['delete-entry', 'delete-keychain', 'open-url']);
    assert.ok(!plan.steps.some((s) => s.kind === 'run'));
  });
});

describe('npm', () => {
  it('a ${NPM_TOKEN} reference is not a plain-text secret; npm installed: `npm logout` on the same file', async () => {
    const { home, items, plan } = await setup(npmSource, { '.npmrc': `//registry.npmjs.org/:_authToken=\${NPM_TOKEN}\n//npm.pkg.github.com/:_authToken=${fake.githubToken('ghp')}\n` }, { which: { npm: '/usr/bin/npm' } });
    const ref = items.find((c) => c.id === 'npm:registry.npmjs.org/')!;
    assert.equal(ref.kind, 'registry token (from ${NPM_TOKEN})');
    assert.deepEqual(ref.problems, []);
    assert.ok(items.find((c) => c.id === 'npm:npm.pkg.github.com/')!.problems.some((p) => p.code === 'plaintext-secret'));
    assert.deepEqual(runs(plan.steps)[0]!.args, ['logout', '--registry=https://registry.npmjs.org/', `--userconfig=${join(home, '.npmrc')}`]);
    assert.equal(runs(plan.steps)[0]!.revokesServerSide, true);
  });
});

describe('Docker', () => {
  it('a credential helper keeps the secret: no plain-text problem; docker installed: `docker logout REGISTRY`', async () => {
    const { home, items, plan } = await setup(dockerSource, { '.docker/config.json': JSON.stringify({ auths: { 'ghcr.io': {} }, credsStore: 'desktop' }) }, { which: { docker: '/usr/bin/docker' } });
    assert.equal(items[0]!.storage, 'helper:desktop');
    assert.deepEqual(items[0]!.problems, []);
    assert.deepEqual(runs(plan.steps)[0]!.args, ['logout', 'ghcr.io']);
    assert.equal(runs(plan.steps)[0]!.env?.DOCKER_CONFIG, join(home, '.docker'));
  });
});

describe('AWS', () => {
  it('profiles, an expired SSO token and cached role credentials; removing one profile keeps the other byte for byte', async () => {
    const creds = `[default]\naws_access_key_id = ${fake.awsKeyId()}\naws_secret_access_key = ${fake.awsSecret()}\n\n[temp]\naws_access_key_id = ${fake.awsKeyId('ASIA')}\naws_secret_access_key = ${fake.awsSecret()}\naws_session_token = ${fake.opaque(100)}\n`;
    const { home, ctx, items, plan } = await setup(awsSource, {
      '.aws/credentials': creds,
      '.aws/sso/cache/0123456789abcdef0123.json': JSON.stringify({ startUrl: 'https://acme.awsapps.com/start', region: 'eu-west-1', accessToken: fake.opaque(), expiresAt: new Date(NOW.getTime() - DAY).toISOString() }),
      '.aws/sso/cache/botocore-client-id.json': JSON.stringify({ clientId: 'x', clientSecret: fake.opaque() }),
      '.aws/cli/cache/abc.json': JSON.stringify({ Credentials: { AccessKeyId: fake.awsKeyId('ASIA'), SecretAccessKey: fake.awsSecret(), Expiration: new Date(NOW.getTime() + DAY).toISOString() } }),
    });
    assert.equal(items.find((c) => c.id === 'aws:temp')!.kind, 'temporary session credentials');
    assert.ok(items.find((c) => c.id.startsWith('aws:sso:'))!.problems.some((p) => p.code === 'expired'));
    assert.equal(items.filter((c) => c.id.startsWith('aws:sso:')).length, 1, 'client registrations are not sessions');
    assert.ok(items.some((c) => c.id.startsWith('aws:cli-cache:')));
    const onlyDefault = await awsSource.revokePlan(items.filter((c) => c.id === 'aws:default'), ctx);
    await executePlan(onlyDefault, ctx);
    assert.equal(readFileSync(join(home, '.aws', 'credentials'), 'utf8'), creds.slice(creds.indexOf('[temp]')));
    assert.ok(plan.steps.some((s) => s.kind === 'open-url' && s.url.includes('security_credentials')));
  });
});

describe('Google Cloud SDK', () => {
  it('a service account key is a plain-text problem; gcloud installed: both revokes, files only as fallbacks', async () => {
    const { items, plan } = await setup(
      gcloudSource,
      {
        '.config/gcloud/application_default_credentials.json': JSON.stringify({ type: 'service_account', client_email: 'ci@acme.iam.gserviceaccount.com', private_key_id: fake.opaque(40), private_key: `-----BEGIN ${'PRIVATE'} KEY-----\n${fake.opaque(64)}\n-----END ${'PRIVATE'} KEY-----\n` }),
        '.config/gcloud/credentials.db': Buffer.from('SQLite format 3\0') as unknown as string,
        '.config/gcloud/active_config': 'default',
        '.config/gcloud/configurations/config_default': '[core]\naccount = ada@example.com\nproject = acme\n',
      },
      { which: { gcloud: '/usr/bin/gcloud' } },
    );
    const adc = items.find((c) => c.id === 'gcloud:adc')!;
    assert.equal(adc.kind, 'service account key (application default credentials)');
    assert.equal(adc.account?.email, 'ci@acme.iam.gserviceaccount.com');
    assert.ok(adc.problems.some((p) => p.code === 'plaintext-secret'));
    assert.equal(items.find((c) => c.id === 'gcloud:credentials-db')!.account?.email, 'ada@example.com');
    assert.deepEqual(runs(plan.steps).map((s) => s.args.join(' ')), ['auth application-default revoke --quiet', 'auth revoke --all --quiet']);
    assert.ok(local(plan.steps).every((s) => 'fallback' in s && s.fallback));
  });
});

describe('Azure CLI, Hugging Face, hub, Copilot', () => {
  it('Azure: legacy tokens are deleted even after `az account clear`; service principals are a problem', async () => {
    const { items, plan } = await setup(azureSource, { '.azure/accessTokens.json': JSON.stringify([{ accessToken: fake.opaque() }]), '.azure/service_principal_entries.json': JSON.stringify([{ client_id: 'x', client_secret: fake.opaque() }]) }, { which: { az: '/usr/bin/az' } });
    assert.deepEqual(items.map((c) => c.id).sort(), ['azure:legacy-tokens', 'azure:service-principals']);
    assert.deepEqual(runs(plan.steps)[0]!.args, ['account', 'clear']);
    const legacy = plan.steps.find((s) => s.kind === 'delete-file' && s.path.endsWith('accessTokens.json'))!;
    assert.equal('fallback' in legacy ? legacy.fallback : undefined, undefined);
  });

  it('Hugging Face: HF_HOME, the token and named stored tokens', async () => {
    const home = tempHome();
    writeFiles(home, { 'hf/token': fake.hfToken(), 'hf/stored_tokens': `[work]\nhf_token = ${fake.hfToken()}\n\n[play]\nhf_token = ${fake.hfToken()}\n` });
    const ctx = testContext(home, { env: { HOME: home, HF_HOME: join(home, 'hf') } });
    const items = await huggingfaceSource.read(ctx);
    assert.deepEqual(items.map((c) => c.id), ['huggingface:token', 'huggingface:stored:work', 'huggingface:stored:play']);
    const plan = await huggingfaceSource.revokePlan(items.filter((c) => c.id.endsWith(':work')), ctx);
    await executePlan(plan, ctx);
    assert.ok(!readFileSync(join(home, 'hf', 'stored_tokens'), 'utf8').includes('[work]'));
    assert.ok(readFileSync(join(home, 'hf', 'stored_tokens'), 'utf8').startsWith('[play]'));
  });

  it('hub: the whole config file; Copilot: the keychain item and an editor plugin token', async () => {
    const hub = await setup(hubSource, { '.config/hub': `github.com:\n- user: ada\n  oauth_token: ${fake.githubToken('ghp')}\n` });
    assert.equal(local(hub.plan.steps)[0]!.kind, 'delete-file');
    const copilot = await setup(copilotSource, { '.config/github-copilot/apps.json': JSON.stringify({ 'github.com:Iv1.b507a08c87ecfe98': { user: 'ada', oauth_token: fake.githubToken('ghu'), githubAppId: 'Iv1.b507a08c87ecfe98' } }) }, { keychain: memoryKeychain([{ service: 'copilot-cli', account: 'https://github.com:ada' }]) });
    assert.deepEqual(copilot.items.map((c) => c.id).sort(), ['copilot:editor:github.com:Iv1.b507a08c87ecfe98', 'copilot:keychain']);
    assert.deepEqual(local(copilot.plan.steps).map((s) => s.kind).sort(), ['delete-entry', 'delete-keychain']);
  });
});

describe('.netrc and .git-credentials', () => {
  it('.netrc: one machine removed, the others stay', async () => {
    const text = `machine api.github.com login ada password ${fake.githubToken('ghp')}\nmachine example.com\n  login bob\n  password ${fake.password()}\n`;
    const { home, ctx, items } = await setup(netrcSource, { '.netrc': text });
    assert.deepEqual(items.map((c) => c.id), ['netrc:api.github.com:ada', 'netrc:example.com:bob']);
    const plan = await netrcSource.revokePlan(items.slice(0, 1), ctx);
    assert.ok(plan.steps.some((s) => s.kind === 'open-url' && s.url === 'https://github.com/settings/tokens'));
    await executePlan(plan, ctx);
    assert.equal(readFileSync(join(home, '.netrc'), 'utf8'), text.slice(text.indexOf('machine example.com')));
  });

  it('.git-credentials in both places (home and XDG); a line is removed by its URL without the password', async () => {
    const { home, ctx, items } = await setup(gitCredentialsSource, { '.git-credentials': `https://ada:${fake.githubToken('ghp')}@github.com\n`, '.config/git/credentials': `https://bob:${fake.password()}@git.example.com/team\n` });
    assert.deepEqual(items.map((c) => c.location.type === 'file' && c.location.entry), ['https://ada@github.com', 'https://bob@git.example.com/team']);
    await executePlan(await gitCredentialsSource.revokePlan(items.slice(1), ctx), ctx);
    assert.equal(readFileSync(join(home, '.config', 'git', 'credentials'), 'utf8'), '');
    assert.match(readFileSync(join(home, '.git-credentials'), 'utf8'), /^https:\/\/ada:/);
  });
});

describe('Cursor, Continue, shell startup files', () => {
  it("Cursor's state database: keys counted inside binary SQLite pages, never opened as a database", async () => {
    const db = Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(64), Buffer.from(`cursorAuth/openAIKey${fake.openaiKey()}`), Buffer.alloc(32)]);
    const { items, plan } = await setup(cursorSource, { '.config/Cursor/User/globalStorage/state.vscdb': db as unknown as string });
    const state = items.find((c) => c.id === 'cursor:state')!;
    assert.equal(state.details.keysFound, 1);
    assert.ok(plan.doesNotCover.some((l) => l.includes('log out inside Cursor')));
    assert.deepEqual(local(plan.steps), []);
  });

  it('Continue: ${{ secrets.X }} is not a key; a literal one is, and the plan points at the provider', async () => {
    const none = await setup(continueSource, { '.continue/config.yaml': 'models:\n  - name: gpt\n    apiKey: ${{ secrets.OPENAI_API_KEY }}\n' });
    assert.deepEqual(none.items, []);
    const some = await setup(continueSource, { '.continue/config.yaml': `models:\n  - name: gpt\n    apiKey: ${fake.openaiKey()}\n` });
    assert.equal(some.items[0]!.details.keysFound, 1);
    assert.ok(some.plan.steps.some((s) => s.kind === 'open-url' && s.url.includes('openai.com')));
  });

  it('shell: fish and sh assignments, references and paths are not secrets; revoke removes only those lines', async () => {
    const fishText = `set -gx PATH $HOME/bin $PATH\nset -gx ANTHROPIC_API_KEY ${fake.anthropicKey()}\nset -x GH_TOKEN (gh auth token)\n`;
    const { home, ctx, items } = await setup(shellSource, {
      '.config/fish/config.fish': fishText,
      '.zshrc': `export OPENAI_API_KEY=$(op read op://vault/openai/key)\nexport PASSWORD_STORE_DIR=~/.password-store\nexport HF_TOKEN='${fake.hfToken()}'\n`,
    });
    assert.deepEqual(items.map((c) => c.id).sort(), ['shell:.zshrc:HF_TOKEN', 'shell:config.fish:ANTHROPIC_API_KEY']);
    await executePlan(await shellSource.revokePlan(items.filter((c) => c.id.includes('fish')), ctx), ctx);
    assert.equal(readFileSync(join(home, '.config', 'fish', 'config.fish'), 'utf8'), 'set -gx PATH $HOME/bin $PATH\nset -x GH_TOKEN (gh auth token)\n');
  });
});

