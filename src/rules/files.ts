/**
 * Credential files committed by mistake: the stores of coding agents (Codex, Claude Code, Gemini CLI, Copilot),
 * CLIs (gh, gcloud, Azure CLI, kubectl, AWS CLI, Hugging Face) and package managers (npm, Yarn, PyPI, Docker), and
 * the classic Unix ones (.netrc, .git-credentials, .pgpass). Formats: /work/shared/reference/credential-sources.md.
 *
 * Each rule is scoped by `path` (a regex on the forward-slash relative path) to the file's usual name, and by a
 * content pattern on the field that holds the secret. The rules are listed after the provider families, so a value
 * in a known format (sk-ant-oat01-…, gho_…, npm_…, pypi-…) is reported by its provider rule, with that provider's
 * revoke page; these rules catch what the provider rules cannot: opaque tokens (MCP servers, private registries,
 * OAuth refresh tokens), passwords, and formats that change. Listed before the generic rules, so a credential file
 * says what it is rather than "secret assigned to a variable".
 */
import type { RuleSpec } from '../engine/types';
import { CHECKSUMMED_FORMAT } from './generic';
import { ESCAPED_BODY, JSON_PRIVATE_KEY_FIELD } from './privatekeys';

/** An opaque token: OAuth access/refresh tokens, JWTs, base64 and base64url, URL-safe punctuation. */
const TOKEN = String.raw`[A-Za-z0-9._~+/=-]{16,8192}`;
/** Any JSON string value without escapes or whitespace (MCP servers issue tokens like `user:session:secret`). */
const JSON_VALUE = String.raw`[^"\s\\]{16,8192}`;

/** `"name": "<secret>"` in JSON, for a `names` alternation (regex source). */
function jsonField(names: string, value = TOKEN): string {
  return String.raw`"(?:${names})"[ \t]{0,5}:[ \t\r\n]{0,20}"(?<secret>${value})"`;
}

/** A file name at the end of the path, in any folder: `(?:^|/)name$`. */
function fileNamed(names: string): string {
  return String.raw`(?:^|/)(?:${names})$`;
}

/** A one-line escaped PEM private key, as in a Google service-account JSON's `private_key`. */
const ESCAPED_PEM = String.raw`-----BEGIN (?:RSA |)PRIVATE KEY-----\\{1,2}n${ESCAPED_BODY}-----END (?:RSA |)PRIVATE KEY-----(?:\\{1,2}n)?`;

/** `{{b64:64}}` lines joined by an escaped `\n`, as a JSON string holds a PEM body. */
function escapedPemBody(lines: number): string {
  return Array.from({ length: lines }, () => '{{b64:64}}').join('\\n');
}

const JWT_T = 'eyJ{{b64url:36}}.eyJ{{b64url:180}}.{{b64url:86}}';

const OPENAI_SECURITY = 'https://chatgpt.com/#settings/Security';
const CLAUDE_ACCOUNT = 'https://claude.ai/settings/account';
const GOOGLE_CONNECTIONS = 'https://myaccount.google.com/connections';
const GCP_SERVICE_ACCOUNTS = 'https://console.cloud.google.com/iam-admin/serviceaccounts';
const GITHUB_OAUTH_APPS = 'https://github.com/settings/applications';
const NPM_TOKENS = 'https://www.npmjs.com/settings/~/tokens';
const AWS_KEYS = 'https://console.aws.amazon.com/iam/home#/security_credentials';

