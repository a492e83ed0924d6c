/**
 * Code hosts: GitHub, GitLab, Bitbucket, Gitea/Forgejo/Codeberg, Azure DevOps.
 *
 * GitHub classic formats (ghp_/gho_/ghu_/ghs_/ghr_) carry a CRC32 checksum, verified offline ('github-checksum').
 * GitLab tokens have a prefix per kind; since GitLab 17.x most kinds can also be "routable": a longer base64url
 * payload, then `.`, an optional 2-character version and `.`, and 9 base36 characters (length and CRC32).
 * Formats without a prefix (Gitea, Azure DevOps legacy PATs, GitHub's pre-2021 tokens) are matched only when
 * assigned to a name that says what they are.
 */
import type { RuleSpec } from '../engine/types';
import { assignedAfter, ci, END } from './pattern-parts';

const SECRET_WORD = `(?:${['token', 'pat', 'key', 'secret', 'password'].map(ci).join('|')})`;

/** `<host name…token|pat|key|secret|password> = <value>`. */
function assigned(names: string, value: string): string {
  return assignedAfter(names, SECRET_WORD, value);
}

const GITHUB_CLASSIC_TOKENS = 'https://github.com/settings/tokens';
const GITHUB_FINE_GRAINED = 'https://github.com/settings/personal-access-tokens';
const GITHUB_OAUTH_APPS = 'https://github.com/settings/applications';
const GITHUB_APP_AUTHORIZATIONS = 'https://github.com/settings/apps/authorizations';
const GITHUB_APPS = 'https://github.com/settings/apps';

const GITLAB_PATS = 'https://gitlab.com/-/user_settings/personal_access_tokens';
const GITLAB_TOKEN_DOCS = 'https://docs.gitlab.com/security/tokens/';

