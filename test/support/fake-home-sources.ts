/**
 * One fixture per credential source: where its main file lives, what a healthy (and, where it has one, an expired)
 * file looks like, what a malformed one looks like, and what the inventory must say in each state. The state
 * matrix tests build a fake home per state with every source in that state.
 */
import { DAY, NOW, codexAuthJson, fake } from './fake-home';

export type Expect = 'none' | 'present' | 'malformed' | 'unreadable';

export interface SourceFixture {
  id: string;
  /** The file each state is applied to, relative to the home. */
  main: string;
  /** Files of a healthy source (the main file included). Secrets are generated per call. */
  healthy(): Record<string, string>;
  /** The main file's content when the source's credential has expired, if it can. */
  expired?(): string;
  /** Text the source's parser must reject (or bytes that are not text, for line formats). */
  malformed: string | Buffer;
  /** What an empty main file means for this source. */
  empty: Expect;
  /** What a malformed main file gives: most say "malformed"; a config that is only scanned may give nothing. */
  malformedGives?: Expect;
  /** The masked value the healthy item must show (a prefix check), if any. */
  maskedPrefix?: string;
}

const json = (v: unknown) => JSON.stringify(v, null, 2);
const future = NOW.getTime() + 10 * DAY;
const past = NOW.getTime() - 10 * DAY;