export const filesRules: RuleSpec[] = [
  // ------------------------------------------------------------------ coding agents
  {
    id: 'codex-auth-json',
    provider: 'OpenAI',
    description: 'Codex CLI credentials file (auth.json): ChatGPT OAuth token or API key',
    revokeUrl: OPENAI_SECURITY,
    path: fileNamed('auth\\.json'),
    keywords: ['refresh_token', 'access_token', 'id_token', 'openai_api_key', 'agent_identity'],
    pattern: jsonField('refresh_token|access_token|id_token|OPENAI_API_KEY|personal_access_token|agent_identity'),
    entropy: 3.5,
    allow: [CHECKSUMMED_FORMAT],
    examples: {
      positive: [
        {
          path: 'home/.codex/auth.json',
          text:
            '{\n  "auth_mode": "chatgpt",\n  "OPENAI_API_KEY": null,\n  "tokens": {\n' +
            `    "id_token": "${JWT_T}",\n    "access_token": "${JWT_T}",\n` +
            '    "refresh_token": "{{b64url:64}}",\n    "account_id": "{{hex:8}}-{{hex:4}}-{{hex:4}}-{{hex:4}}-{{hex:12}}"\n  },\n' +
            '  "last_refresh": "2026-05-01T10:00:00Z"\n}\n',
        },
        { path: '.codex/auth.json', text: '{"auth_mode":"apikey","OPENAI_API_KEY":"sk-{{alnum:48}}"}' },
      ],
      negative: [
        { path: '.codex/auth.json', text: '{"OPENAI_API_KEY": null, "tokens": {"refresh_token": "<refresh token>"}}' },
        { path: 'src/oauth.json', text: '{"refresh_token": "{{b64url:64}}"}' },
        { path: '.codex/auth.json', text: '{"OPENAI_API_KEY": "sk-..."}' },
      ],
    },
  },
  {
    id: 'agent-credentials-json',
    provider: 'Claude Code / Codex',
    description: 'Coding-agent OAuth credentials file (.credentials.json: Claude Code login or MCP server tokens)',
    revokeUrl: CLAUDE_ACCOUNT,
    path: fileNamed('\\.credentials\\.json'),
    keywords: ['accesstoken', 'refreshtoken', 'access_token', 'refresh_token'],
    pattern: jsonField('accessToken|refreshToken|access_token|refresh_token', JSON_VALUE),
    entropy: 3.5,
    allow: [CHECKSUMMED_FORMAT],
    examples: {
      positive: [
        {
          path: 'home/.claude/.credentials.json',
          text:
            '{"claudeAiOauth":{"accessToken":"sk-ant-oat01-{{b64url:93}}AA","expiresAt":1760000000000},' +
            '"mcpOAuth":{"linear|{{hex:16}}":{"serverName":"linear","accessToken":"{{alnum:32}}:{{alnum:16}}:{{b64url:40}}"}}}',
        },
        {
          path: '.codex/.credentials.json',
          text: '{"notion|{{hex:16}}":{"server_name":"notion","access_token":"{{b64url:48}}","refresh_token":"{{b64url:48}}"}}',
        },
      ],
      negative: [
        { path: '.claude/.credentials.json', text: '{"claudeAiOauth":{"accessToken":"sk-ant-oat01-...","refreshToken":"sk-ant-ort01-..."}}' },
        { path: 'fixtures/credentials.json', text: '{"accessToken":"{{b64url:48}}"}' },
      ],
    },
  },
  {
    id: 'gemini-oauth-creds',
    provider: 'Google',
    description: 'Gemini CLI Google OAuth credentials (oauth_creds.json)',
    revokeUrl: GOOGLE_CONNECTIONS,
    path: fileNamed('oauth_creds\\.json'),
    keywords: ['refresh_token', 'access_token'],
    pattern: jsonField('refresh_token|access_token'),
    entropy: 3.5,
    examples: {
      positive: [
        {
          path: 'home/.gemini/oauth_creds.json',
          text:
            '{\n  "access_token": "ya29.{{b64url:150}}",\n  "refresh_token": "1//0{{b64url:98}}",\n' +
            '  "scope": "https://www.googleapis.com/auth/cloud-platform",\n  "token_type": "Bearer",\n  "expiry_date": 1760000000000\n}',
        },
      ],
      negative: [
        { path: '.gemini/oauth_creds.json', text: '{"access_token": "", "refresh_token": "<refresh-token>"}' },
        { path: '.gemini/settings.json', text: '{"refresh_token": "1//0{{b64url:98}}"}' },
      ],
    },
  },
  {
    id: 'gemini-mcp-oauth-tokens',
    provider: 'Gemini CLI',
    description: 'Gemini CLI MCP / A2A OAuth tokens file',
    revokeUrl: GOOGLE_CONNECTIONS,
    path: fileNamed('(?:mcp|a2a)-oauth-tokens\\.json'),
    keywords: ['accesstoken', 'refreshtoken'],
    pattern: jsonField('accessToken|refreshToken', JSON_VALUE),
    entropy: 3.5,
    examples: {
      positive: [
        {
          path: '.gemini/mcp-oauth-tokens.json',
          text: '[{"serverName":"github","token":{"accessToken":"{{b64url:40}}","tokenType":"Bearer","refreshToken":"{{b64url:40}}"},"updatedAt":1760000000000}]',
        },
      ],
      negative: [
        { path: '.gemini/mcp-oauth-tokens.json', text: '[{"serverName":"github","token":{"accessToken":"${TOKEN}"}}]' },
        { path: 'docs/tokens.json', text: '{"accessToken":"{{b64url:40}}"}' },
      ],
    },
  },
  {
    id: 'mcp-config-secret',
    provider: 'MCP',
    description: 'Secret in an MCP server configuration (env or headers of .mcp.json, mcp.json, claude_desktop_config.json…)',
    revokeUrl: 'https://modelcontextprotocol.io/docs/tutorials/security/authorization',
    path: fileNamed(
      '\\.?mcp\\.json|mcp[-_]config\\.json|mcp_settings\\.json|cline_mcp_settings\\.json|claude_desktop_config\\.json',
    ),
    keywords: ['api_key', 'apikey', 'api-key', 'token', 'secret', 'password', 'authorization', '_pat'],
    pattern: String.raw`"(?:[A-Za-z0-9_-]{0,40}(?:api[-_]?key|token|secret|password|_pat)|Authorization)"[ \t]{0,5}:[ \t]{0,5}"(?:Bearer |token |Basic )?(?<secret>[^"\s\\]{16,1024})"`,
    flags: 'i',
    entropy: 3.5,
    validators: ['mixed-charset'],
    allow: [CHECKSUMMED_FORMAT],
    examples: {
      positive: [
        {
          path: '.mcp.json',
          text: '{\n  "mcpServers": {\n    "acme": {\n      "command": "npx",\n      "args": ["-y", "@acme/mcp"],\n      "env": { "ACME_API_KEY": "{{alnum:40}}" }\n    }\n  }\n}',
        },
        {
          path: '.cursor/mcp.json',
          text: '{"mcpServers":{"internal":{"url":"https://mcp.internal.dev/sse","headers":{"Authorization":"Bearer {{b64url:48}}"}}}}',
        },
        { path: 'home/.gemini/mcp_config.json', text: '{"acme": {"env": {"acmeApiKey": "{{alnum:32}}"}}}' },
      ],
      negative: [
        { path: '.mcp.json', text: '{"mcpServers":{"acme":{"env":{"ACME_API_KEY":"${ACME_API_KEY}"}}}}' },
        { path: '.vscode/mcp.json', text: '{"servers":{"acme":{"env":{"ACME_TOKEN":"${input:acme-token}"}}}}' },
        { path: 'config/app.json', text: '{"ACME_API_KEY":"{{alnum:40}}"}' },
      ],
    },
  },
  {
    id: 'copilot-apps-json',
    provider: 'GitHub',
    description: 'GitHub Copilot editor plugin token file (github-copilot/apps.json or hosts.json)',
    revokeUrl: GITHUB_OAUTH_APPS,
    path: String.raw`(?:^|/)github-copilot/(?:apps|hosts)\.json$`,
    keywords: ['oauth_token'],
    pattern: jsonField('oauth_token', '[A-Za-z0-9_]{20,255}'),
    allow: [CHECKSUMMED_FORMAT],
    examples: {
      positive: [
        {
          path: 'home/.config/github-copilot/apps.json',
          text: '{"github.com:Iv1.{{hex:16}}":{"user":"octocat","oauth_token":"{{hex:40}}","githubAppId":"Iv1.{{hex:16}}"}}',
        },
      ],
      negative: [
        { path: '.config/github-copilot/apps.json', text: '{"github.com:Iv1.{{hex:16}}":{"user":"octocat","oauth_token":"<token>"}}' },
        { path: 'fixtures/apps.json', text: '{"github.com":{"oauth_token":"{{hex:40}}"}}' },
      ],
    },
  },
  // ------------------------------------------------------------------ developer CLIs
  {
    id: 'gh-hosts-oauth-token',
    provider: 'GitHub',
    description: 'GitHub CLI / hub token stored in plain text (hosts.yml, ~/.config/hub)',
    revokeUrl: GITHUB_OAUTH_APPS,
    path: fileNamed('hosts\\.ya?ml|hub'),
    keywords: ['oauth_token'],
    pattern: String.raw`^[ \t]{0,40}(?:-[ \t]{1,4})?oauth_token:[ \t]{0,5}["']?(?<secret>[A-Za-z0-9_.-]{20,255})["']?[ \t\r]{0,20}$`,
    allow: [CHECKSUMMED_FORMAT],
    examples: {
      positive: [
        {
          path: 'home/.config/gh/hosts.yml',
          text: 'github.example.com:\n    users:\n        monalisa:\n            oauth_token: {{hex:40}}\n    git_protocol: https\n    user: monalisa\n    oauth_token: {{hex:40}}\n',
        },
        { path: 'dotfiles/.config/hub', text: 'github.com:\n- user: monalisa\n  oauth_token: {{hex:40}}\n  protocol: https\n' },
      ],
      negative: [
        { path: '.config/gh/hosts.yml', text: 'github.com:\n    git_protocol: https\n    user: monalisa\n' },
        { path: '.config/gh/hosts.yml', text: 'github.com:\n    oauth_token: {{gh-bad:gho}}\n' },
        { path: '.config/gh/hosts.yml', text: 'github.com:\n    oauth_token: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n' },
        { path: 'deploy/values.yml', text: 'oauth_token: {{hex:40}}\n' },
      ],
    },
  },
  {
    id: 'gcp-service-account-key',
    provider: 'Google Cloud',
    description: 'Google Cloud service-account key (JSON key file with a private key)',
    revokeUrl: GCP_SERVICE_ACCOUNTS,
    keywords: ['service_account'],
    pattern: `${JSON_PRIVATE_KEY_FIELD}(?<secret>${ESCAPED_PEM})"`,
    skipLookalikeFilter: true,
    entropy: 4,
    allow: ['x{16}', 'EXAMPLE', 'REDACTED', 'PLACEHOLDER'],
    examples: {
      positive: [
        {
          path: 'deploy/gcp-key.json',
          text:
            '{\n  "type": "service_account",\n  "project_id": "acme-prod",\n  "private_key_id": "{{hex:40}}",\n' +
            `  "private_key": "-----BEGIN PRIVATE KEY-----\\n${escapedPemBody(25)}\\n{{b64:20}}\\n-----END PRIVATE KEY-----\\n",\n` +
            '  "client_email": "deployer@acme-prod.iam.gserviceaccount.com",\n  "client_id": "{{digits:21}}",\n' +
            '  "token_uri": "https://oauth2.googleapis.com/token"\n}\n',
        },
        {
          path: 'scripts/upload.py',
          text: `CREDS = {"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\n${escapedPemBody(4)}\\n-----END PRIVATE KEY-----\\n"}`,
        },
      ],
      negative: [
        {
          path: 'deploy/gcp-key.json',
          text: '{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----\\n"}',
        },
        { path: 'deploy/gcp-key.json', text: '{"type": "service_account", "private_key_id": "{{hex:40}}", "client_email": "a@b.iam.gserviceaccount.com"}' },
      ],
    },
  },
  {
    id: 'private-key-json-field',
    provider: 'PEM',
    description: 'PEM private key in a JSON "private_key" field',
    revokeUrl: 'https://cheatsheetseries.owasp.org/cheatsheets/Key_Management_Cheat_Sheet.html',
    keywords: ['private_key', 'privatekey'],
    pattern: String.raw`${JSON_PRIVATE_KEY_FIELD}(?<secret>-----BEGIN (?:RSA |EC |DSA |ENCRYPTED |OPENSSH |)PRIVATE KEY-----(?:\\{1,2}r)?\\{1,2}n${ESCAPED_BODY}-----END (?:RSA |EC |DSA |ENCRYPTED |OPENSSH |)PRIVATE KEY-----(?:(?:\\{1,2}r)?\\{1,2}n)?)"`,
    skipLookalikeFilter: true,
    entropy: 4,
    allow: ['x{16}', 'EXAMPLE', 'REDACTED', 'PLACEHOLDER'],
    examples: {
      positive: [
        `{"issuer": "ci", "privateKey": "-----BEGIN EC PRIVATE KEY-----\\n${escapedPemBody(3)}\\n-----END EC PRIVATE KEY-----\\n"}`,
        `{"app_id": 12345, "private_key": "-----BEGIN RSA PRIVATE KEY-----\\n${escapedPemBody(20)}\\n-----END RSA PRIVATE KEY-----"}`,
      ],
      negative: [
        '{"private_key": "-----BEGIN PRIVATE KEY-----\\n<key>\\n-----END PRIVATE KEY-----\\n"}',
        `{"public_key": "-----BEGIN PUBLIC KEY-----\\n${escapedPemBody(4)}\\n-----END PUBLIC KEY-----\\n"}`,
      ],
    },
  },
  {
    id: 'gcloud-adc-refresh-token',
    provider: 'Google Cloud',
    description: 'gcloud application-default credentials (user refresh token)',
    revokeUrl: GOOGLE_CONNECTIONS,
    path: fileNamed('application_default_credentials\\.json|adc\\.json'),
    keywords: ['refresh_token'],
    pattern: jsonField('refresh_token'),
    entropy: 3.5,
    examples: {
      positive: [
        {
          path: 'home/.config/gcloud/application_default_credentials.json',
          text:
            '{\n  "account": "",\n  "client_id": "{{digits:12}}-{{lower:32}}.apps.googleusercontent.com",\n' +
            '  "client_secret": "d-{{b64url:22}}",\n  "quota_project_id": "acme-dev",\n  "refresh_token": "1//0{{b64url:98}}",\n  "type": "authorized_user"\n}\n',
        },
      ],
      negative: [
        { path: '.config/gcloud/application_default_credentials.json', text: '{"refresh_token": "<REFRESH_TOKEN>", "type": "authorized_user"}' },
        { path: 'app/settings.json', text: '{"refresh_token": "1//0{{b64url:98}}"}' },
      ],
    },
  },
  {
    id: 'azure-cli-token-cache',
    provider: 'Microsoft',
    description: 'Azure CLI / MSAL token cache (msal_token_cache.json, accessTokens.json)',
    revokeUrl: 'https://myaccount.microsoft.com',
    path: fileNamed('msal_token_cache\\.json|accessTokens\\.json'),
    keywords: ['credential_type', 'refreshtoken', 'accesstoken'],
    pattern: jsonField('secret|refreshToken|accessToken'),
    entropy: 3.5,
    examples: {
      positive: [
        {
          path: 'home/.azure/msal_token_cache.json',
          text:
            '{"RefreshToken": {"{{hex:8}}.{{hex:8}}-login.microsoftonline.com-refreshtoken-04b07795-": ' +
            '{"credential_type": "RefreshToken", "secret": "1.AXoA{{b64url:300}}", "home_account_id": "{{hex:8}}"}}}',
        },
        { path: '.azure/accessTokens.json', text: '[{"tokenType": "Bearer", "accessToken": "' + JWT_T + '", "refreshToken": "0.AXoA{{b64url:200}}"}]' },
      ],
      negative: [
        { path: '.azure/msal_token_cache.json', text: '{"AccessToken": {}, "RefreshToken": {}, "IdToken": {}, "Account": {}}' },
        { path: 'src/cache.json', text: '{"credential_type": "RefreshToken", "secret": "1.AXoA{{b64url:300}}"}' },
      ],
    },
  },
  {
    id: 'aws-credentials-file',
    provider: 'AWS',
    description: 'AWS shared credentials file with a secret key (also R2, Spaces, MinIO and other S3-compatible stores)',
    revokeUrl: AWS_KEYS,
    path: String.raw`(?:^|/)(?:\.aws/)?credentials(?:\.ini)?$`,
    keywords: ['aws_secret_access_key'],
    pattern: String.raw`^[ \t]{0,10}aws_secret_access_key[ \t]{0,5}=[ \t]{0,5}(?<secret>[A-Za-z0-9/+=._-]{16,256})[ \t\r]{0,20}$`,
    entropy: 3.5,
    examples: {
      positive: [
        { path: 'home/.aws/credentials', text: '[r2]\naws_access_key_id = {{hex:32}}\naws_secret_access_key = {{hex:64}}\n' },
        { path: 'ops/credentials', text: '[spaces]\naws_access_key_id = DO{{upper:18}}\naws_secret_access_key = {{b64:43}}\n' },
      ],
      negative: [
        { path: '.aws/credentials', text: '[default]\naws_secret_access_key = ${AWS_SECRET_ACCESS_KEY}\n' },
        { path: '.aws/credentials', text: '[default]\naws_secret_access_key = <your-secret-key-here-000000>\n' },
        { path: '.aws/config', text: '[profile dev]\naws_secret_access_key = {{hex:64}}\n' },
      ],
    },
  },
  {
    id: 'kubeconfig-client-key',
    provider: 'Kubernetes',
    description: 'Kubernetes client private key embedded in a kubeconfig (client-key-data)',
    revokeUrl: 'https://kubernetes.io/docs/reference/access-authn-authz/certificate-signing-requests/',
    keywords: ['client-key-data'],
    // base64 of a PEM private key always starts with the base64 of "-----BEGIN".
    pattern: String.raw`client-key-data:[ \t]{0,5}["']?(?<secret>LS0tLS1CRUdJTi[A-Za-z0-9+/]{60,16384}={0,2})(?![A-Za-z0-9+/=])`,
    skipLookalikeFilter: true,
    entropy: 4.5,
    examples: {
      positive: [
        'users:\n- name: admin\n  user:\n    client-certificate-data: LS0tLS1CRUdJTi{{b64:600}}\n    client-key-data: LS0tLS1CRUdJTi{{b64:1600}}==\n',
      ],
      negative: [
        'users:\n- name: admin\n  user:\n    client-certificate-data: DATA+OMITTED\n    client-key-data: DATA+OMITTED\n',
        'users:\n- name: admin\n  user:\n    client-key-data: REDACTED\n',
      ],
    },
  },
  {
    id: 'kubeconfig-user-token',
    provider: 'Kubernetes',
    description: 'Kubernetes user token or password in a kubeconfig',
    revokeUrl: 'https://kubernetes.io/docs/reference/access-authn-authz/authentication/',
    path: String.raw`(?:^|/)(?:\.kube/config|[^/]{0,100}kubeconfig[^/]{0,100}|admin\.conf)$`,
    keywords: ['token:', 'password:'],
    pattern: String.raw`^[ \t]{1,40}(?:-[ \t]{1,4})?(?:token|password):[ \t]{0,5}["']?(?<secret>[A-Za-z0-9._~+/=-]{16,8192})["']?[ \t\r]{0,20}$`,
    entropy: 3.5,
    allow: [CHECKSUMMED_FORMAT],
    examples: {
      positive: [
        {
          path: 'home/.kube/config',
          text: 'apiVersion: v1\nkind: Config\nusers:\n- name: ci\n  user:\n    token: ' + JWT_T + '\n',
        },
        { path: 'clusters/staging-kubeconfig.yaml', text: 'users:\n- name: admin\n  user:\n    username: admin\n    password: {{alnum:24}}\n' },
      ],
      negative: [
        { path: '.kube/config', text: 'users:\n- name: ci\n  user:\n    token: REDACTED\n' },
        { path: '.kube/config', text: 'users:\n- name: ci\n  user:\n    exec:\n      command: gke-gcloud-auth-plugin\n' },
        { path: 'deploy/values.yaml', text: 'auth:\n    token: ' + JWT_T + '\n' },
      ],
    },
  },
  {
    id: 'huggingface-token-file',
    provider: 'Hugging Face',
    description: 'Hugging Face token file (~/.cache/huggingface/token or stored_tokens)',
    revokeUrl: 'https://huggingface.co/settings/tokens',
    path: String.raw`(?:^|/)\.?huggingface/(?:token|stored_tokens)$`,
    keywords: ['hf_'],
    pattern: String.raw`(?:^|=[ \t]{0,5})(?<secret>hf_[A-Za-z0-9]{30,64})(?![A-Za-z0-9])`,
    entropy: 3.5,
    validators: ['mixed-charset'],
    examples: {
      positive: [
        { path: 'home/.cache/huggingface/token', text: 'hf_{{alnum:37}}' },
        { path: '.cache/huggingface/stored_tokens', text: '[laptop]\nhf_token = hf_{{alnum:37}}\n' },
      ],
      negative: [
        { path: '.cache/huggingface/token', text: 'hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' },
        { path: 'notes/token', text: 'hf_{{alnum:37}}' },
      ],
    },
  },
  // ------------------------------------------------------------------ package managers and registries
  {
    id: 'npmrc-auth-token',
    provider: 'npm',
    description: 'Registry auth token in an .npmrc',
    revokeUrl: NPM_TOKENS,
    path: fileNamed('\\.?npmrc'),
    keywords: ['_authtoken'],
    pattern: String.raw`_authToken[ \t]{0,5}=[ \t]{0,5}["']?(?<secret>[^\s"'#;]{16,2048})`,
    entropy: 3,
    allow: [CHECKSUMMED_FORMAT],
    examples: {
      positive: [
        { path: '.npmrc', text: 'registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken={{hex:8}}-{{hex:4}}-{{hex:4}}-{{hex:4}}-{{hex:12}}\n' },
        { path: 'packages/web/.npmrc', text: '@acme:registry=https://acme.jfrog.io/api/npm/npm/\n//acme.jfrog.io/api/npm/npm/:_authToken={{b64:64}}\n' },
      ],
      negative: [
        { path: '.npmrc', text: '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n' },
        { path: '.npmrc', text: '//registry.npmjs.org/:_authToken=<your-token>\n' },
        { path: '.npmrc', text: '//registry.npmjs.org/:_authToken={{npm-bad}}\n' },
        { path: 'docs/setup.md', text: '//registry.npmjs.org/:_authToken={{b64:64}}\n' },
      ],
    },
  },
  {
    id: 'npmrc-basic-auth',
    provider: 'npm',
    description: 'Registry password or basic-auth credentials in an .npmrc (_auth, _password)',
    revokeUrl: NPM_TOKENS,
    path: fileNamed('\\.?npmrc'),
    keywords: ['_auth', '_password'],
    pattern: String.raw`(?:^|[\s:])_(?:auth|password)[ \t]{0,5}=[ \t]{0,5}["']?(?<secret>[A-Za-z0-9+/]{8,1024}={0,2})(?![A-Za-z0-9+/=])`,
    entropy: 3,
    examples: {
      positive: [
        { path: '.npmrc', text: 'registry=https://nexus.acme.dev/repository/npm/\n_auth={{b64:32}}\nalways-auth=true\n' },
        { path: '.npmrc', text: '//nexus.acme.dev/repository/npm/:username=ci\n//nexus.acme.dev/repository/npm/:_password={{b64:24}}\n' },
      ],
      negative: [
        { path: '.npmrc', text: '_auth=${NPM_AUTH}\n' },
        { path: '.npmrc', text: '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n' },
        { path: 'ci/settings.ini', text: '_auth={{b64:32}}\n' },
      ],
    },
  },
  {
    id: 'yarnrc-npm-auth-token',
    provider: 'npm',
    description: 'Registry auth token in a .yarnrc.yml (npmAuthToken, npmAuthIdent)',
    revokeUrl: NPM_TOKENS,
    path: fileNamed('\\.yarnrc\\.ya?ml'),
    keywords: ['npmauthtoken', 'npmauthident'],
    pattern: String.raw`npmAuth(?:Token|Ident):[ \t]{0,5}["']?(?<secret>[^\s"'#]{16,2048})`,
    entropy: 3,
    allow: [CHECKSUMMED_FORMAT],
    examples: {
      positive: [
        { path: '.yarnrc.yml', text: 'npmScopes:\n  acme:\n    npmRegistryServer: "https://npm.acme.dev"\n    npmAuthToken: "{{b64url:48}}"\n' },
      ],
      negative: [
        { path: '.yarnrc.yml', text: 'npmScopes:\n  acme:\n    npmAuthToken: "${NPM_TOKEN}"\n' },
        { path: 'config/yarn.yml', text: 'npmAuthToken: "{{b64url:48}}"\n' },
      ],
    },
  },
  {
    id: 'docker-config-auth',
    provider: 'Docker',
    description: 'Container registry credentials in a Docker / Podman config (auths, base64 user:password)',
    revokeUrl: 'https://app.docker.com/settings/personal-access-tokens',
    path: fileNamed('config\\.json|auth\\.json'),
    keywords: ['auths'],
    pattern: jsonField('auth|identitytoken|registrytoken', '[A-Za-z0-9+/=._-]{12,4096}'),
    entropy: 3,
    examples: {
      positive: [
        {
          path: 'home/.docker/config.json',
          text: '{\n  "auths": {\n    "https://index.docker.io/v1/": {\n      "auth": "{{b64:40}}"\n    },\n    "ghcr.io": {}\n  }\n}\n',
        },
        {
          path: 'ci/containers/auth.json',
          text: '{"auths": {"quay.io": {"auth": "{{b64:32}}"}, "registry.acme.dev": {"identitytoken": "{{b64url:60}}"}}}',
        },
      ],
      negative: [
        { path: '.docker/config.json', text: '{"auths": {"https://index.docker.io/v1/": {}}, "credsStore": "desktop"}' },
        { path: 'app/config.json', text: '{"auth": "{{b64:40}}", "timeout": 30}' },
      ],
    },
  },
  {
    id: 'pypirc-password',
    provider: 'PyPI',
    description: 'Package index password or token in a .pypirc',
    revokeUrl: 'https://pypi.org/manage/account/token/',
    path: fileNamed('\\.pypirc'),
    keywords: ['password'],
    pattern: String.raw`^[ \t]{0,20}password[ \t]{0,5}[=:][ \t]{0,5}(?<secret>[^\s]{6,1024})`,
    examples: {
      positive: [
        { path: '.pypirc', text: '[distutils]\nindex-servers = internal\n\n[internal]\nrepository = https://pypi.acme.dev/\nusername = ci\npassword = {{alnum:20}}\n' },
      ],
      negative: [
        { path: '.pypirc', text: '[pypi]\nusername = __token__\npassword = <your PyPI token>\n' },
        { path: 'setup.cfg', text: '[internal]\npassword = {{alnum:20}}\n' },
      ],
    },
  },
  // ------------------------------------------------------------------ Unix credential files
  {
    id: 'netrc-password',
    provider: 'netrc',
    description: 'Password or token in a .netrc / _netrc',
    revokeUrl: 'https://everything.curl.dev/usingcurl/netrc.html',
    path: fileNamed('[._]?netrc'),
    keywords: ['password'],
    pattern: String.raw`(?:^|[ \t])password[ \t]{1,10}(?<secret>[^\s]{6,512})`,
    allow: [CHECKSUMMED_FORMAT],
    examples: {
      positive: [
        { path: 'home/.netrc', text: 'machine api.heroku.com\n  login ci@acme.dev\n  password {{hex:8}}-{{hex:4}}-{{hex:4}}-{{hex:4}}-{{hex:12}}\n' },
        { path: 'ci/_netrc', text: 'machine git.acme.dev login deploy password {{alnum:32}}\n' },
      ],
      negative: [
        { path: '.netrc', text: 'machine github.com login octocat password ${GITHUB_TOKEN}\n' },
        { path: '.netrc', text: 'machine github.com login octocat password <token>\n' },
        { path: 'docs/netrc.md', text: 'machine git.acme.dev login deploy password {{alnum:32}}\n' },
      ],
    },
  },
  {
    id: 'git-credentials-url',
    provider: 'git',
    description: 'Password or token in a git credential store (.git-credentials)',
    revokeUrl: 'https://git-scm.com/docs/git-credential-store',
    path: String.raw`(?:^|/)(?:\.git-credentials|git/credentials)$`,
    keywords: ['://'],
    pattern: String.raw`^[ \t]{0,10}[A-Za-z][A-Za-z0-9+.-]{0,20}://[^\s:@/]{0,256}:(?<secret>[^\s@/]{4,1024})@`,
    allow: [CHECKSUMMED_FORMAT],
    examples: {
      positive: [
        { path: 'home/.git-credentials', text: 'https://deploy:{{alnum:40}}@git.acme.dev\nhttps://octocat:{{alnum:20}}@bitbucket.org\n' },
        { path: '.config/git/credentials', text: 'https://ci-bot:{{b64url:32}}@gitea.acme.dev\n' },
      ],
      negative: [
        { path: '.git-credentials', text: 'https://octocat:${GITHUB_TOKEN}@github.com\n' },
        { path: 'scripts/clone.sh', text: 'git clone https://deploy:{{alnum:40}}@git.acme.dev/app.git\n' },
      ],
    },
  },
  {
    id: 'pgpass-password',
    provider: 'PostgreSQL',
    description: 'PostgreSQL password file (.pgpass, pgpass.conf)',
    revokeUrl: 'https://www.postgresql.org/docs/current/sql-alterrole.html',
    path: fileNamed('\\.?pgpass(?:\\.conf)?'),
    // Every line is host:port:database:user:password, and a port (digits or *) is always followed by `:`.
    keywords: ['0:', '1:', '2:', '3:', '4:', '5:', '6:', '7:', '8:', '9:', '*:'],
    pattern: String.raw`^[^:\s#]{1,255}:(?:\d{1,5}|\*):[^:\r\n]{1,255}:[^:\r\n]{1,255}:(?<secret>[^\r\n]{4,512})$`,
    examples: {
      positive: [
        { path: 'home/.pgpass', text: 'db.acme.dev:5432:app:app_rw:{{alnum:24}}\n*:*:*:replicator:{{b64url:20}}\n' },
        { path: 'ops/pgpass.conf', text: '10.0.0.5:6432:*:report:{{alnum:16}}\r\n' },
      ],
      negative: [
        { path: '.pgpass', text: '# hostname:port:database:username:password\nlocalhost:5432:*:postgres:${PGPASSWORD}\n' },
        { path: 'docs/db.txt', text: 'db.acme.dev:5432:app:app_rw:{{alnum:24}}\n' },
      ],
    },
  },
];
