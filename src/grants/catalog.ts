/**
 * The connected-app catalog, as data: the pages where a developer sees and ends the grants and keys that no local
 * logout can touch. Opened in the user's browser; never fetched.
 */

export type CatalogCategory = 'chatgpt' | 'github' | 'google' | 'microsoft' | 'atlassian' | 'slack' | 'api-keys';

export interface CatalogEntry {
  /** Stable id, used by `keysweep review ID` and the review state file. */
  id: string;
  category: CatalogCategory;
  service: string;
  title: string;
  url: string;
  /** One line: what to look for on that page. */
  lookFor: string;
}

export const CATALOG: readonly CatalogEntry[] = [
  // ChatGPT: Apps were called Connectors until 2025-12; the sessions screen leaves them out.
  { id: 'chatgpt-apps', category: 'chatgpt', service: 'ChatGPT', title: 'ChatGPT apps (formerly Connectors)', url: 'https://chatgpt.com/#settings/Connectors', lookFor: 'Apps you connected (Google Drive, GitHub, Gmail, Outlook, SharePoint, Slack…): disconnect any you do not use or do not recognise.' },
  { id: 'chatgpt-active-sessions', category: 'chatgpt', service: 'ChatGPT', title: 'ChatGPT active sessions', url: 'https://chatgpt.com/#settings/Security', lookFor: 'Settings > Security > Active sessions: sign out devices you do not recognise. Codex CLI logins and connected apps are not listed here.' },
  { id: 'chatgpt-workspace-apps', category: 'chatgpt', service: 'ChatGPT', title: 'ChatGPT workspace apps (admins)', url: 'https://chatgpt.com/admin', lookFor: 'Workspace settings > Apps: which apps members may connect, and with what permissions.' },
  { id: 'codex-environments', category: 'chatgpt', service: 'Codex', title: 'Codex cloud environments', url: 'https://chatgpt.com/codex/settings/environments', lookFor: 'Environments and the repositories and secrets they can reach.' },
  { id: 'github-oauth-apps', category: 'github', service: 'GitHub', title: 'GitHub authorized OAuth apps', url: 'https://github.com/settings/applications', lookFor: 'GitHub CLI, Copilot CLI, hub and any app you no longer use: Revoke.' },
  { id: 'github-app-authorizations', category: 'github', service: 'GitHub', title: 'GitHub authorized GitHub Apps', url: 'https://github.com/settings/apps/authorizations', lookFor: 'Apps acting as you (user-to-server ghu_ tokens), e.g. the ChatGPT/Codex connector: Revoke what you do not need.' },
  { id: 'github-installations', category: 'github', service: 'GitHub', title: 'GitHub installed apps', url: 'https://github.com/settings/installations', lookFor: 'Apps installed on your account and the repositories each can read or write: Configure, Suspend or Uninstall.' },
  { id: 'github-tokens', category: 'github', service: 'GitHub', title: 'GitHub personal access tokens', url: 'https://github.com/settings/tokens', lookFor: 'Classic tokens (and fine-grained ones at /settings/personal-access-tokens): delete any that may be exposed.' },
  { id: 'github-sessions', category: 'github', service: 'GitHub', title: 'GitHub sessions and security log', url: 'https://github.com/settings/sessions', lookFor: 'Web sessions you do not recognise; then the security log for recent token and app events.' },
  { id: 'google-connections', category: 'google', service: 'Google', title: 'Google third-party connections', url: 'https://myaccount.google.com/connections', lookFor: 'Apps with access to your Google Account (ChatGPT, Gemini CLI, Google Cloud SDK…): remove access you do not need.' },
  { id: 'microsoft-consents', category: 'microsoft', service: 'Microsoft', title: 'Microsoft personal account app consents', url: 'https://account.live.com/consent/Manage', lookFor: 'Apps you granted access to Outlook, OneDrive…: revoking ends their refresh tokens.' },
  { id: 'microsoft-my-apps', category: 'microsoft', service: 'Microsoft', title: 'Microsoft work or school My Apps', url: 'https://myapplications.microsoft.com', lookFor: 'Apps with consent in your organisation (Entra ID); admins review Enterprise applications.' },
  { id: 'atlassian-connected-apps', category: 'atlassian', service: 'Atlassian', title: 'Atlassian connected apps', url: 'https://id.atlassian.com/manage-profile/apps', lookFor: 'OAuth grants (Rovo, Atlassian MCP, ChatGPT…) to Jira and Confluence: remove access you do not need.' },
  { id: 'atlassian-api-tokens', category: 'atlassian', service: 'Atlassian', title: 'Atlassian API tokens', url: 'https://id.atlassian.com/manage-profile/security/api-tokens', lookFor: 'API tokens you created: revoke any that may be exposed.' },
  { id: 'slack-apps', category: 'slack', service: 'Slack', title: 'Slack workspace apps', url: 'https://slack.com/apps/manage', lookFor: 'Apps and custom integrations installed in your workspace, and the tokens they hold.' },
  { id: 'openai-api-keys', category: 'api-keys', service: 'OpenAI', title: 'OpenAI API keys', url: 'https://platform.openai.com/api-keys', lookFor: 'Keys by project and last use; delete any key that may be exposed (Codex CLI may have created one).' },
  { id: 'anthropic-api-keys', category: 'api-keys', service: 'Anthropic', title: 'Anthropic (Claude Console) API keys', url: 'https://console.anthropic.com/settings/keys', lookFor: 'Keys by workspace and last use; disable or delete exposed ones.' },
  { id: 'google-ai-studio-keys', category: 'api-keys', service: 'Google AI Studio', title: 'Google AI Studio API keys', url: 'https://aistudio.google.com/app/apikey', lookFor: 'Gemini API keys and the Cloud projects they belong to.' },
  { id: 'huggingface-tokens', category: 'api-keys', service: 'Hugging Face', title: 'Hugging Face access tokens', url: 'https://huggingface.co/settings/tokens', lookFor: 'Tokens and their permissions; invalidate any that may be exposed.' },
  { id: 'npm-tokens', category: 'api-keys', service: 'npm', title: 'npm access tokens', url: 'https://www.npmjs.com/settings/~/tokens', lookFor: 'Granular and classic tokens; revoke publish tokens you do not use.' },
  { id: 'docker-hub-tokens', category: 'api-keys', service: 'Docker Hub', title: 'Docker Hub personal access tokens', url: 'https://app.docker.com/settings/personal-access-tokens', lookFor: 'Tokens by last use; deactivate or delete exposed ones.' },
];

export function catalogEntry(id: string): CatalogEntry | undefined {
  return CATALOG.find((e) => e.id === id);
}