export const SOURCE_FIXTURES: SourceFixture[] = [
  {
    id: 'codex',
    main: '.codex/auth.json',
    healthy: () => ({ '.codex/auth.json': codexAuthJson({ mode: 'chatgpt' }).text }),
    expired: () => codexAuthJson({ mode: 'chatgpt', accessExpires: new Date(past) }).text,
    malformed: '{"auth_mode": "chatgpt", "tokens": {',
    empty: 'malformed',
  },
  {
    id: 'claude',
    main: '.claude/.credentials.json',
    healthy: () => ({ '.claude/.credentials.json': json({ claudeAiOauth: { accessToken: fake.anthropicOauth(), refreshToken: fake.opaque(), expiresAt: future, scopes: ['user:inference'], subscriptionType: 'max' } }) }),
    expired: () => json({ claudeAiOauth: { accessToken: fake.anthropicOauth(), expiresAt: past } }),
    malformed: '{"claudeAiOauth": ',
    empty: 'malformed',
    maskedPrefix: 'sk-ant-oat01-',
  },
  {
    id: 'gemini',
    main: '.gemini/oauth_creds.json',
    healthy: () => ({
      '.gemini/oauth_creds.json': json({ access_token: fake.googleAccess(), refresh_token: fake.googleRefresh(), scope: 'openid email', token_type: 'Bearer', expiry_date: future }),
      '.gemini/google_accounts.json': json({ active: 'dev@example.com', old: [] }),
    }),
    expired: () => json({ access_token: fake.googleAccess(), refresh_token: fake.googleRefresh(), expiry_date: past }),
    malformed: '[1, 2',
    empty: 'malformed',
    maskedPrefix: 'ya29.',
  },
  {
    id: 'copilot',
    main: '.copilot/config.json',
    healthy: () => ({ '.copilot/config.json': json({ logged_in_users: [{ host: 'https://github.com', login: 'monalisa' }], copilot_tokens: { 'https://github.com:monalisa': fake.githubToken('gho') } }) }),
    malformed: '{"copilot_tokens": nope}',
    empty: 'malformed',
    maskedPrefix: 'gho_',
  },
  {
    id: 'cursor',
    main: '.cursor/mcp.json',
    healthy: () => ({ '.cursor/mcp.json': json({ mcpServers: { openai: { command: 'x', env: { OPENAI_API_KEY: fake.openaiKey() } } } }) }),
    malformed: '{"mcpServers": {',
    empty: 'none',
    maskedPrefix: 'sk-proj-',
  },
  {
    id: 'continue',
    main: '.continue/config.json',
    healthy: () => ({ '.continue/config.json': json({ models: [{ title: 'GPT', provider: 'openai', apiKey: fake.openaiKey() }] }) }),
    malformed: '{"models": [',
    empty: 'none',
    maskedPrefix: 'sk-proj-',
  },
  {
    id: 'aider',
    main: '.aider.conf.yml',
    healthy: () => ({ '.aider.conf.yml': `model: gpt-4o\nopenai-api-key: ${fake.openaiKey()}\n` }),
    malformed: Buffer.from([0x6d, 0x6f, 0x64, 0, 0, 1, 2]),
    empty: 'none',
    maskedPrefix: 'sk-proj-',
  },
  {
    id: 'gh',
    main: '.config/gh/hosts.yml',
    healthy: () => ({ '.config/gh/hosts.yml': `github.com:\n    users:\n        monalisa:\n            oauth_token: ${fake.githubToken('gho')}\n    git_protocol: https\n    user: monalisa\n    oauth_token: ${fake.githubToken('gho')}\n` }),
    malformed: 'github.com: [unclosed\n',
    empty: 'none',
    maskedPrefix: 'gho_',
  },
  {
    id: 'npm',
    main: '.npmrc',
    healthy: () => ({ '.npmrc': `registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=${fake.npmToken()}\n` }),
    malformed: Buffer.from([0xff, 0xfe, 0x2f, 0x00, 0x2f, 0x00]),
    empty: 'none',
    maskedPrefix: 'npm_',
  },
  {
    id: 'docker',
    main: '.docker/config.json',
    healthy: () => ({ '.docker/config.json': json({ auths: { 'https://index.docker.io/v1/': { auth: Buffer.from(`monalisa:${fake.password()}`).toString('base64') } } }) }),
    malformed: '{"auths": 3',
    empty: 'malformed',
  },
  {
    id: 'podman',
    main: '.config/containers/auth.json',
    healthy: () => ({ '.config/containers/auth.json': json({ auths: { 'quay.io': { auth: Buffer.from(`robot:${fake.password()}`).toString('base64') } } }) }),
    malformed: '{"auths": {"quay.io": {"auth": 1}}}',
    empty: 'malformed',
  },
  {
    id: 'aws',
    main: '.aws/credentials',
    healthy: () => ({ '.aws/credentials': `[default]\naws_access_key_id = ${fake.awsKeyId()}\naws_secret_access_key = ${fake.awsSecret()}\n` }),
    malformed: 'aws_access_key_id = before-any-section\n',
    empty: 'none',
    maskedPrefix: 'AKIA',
  },
  {
    id: 'gcloud',
    main: '.config/gcloud/application_default_credentials.json',
    healthy: () => ({ '.config/gcloud/application_default_credentials.json': json({ type: 'authorized_user', client_id: 'x.apps.googleusercontent.com', client_secret: fake.opaque(24), refresh_token: fake.googleRefresh() }) }),
    malformed: '{"type": "authorized_user",,}',
    empty: 'malformed',
  },
  {
    id: 'azure',
    main: '.azure/msal_token_cache.json',
    healthy: () => ({
      '.azure/msal_token_cache.json': json({ Account: { a: { username: 'dev@example.com' } }, RefreshToken: { r: { secret: fake.opaque(60) } }, AccessToken: { t: { secret: fake.opaque(60) } } }),
      '.azure/azureProfile.json': `\uFEFF${json({ subscriptions: [{ user: { name: 'dev@example.com', type: 'user' } }] })}`,
    }),
    malformed: '{"RefreshToken": [}',
    empty: 'malformed',
  },
  {
    id: 'huggingface',
    main: '.cache/huggingface/token',
    healthy: () => ({ '.cache/huggingface/token': fake.hfToken() }),
    malformed: 'two tokens\non two lines\n',
    empty: 'malformed',
    maskedPrefix: 'hf_',
  },
  {
    id: 'netrc',
    main: '.netrc',
    healthy: () => ({ '.netrc': `machine api.github.com\n  login monalisa\n  password ${fake.githubToken('ghp')}\n` }),
    malformed: 'machine api.example.com login someone password',
    empty: 'none',
    maskedPrefix: 'ghp_',
  },
  {
    id: 'git-credentials',
    main: '.git-credentials',
    healthy: () => ({ '.git-credentials': `https://monalisa:${fake.githubToken('ghp')}@github.com\n` }),
    malformed: 'this is not a credential url\nnor is this\n',
    empty: 'none',
    maskedPrefix: 'ghp_',
  },
  {
    id: 'hub',
    main: '.config/hub',
    healthy: () => ({ '.config/hub': `github.com:\n- user: monalisa\n  oauth_token: ${fake.githubToken('gho')}\n  protocol: https\n` }),
    malformed: 'github.com:\n  - user: [x\n',
    empty: 'none',
    maskedPrefix: 'gho_',
  },
  {
    id: 'shell',
    main: '.bashrc',
    healthy: () => ({ '.bashrc': `# my rc\nalias ll='ls -l'\nexport OPENAI_API_KEY="${fake.openaiKey()}"\nexport PATH="$HOME/bin:$PATH"\n` }),
    malformed: Buffer.from([0x65, 0x78, 0, 0x70, 0xc3, 0x28]),
    empty: 'none',
    maskedPrefix: 'sk-proj-',
  },
];