/** A GitHub token with a CRC32 checksum: prefix + 30 random + 6 checksum characters. */
function githubChecksumRule(
  prefix: 'ghp' | 'gho' | 'ghu' | 'ghs' | 'ghr',
  id: string,
  description: string,
  revokeUrl: string,
  positive: string[],
): RuleSpec {
  return {
    id,
    provider: 'GitHub',
    description,
    revokeUrl,
    keywords: [`${prefix}_`],
    pattern: String.raw`\b(?<secret>${prefix}_[A-Za-z0-9]{36})\b`,
    validators: ['github-checksum'],
    examples: {
      positive,
      negative: [
        `GITHUB_TOKEN={{gh-bad:${prefix}}}`,
        `GITHUB_TOKEN=${prefix}_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
        `GITHUB_TOKEN=${prefix}_{{alnum:20}}`,
        'GITHUB_TOKEN=${GITHUB_TOKEN}',
      ],
    },
  };
}

/** Routable GitLab token body: base64url payload, `.`, optional 2-char version and `.`, 9 base36 characters. */
const GITLAB_ROUTABLE = String.raw`[\w-]{27,300}\.(?:[0-9a-z]{2}\.)?[0-9a-z]{9}`;
/** After a GitLab token: not more token, nor a routable suffix (a sentence's closing `.` is fine). */
const GITLAB_END = String.raw`(?![\w-]|\.[0-9a-z])`;

/** A GitLab token kind: its legacy body, or the routable form. */
function gitlabRule(
  prefix: string,
  legacy: string,
  id: string,
  description: string,
  revokeUrl: string,
  positive: string[],
  negative: string[],
): RuleSpec {
  return {
    id,
    provider: 'GitLab',
    description,
    revokeUrl,
    keywords: [prefix],
    pattern: String.raw`\b(?<secret>${prefix}(?:${legacy}|${GITLAB_ROUTABLE}))${GITLAB_END}`,
    entropy: 3,
    examples: {
      positive: [...positive, `token: ${prefix}{{b64url:40}}.01.{{lower:9}}`],
      negative: [`${prefix}...`, `${prefix}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`, ...negative],
    },
  };
}

export const codehostsRules: RuleSpec[] = [
  // ---- GitHub ----
  githubChecksumRule('ghp', 'github-pat-classic', 'GitHub personal access token (classic)', GITHUB_CLASSIC_TOKENS, [
    'GITHUB_TOKEN={{gh:ghp}}',
    'git clone https://{{gh:ghp}}@github.com/acme/app.git',
    '//npm.pkg.github.com/:_authToken={{gh:ghp}}',
  ]),
  githubChecksumRule('gho', 'github-oauth-token', 'GitHub OAuth access token (OAuth app, e.g. gh CLI)', GITHUB_OAUTH_APPS, [
    'github.com:\n    user: octocat\n    oauth_token: {{gh:gho}}\n    git_protocol: https',
    '"access_token": "{{gh:gho}}"',
  ]),
  githubChecksumRule(
    'ghu',
    'github-user-to-server-token',
    'GitHub App user access token (user-to-server)',
    GITHUB_APP_AUTHORIZATIONS,
    ['{"access_token":"{{gh:ghu}}","token_type":"bearer"}', 'export GH_TOKEN={{gh:ghu}}'],
  ),
  githubChecksumRule(
    'ghs',
    'github-server-to-server-token',
    'GitHub App installation access token (server-to-server; also GITHUB_TOKEN in Actions)',
    GITHUB_APPS,
    ['{"token":"{{gh:ghs}}","expires_at":"2026-01-01T00:00:00Z"}', 'Authorization: token {{gh:ghs}}'],
  ),
  githubChecksumRule('ghr', 'github-refresh-token', 'GitHub App refresh token', GITHUB_APP_AUTHORIZATIONS, [
    '{"refresh_token":"{{gh:ghr}}","refresh_token_expires_in":15811200}',
  ]),
  {
    id: 'github-pat-fine-grained',
    provider: 'GitHub',
    description: 'GitHub fine-grained personal access token',
    revokeUrl: GITHUB_FINE_GRAINED,
    keywords: ['github_pat_'],
    pattern: String.raw`\b(?<secret>github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})\b`,
    entropy: 3.5,
    examples: {
      positive: [
        'GITHUB_TOKEN=github_pat_{{alnum:22}}_{{alnum:59}}',
        "const octokit = new Octokit({ auth: 'github_pat_{{alnum:22}}_{{alnum:59}}' });",
      ],
      negative: [
        'GITHUB_TOKEN=github_pat_...',
        'GITHUB_TOKEN=github_pat_{{alnum:40}}',
        'GITHUB_TOKEN=github_pat_{{alnum:22}}_{{alnum:30}}',
        'GITHUB_TOKEN=github_pat_xxxxxxxxxxxxxxxxxxxxxx_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      ],
    },
  },
  {
    id: 'github-legacy-token',
    provider: 'GitHub',
    description: 'GitHub token in the pre-2021 format (40 hex, no prefix)',
    revokeUrl: GITHUB_CLASSIC_TOKENS,
    keywords: ['github', 'gh_'],
    pattern: assigned(`${ci('github')}|\\b${ci('gh')}_`, '[0-9a-f]{40}'),
    entropy: 3,
    examples: {
      positive: ['GITHUB_TOKEN={{hex:40}}', 'export GH_TOKEN="{{hex:40}}"', 'github_token: "{{hex:40}}"'],
      negative: ['GITHUB_SHA={{hex:40}}', 'GITHUB_TOKEN=${{lbrace}} secrets.GITHUB_TOKEN }}', 'commit = "{{hex:40}}"', 'GITHUB_TOKEN={{gh:ghp}}'],
    },
  },

  // ---- GitLab ----
  {
    id: 'gitlab-pat',
    provider: 'GitLab',
    description: 'GitLab personal, project or group access token',
    revokeUrl: GITLAB_PATS,
    keywords: ['glpat-'],
    pattern: String.raw`\b(?<secret>glpat-[\w-]{20})${GITLAB_END}`,
    entropy: 3,
    examples: {
      positive: [
        'GITLAB_TOKEN=glpat-{{b64url:20}}',
        'git clone https://oauth2:glpat-{{alnum:20}}@gitlab.com/acme/app.git',
        '# the CI variable is glpat-{{alnum:20}}.',
      ],
      negative: ['GITLAB_TOKEN=glpat-XXXXXXXXXXX-XXXXXXXX', 'GITLAB_TOKEN=glpat-{{alnum:12}}', 'GITLAB_TOKEN=glpat-...', 'GITLAB_TOKEN=${GITLAB_TOKEN}'],
    },
  },
  {
    id: 'gitlab-pat-routable',
    provider: 'GitLab',
    description: 'GitLab personal, project or group access token (routable format)',
    revokeUrl: GITLAB_PATS,
    keywords: ['glpat-'],
    pattern: String.raw`\b(?<secret>glpat-${GITLAB_ROUTABLE})${GITLAB_END}`,
    entropy: 3.5,
    examples: {
      positive: [
        'GITLAB_TOKEN=glpat-{{b64url:38}}.01.{{lower:9}}',
        'export GL_TOKEN="glpat-{{alnum:31}}.{{lower:9}}"',
      ],
      negative: ['GITLAB_TOKEN=glpat-xxxxxxxx-xxxxxxxxxxxxxxxxxx.xxxxxxxxx', 'GITLAB_TOKEN=glpat-{{alnum:20}}', 'GITLAB_TOKEN=glpat-{{alnum:30}}.01.{{lower:3}}'],
    },
  },
  gitlabRule('glptt-', '[0-9a-f]{40}', 'gitlab-pipeline-trigger-token', 'GitLab pipeline trigger token', GITLAB_TOKEN_DOCS, [
    'curl -X POST -F token=glptt-{{hex:40}} -F ref=main https://gitlab.com/api/v4/projects/1/trigger/pipeline',
  ], ['glptt-{{hex:20}}']),
  gitlabRule('glrt-', String.raw`[\w-]{20}`, 'gitlab-runner-token', 'GitLab runner authentication token', GITLAB_TOKEN_DOCS, [
    '[[runners]]\n  token = "glrt-{{b64url:20}}"',
    'gitlab-runner register --token glrt-t1_{{alnum:27}}.0w.{{lower:9}}',
  ], ['token = "glrt-{{alnum:10}}"']),
  {
    id: 'gitlab-runner-registration-token',
    provider: 'GitLab',
    description: 'GitLab runner registration token (deprecated format)',
    revokeUrl: GITLAB_TOKEN_DOCS,
    keywords: ['gr1348941'],
    pattern: String.raw`\b(?<secret>GR1348941[\w-]{20})(?![\w-])`,
    entropy: 3,
    examples: {
      positive: ['gitlab-runner register --registration-token GR1348941{{alnum:20}}'],
      negative: ['REGISTRATION_TOKEN=GR1348941XXXXXXXXXXXXXXXXXXXX', 'REGISTRATION_TOKEN=GR1348941{{alnum:8}}'],
    },
  },
  gitlabRule('gldt-', String.raw`[\w-]{20}`, 'gitlab-deploy-token', 'GitLab deploy token', GITLAB_TOKEN_DOCS, [
    'docker login registry.gitlab.com -u gitlab+deploy-token-1 -p gldt-{{b64url:20}}',
  ], ['password: gldt-{{alnum:15}}']),
  gitlabRule('glft-', String.raw`[\w-]{20}`, 'gitlab-feed-token', 'GitLab feed token', GITLAB_PATS, [
    'https://gitlab.com/dashboard/projects.atom?feed_token=glft-{{b64url:20}}',
  ], ['feed_token=glft-{{alnum:5}}']),
  gitlabRule('glsoat-', String.raw`[\w-]{20}`, 'gitlab-scim-token', 'GitLab SCIM token', GITLAB_TOKEN_DOCS, [
    'SCIM_TOKEN=glsoat-{{b64url:20}}',
  ], ['SCIM_TOKEN=glsoat-{{alnum:8}}']),
  gitlabRule(
    'glcbt-',
    String.raw`[0-9a-zA-Z]{1,5}_[\w-]{20}`,
    'gitlab-ci-build-token',
    'GitLab CI/CD job token',
    GITLAB_TOKEN_DOCS,
    ['CI_JOB_TOKEN=glcbt-64_{{b64url:20}}'],
    ['CI_JOB_TOKEN=glcbt-64_{{alnum:8}}'],
  ),
  gitlabRule('glimt-', String.raw`[\w-]{25}`, 'gitlab-incoming-mail-token', 'GitLab incoming email token', GITLAB_PATS, [
    'GITLAB_INCOMING_EMAIL_TOKEN=glimt-{{b64url:25}}',
  ], ['glimt-{{alnum:10}}']),
  gitlabRule('glagent-', String.raw`[\w-]{50}`, 'gitlab-agent-token', 'GitLab agent for Kubernetes token', GITLAB_TOKEN_DOCS, [
    'helm upgrade --install gitlab-agent gitlab/gitlab-agent --set config.token=glagent-{{b64url:50}}',
  ], ['config.token=glagent-{{alnum:20}}']),
  gitlabRule(
    'gloas-',
    String.raw`[\w-]{64}`,
    'gitlab-oauth-app-secret',
    'GitLab OAuth application secret',
    'https://gitlab.com/-/user_settings/applications',
    ['GITLAB_CLIENT_SECRET=gloas-{{hex:64}}'],
    ['GITLAB_CLIENT_SECRET=gloas-{{hex:32}}'],
  ),
  gitlabRule('glffct-', String.raw`[\w-]{20}`, 'gitlab-feature-flag-client-token', 'GitLab feature flags client token', GITLAB_TOKEN_DOCS, [
    'UNLEASH_INSTANCE_ID=glffct-{{b64url:20}}',
  ], ['UNLEASH_INSTANCE_ID=glffct-{{alnum:6}}']),
  {
    id: 'gitlab-session-cookie',
    provider: 'GitLab',
    description: 'GitLab session cookie',
    revokeUrl: 'https://gitlab.com/-/user_settings/active_sessions',
    keywords: ['_gitlab_session='],
    pattern: String.raw`_gitlab_session=(?<secret>[0-9a-z]{32})\b`,
    entropy: 3,
    examples: {
      positive: ['curl -H "Cookie: _gitlab_session={{lower:32}}" https://gitlab.com/api/v4/user'],
      negative: ['Cookie: _gitlab_session=<session>', 'Cookie: _gitlab_session={{lower:20}}'],
    },
  },

  // ---- Bitbucket ----
  {
    id: 'bitbucket-app-password',
    provider: 'Bitbucket',
    description: 'Bitbucket app password',
    revokeUrl: 'https://bitbucket.org/account/settings/app-passwords/',
    keywords: ['atbb'],
    pattern: String.raw`\b(?<secret>ATBB[A-Za-z0-9]{32})\b`,
    entropy: 3.5,
    examples: {
      positive: ['BITBUCKET_APP_PASSWORD=ATBB{{alnum:24}}{{HEX:8}}', 'git clone https://me:ATBB{{alnum:32}}@bitbucket.org/acme/app.git'],
      negative: ['BITBUCKET_APP_PASSWORD=ATBB{{alnum:12}}', 'BITBUCKET_APP_PASSWORD=ATBBxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'],
    },
  },
  {
    id: 'bitbucket-access-token',
    provider: 'Bitbucket',
    description: 'Bitbucket repository, project or workspace access token',
    revokeUrl: 'https://support.atlassian.com/bitbucket-cloud/docs/repository-access-tokens/',
    keywords: ['atctt3xffgn0'],
    pattern: String.raw`\b(?<secret>ATCTT3xFfGN0[\w-]{100,250}=[A-F0-9]{8})\b`,
    entropy: 3.5,
    examples: {
      positive: [
        'BITBUCKET_TOKEN=ATCTT3xFfGN0{{b64url:171}}={{HEX:8}}',
        'curl -H "Authorization: Bearer ATCTT3xFfGN0{{alnum:171}}={{HEX:8}}" https://api.bitbucket.org/2.0/repositories',
      ],
      negative: ['BITBUCKET_TOKEN=ATCTT3xFfGN0...', 'BITBUCKET_TOKEN=ATCTT3xFfGN0{{alnum:40}}={{HEX:8}}'],
    },
  },

  // ---- Gitea / Forgejo / Codeberg ----
  {
    id: 'gitea-access-token',
    provider: 'Gitea',
    description: 'Gitea / Forgejo access token',
    revokeUrl: 'https://gitea.com/user/settings/applications',
    keywords: ['gitea', 'forgejo'],
    pattern: assigned(`${ci('gitea')}|${ci('forgejo')}`, '[0-9a-f]{40}'),
    entropy: 3,
    examples: {
      positive: ['GITEA_TOKEN={{hex:40}}', 'forgejo_token: "{{hex:40}}"'],
      negative: ['GITEA_TOKEN=${GITEA_TOKEN}', 'GITEA_COMMIT={{hex:40}}', 'GITEA_TOKEN={{hex:32}}'],
    },
  },
  {
    id: 'codeberg-access-token',
    provider: 'Codeberg',
    description: 'Codeberg access token',
    revokeUrl: 'https://codeberg.org/user/settings/applications',
    keywords: ['codeberg'],
    pattern: assigned(ci('codeberg'), '[0-9a-f]{40}'),
    entropy: 3,
    examples: {
      positive: ['CODEBERG_TOKEN={{hex:40}}', 'export CODEBERG_ACCESS_TOKEN="{{hex:40}}"'],
      negative: ['CODEBERG_TOKEN=<token>', 'CODEBERG_REF={{hex:40}}'],
    },
  },

  // ---- Azure DevOps ----
  {
    id: 'azure-devops-pat',
    provider: 'Microsoft Azure DevOps',
    description: 'Azure DevOps personal access token (52-character format)',
    revokeUrl:
      'https://learn.microsoft.com/en-us/azure/devops/organizations/accounts/use-personal-access-tokens-to-authenticate',
    keywords: ['devops', 'azdo', 'ado_', 'ado-', 'vsts', 'system_accesstoken'],
    pattern: assigned(
      `${ci('azure')}[_.-]?${ci('devops')}|${ci('devops')}|${ci('azdo')}|\\b${ci('ado')}[_-]|${ci('vsts')}|${ci('system')}_${ci('access')}`,
      '[a-z2-7]{52}',
    ),
    entropy: 3.5,
    examples: {
      positive: [
        'AZURE_DEVOPS_EXT_PAT={{letters:52}}',
        'ADO_PAT: "{{letters:52}}"',
        'export AZDO_PERSONAL_ACCESS_TOKEN={{letters:52}}',
      ],
      negative: [
        'AZURE_DEVOPS_EXT_PAT=$(System.AccessToken)',
        'AZURE_DEVOPS_EXT_PAT={{letters:40}}',
        'ADO_PAT: "{{upper:52}}"',
        'token = "{{letters:52}}"',
      ],
    },
  },
  {
    id: 'azure-devops-pat-identifiable',
    provider: 'Microsoft Azure DevOps',
    description: 'Azure DevOps personal access token (84-character identifiable format)',
    revokeUrl:
      'https://learn.microsoft.com/en-us/azure/devops/organizations/accounts/use-personal-access-tokens-to-authenticate',
    keywords: ['jqqj'],
    // Common annotated security key: 52 random, `JQQJ` at 52, the provider signature `AZDO` at 76, 84 in all.
    pattern: String.raw`\b(?<secret>[A-Za-z0-9]{52}JQQJ[A-Za-z0-9]{20}AZDO[A-Za-z0-9]{4})\b`,
    entropy: 3.5,
    examples: {
      positive: [
        'AZURE_DEVOPS_EXT_PAT={{alnum:52}}JQQJ99{{alnum:18}}AZDO{{alnum:4}}',
        'git clone https://pat:{{alnum:52}}JQQJ99BDAC{{alnum:14}}AZDO{{alnum:4}}@dev.azure.com/acme/app/_git/app',
      ],
      negative: ['PAT={{alnum:52}}JQQJ99{{alnum:18}}AZEG{{alnum:4}}', 'PAT={{alnum:40}}JQQJ99{{alnum:18}}AZDO{{alnum:4}}'],
    },
  },
];
