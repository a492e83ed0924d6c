/** Management pages where only the user can end a credential server-side (reference §6). Opened, never fetched. */
export const PAGES = {
  openaiApiKeys: 'https://platform.openai.com/api-keys',
  chatgptSecurity: 'https://chatgpt.com/#settings/Security',
  chatgptApps: 'https://chatgpt.com/#settings/Connectors',
  githubOAuthApps: 'https://github.com/settings/applications',
  githubCliApp: 'https://github.com/settings/connections/applications/178c6fc778ccc68e1d6a',
  githubAppAuthorizations: 'https://github.com/settings/apps/authorizations',
  githubTokens: 'https://github.com/settings/tokens',
  googleConnections: 'https://myaccount.google.com/connections',
  googleAiStudioKeys: 'https://aistudio.google.com/app/apikey',
  claudeAccount: 'https://claude.ai/settings/account',
  anthropicApiKeys: 'https://console.anthropic.com/settings/keys',
  npmTokens: 'https://www.npmjs.com/settings/~/tokens',
  dockerHubTokens: 'https://app.docker.com/settings/personal-access-tokens',
  awsSecurityCredentials: 'https://console.aws.amazon.com/iam/home#/security_credentials',
  huggingfaceTokens: 'https://huggingface.co/settings/tokens',
  microsoftMyAccount: 'https://myaccount.microsoft.com',
  microsoftConsents: 'https://account.live.com/consent/Manage',
} as const;

/** The page where a host's tokens are managed, for credentials that only name a host (.netrc, .git-credentials). */
export function pageForHost(host: string): { url: string; description: string } | undefined {
  const h = host.toLowerCase();
  if (h === 'github.com' || h.endsWith('.github.com')) return { url: PAGES.githubTokens, description: 'delete or regenerate the GitHub token at GitHub (a local delete does not revoke it)' };
  if (h === 'huggingface.co' || h.endsWith('.huggingface.co')) return { url: PAGES.huggingfaceTokens, description: 'invalidate the Hugging Face token' };
  if (h === 'registry.npmjs.org') return { url: PAGES.npmTokens, description: 'revoke the npm token' };
  if (h === 'gitlab.com') return { url: 'https://gitlab.com/-/user_settings/personal_access_tokens', description: 'revoke the GitLab token' };
  return undefined;
}
