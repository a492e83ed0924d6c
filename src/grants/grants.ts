/**
 * Grants with local evidence: one per MCP server a client is configured for or holds a token of, plus the OAuth
 * apps the CLIs themselves are (gh, Copilot CLI, gcloud, Hugging Face…). Each says where its token lives, whether a
 * secret sits in plain text in a config (found with the engine, masked), its problems and its revoke steps.
 */
import { createHash } from 'node:crypto';
import { defaultConfig } from '../config/keysweep-config';
import { buildRuleSet } from '../config/rule-set';
import type { CredentialProblem, KeychainProbe, LocalCredential, RevokeStep } from '../credentials/types';
import { safeText } from '../credentials/item';
import { argumentFromFile, redactName } from '../credentials/redact-text';
import { fingerprint, mask } from '../engine/redact';
import { scanText } from '../engine/scan';
import type { CompiledRuleSet } from '../engine/types';
import { catalogEntry } from './catalog';
import { readMcpServers, type McpLocations, type McpServerDef } from './mcp-servers';
import { readMcpTokens, type McpTokenRecord } from './mcp-tokens';
import type { Grant, PlaintextSecret } from './types';

/** Services recognised from an MCP server's host, with the page where the user ends the grant. */
const SERVICES: Array<{ host: RegExp; service: string; page?: string }> = [
  { host: /(^|\.)(github\.com|githubcopilot\.com)$/, service: 'GitHub', page: catalogEntry('github-app-authorizations')!.url },
  { host: /(^|\.)linear\.app$/, service: 'Linear', page: 'https://linear.app/settings/account/security' },
  { host: /(^|\.)atlassian\.(com|net)$/, service: 'Atlassian', page: catalogEntry('atlassian-connected-apps')!.url },
  { host: /(^|\.)notion\.(com|so)$/, service: 'Notion', page: 'https://www.notion.so/profile/integrations' },
  { host: /(^|\.)slack\.com$/, service: 'Slack', page: catalogEntry('slack-apps')!.url },
  { host: /(^|\.)(google\.com|googleapis\.com)$/, service: 'Google', page: catalogEntry('google-connections')!.url },
  { host: /(^|\.)sentry\.io$/, service: 'Sentry', page: 'https://sentry.io/settings/account/api/auth-tokens/' },
  { host: /(^|\.)stripe\.com$/, service: 'Stripe', page: 'https://dashboard.stripe.com/settings/apps' },
  { host: /(^|\.)(microsoft\.com|office\.com|live\.com)$/, service: 'Microsoft', page: catalogEntry('microsoft-consents')!.url },
];

export function serviceOf(url: string | undefined, fallback: string): { service: string; page?: string } {
  if (!url) {
    // A local (stdio) server: its name often says whose API it reaches ("github", "slack-mcp").
    const byName = SERVICES.find((s) => new RegExp(`\\b${s.service}`, 'i').test(fallback.replace(/[-_]/g, ' ')));
    return byName ? { service: byName.service, page: byName.page } : { service: fallback };
  }
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return { service: fallback };
  }
  const known = SERVICES.find((s) => s.host.test(host));
  return known ? { service: known.service, page: known.page } : { service: host };
}

const SECRET_NAME = /token|secret|password|passwd|api[_-]?key|apikey|auth|credential|private[_-]?key|bearer/i;
const REFERENCE = /^\$\{[^}]+\}$|^\$[A-Z_][A-Z0-9_]*$|^\{\{.*\}\}$|^\$\{input:[^}]+\}$|^env:|^op:\/\//i;

/** Plain-text secrets in an MCP server's env and headers: engine findings first, then secret-named literals. */
export function plaintextSecrets(def: McpServerDef, ruleSet: CompiledRuleSet): PlaintextSecret[] {
  const out: PlaintextSecret[] = [];
  const check = (block: 'env' | 'headers', name: string, value: string) => {
    const trimmed = value.replace(/^Bearer\s+/i, '').trim();
    if (!trimmed || REFERENCE.test(trimmed) || trimmed.includes('${')) return;
    const where = safeText(`${def.where}.${block}.${name}`, 200) ?? '?';
    const findings = scanText(`${name}=${trimmed}\n`, def.configPath, ruleSet);
    if (findings.length) {
      for (const f of findings) out.push({ where, masked: f.masked, fingerprint: f.fingerprint, ruleId: f.ruleId });
    } else if (SECRET_NAME.test(name) && trimmed.length >= 8) {
      out.push({ where, masked: mask(trimmed), fingerprint: fingerprint('mcp-config-secret', trimmed) });
    }
  };
  for (const [k, v] of Object.entries(def.env)) check('env', k, v);
  for (const [k, v] of Object.entries(def.headers)) check('headers', k, v);
  return out;
}

/** Codex's keychain account for an HTTP MCP server: `<name>|<16 hex of sha256({"type":"http","url":URL,"headers":{}})>`. */
export function codexMcpKeychainAccount(name: string, url: string): string {
  const key = JSON.stringify({ type: 'http', url, headers: {} });
  return `${name}|${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
}

function clientCommand(client: string): string | undefined {
  return client === 'Codex CLI' ? 'codex' : client === 'Claude Code' ? 'claude' : undefined;
}

function expiryProblem(expiresAt: string | undefined, now: Date): CredentialProblem[] {
  if (!expiresAt || Date.parse(expiresAt) >= now.getTime()) return [];
  return [{ code: 'expired', severity: 'info', message: `token expired ${expiresAt.slice(0, 10)}; a refresh token may still be valid until revoked` }];
}

export interface GrantsInput extends McpLocations {
  now: Date;
  keychain: KeychainProbe;
  /** The local credential inventory: the CLIs' own OAuth logins become OAuth-app grants. */
  credentials: readonly LocalCredential[];
}

export interface GrantsRead {
  grants: Grant[];
  /** Configuration files that exist but could not be read: shown, never fatal. */
  problems: Array<{ client: string; path: string; problem: CredentialProblem }>;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

async function mcpGrant(def: McpServerDef | undefined, token: McpTokenRecord | undefined, input: GrantsInput, ruleSet: CompiledRuleSet): Promise<Grant> {
  const client = (def?.client ?? token?.client)!;
  const rawName = (def?.name ?? token?.serverName)!;
  const rawUrl = def?.url ?? token?.serverUrl;
  // Names and URLs come from configuration files: a secret used as a server name, or sitting in a URL's query, is
  // masked wherever the grant shows it; the name goes to `mcp logout` and the keychain only when it hides nothing.
  const name = safeText(rawName, 80) ?? '?';
  const url = rawUrl === undefined ? undefined : safeText(rawUrl, 300);
  const argument = argumentFromFile(rawName);
  const { service: rawService, page } = serviceOf(rawUrl, rawName);
  const service = safeText(rawService, 80) ?? '?';
  const secrets = def ? plaintextSecrets(def, ruleSet) : [];
  const problems: CredentialProblem[] = [];
  let store: Grant['store'] = token ? 'file' : 'none';
  if (!token && client === 'Codex CLI' && rawUrl) {
    const answer = await input.keychain.has('Codex MCP Credentials', codexMcpKeychainAccount(rawName, rawUrl));
    store = answer === 'present' ? 'keychain' : answer === 'unknown' ? 'unknown' : 'none';
  }
  if (secrets.length) {
    store = store === 'none' || store === 'unknown' ? 'config' : store;
    problems.push({ code: 'plaintext-secret', severity: 'warning', message: `${secrets.length} secret${secrets.length === 1 ? '' : 's'} in plain text in ${def!.configPath}` });
  }
  if (!def && token) problems.push({ code: 'orphaned-token', severity: 'warning', message: `a token for "${name}" remains although no ${client} configuration lists the server` });
  problems.push(...expiryProblem(token?.expiresAt, input.now));
  const steps: RevokeStep[] = [];
  const command = clientCommand(client);
  if (command && argument && (token || store === 'keychain')) steps.push({ kind: 'run', command, args: ['mcp', 'logout', argument], description: `${client}'s own MCP logout for "${name}"`, revokesServerSide: false });
  if (token) steps.push({ kind: 'delete-entry', path: token.path, entry: token.entry, format: 'json-key', description: `remove the "${name}" token from ${token.path}` });
  if (store === 'keychain' && argument) steps.push({ kind: 'delete-keychain', service: 'Codex MCP Credentials', account: codexMcpKeychainAccount(rawName, rawUrl!), description: `remove the "${name}" token from the OS keychain` });
  if (page) steps.push({ kind: 'open-url', url: page, description: `revoke the grant at ${service}` });
  return {
    id: `${slug(client)}:mcp:${redactName(rawName)}`,
    client,
    service,
    name,
    kind: 'mcp-server',
    url,
    scopes: token?.scopes?.map((s) => safeText(s, 80) ?? '?'),
    expiresAt: token?.expiresAt,
    store,
    path: token?.path ?? def?.configPath,
    plaintextSecrets: secrets,
    problems,
    revokeSteps: steps,
  };
}

/** The OAuth apps behind the CLIs: a login of one of these tools is a grant on the provider's side. */
const OAUTH_APPS: Record<string, { service: string; name: string; page: string }> = {
  gh: { service: 'GitHub', name: 'GitHub CLI', page: 'https://github.com/settings/connections/applications/178c6fc778ccc68e1d6a' },
  copilot: { service: 'GitHub', name: 'GitHub Copilot CLI', page: catalogEntry('github-oauth-apps')!.url },
  hub: { service: 'GitHub', name: 'hub', page: catalogEntry('github-oauth-apps')!.url },
  gcloud: { service: 'Google', name: 'Google Cloud SDK', page: catalogEntry('google-connections')!.url },
  gemini: { service: 'Google', name: 'Gemini CLI (Login with Google)', page: catalogEntry('google-connections')!.url },
  huggingface: { service: 'Hugging Face', name: 'Hugging Face CLI', page: catalogEntry('huggingface-tokens')!.url },
  claude: { service: 'Anthropic', name: 'Claude Code (claude.ai login)', page: 'https://claude.ai/settings/account' },
  codex: { service: 'OpenAI', name: 'Codex CLI (Sign in with ChatGPT)', page: catalogEntry('chatgpt-active-sessions')!.url },
};

function oauthAppGrant(c: LocalCredential): Grant | undefined {
  const app = OAUTH_APPS[c.sourceId];
  // Only a tool's own login is an OAuth grant (not its MCP tokens, transcripts or config files).
  if (!app || c.state !== 'present' || c.isLogin !== true) return undefined;
  if (c.sourceId === 'codex' && !/chatgpt/i.test(c.kind + c.label)) return undefined;
  if (c.sourceId === 'gemini' && !/oauth|google/i.test(c.kind + c.label)) return undefined;
  return {
    id: `${c.sourceId}:oauth:${c.id}`,
    client: c.tool,
    service: app.service,
    name: app.name,
    kind: 'oauth-app',
    scopes: c.scopes,
    expiresAt: c.expiresAt,
    store: c.location.type === 'keychain' ? 'keychain' : c.location.type === 'file' ? 'file' : 'unknown',
    path: c.location.type === 'file' ? c.location.path : undefined,
    plaintextSecrets: [],
    problems: c.problems,
    revokeSteps: [{ kind: 'open-url', url: app.page, description: `revoke ${app.name}'s access at ${app.service}` }],
  };
}

export async function readGrants(input: GrantsInput): Promise<GrantsRead> {
  const ruleSet = buildRuleSet(defaultConfig(), { trustWorkspaceConfig: false });
  const [servers, tokens] = await Promise.all([readMcpServers(input), readMcpTokens(input)]);
  const grants: Grant[] = [];
  const used = new Set<McpTokenRecord>();
  for (const def of servers.servers) {
    const token = tokens.tokens.find((t) => !used.has(t) && t.client === def.client && (t.serverName === def.name || (def.url && t.serverUrl === def.url)));
    if (token) used.add(token);
    grants.push(await mcpGrant(def, token, input, ruleSet));
  }
  for (const token of tokens.tokens.filter((t) => !used.has(t))) grants.push(await mcpGrant(undefined, token, input, ruleSet));
  for (const c of input.credentials) {
    const g = oauthAppGrant(c);
    if (g) grants.push(g);
  }
  // The same server configured in a user and a project file is one grant per client.
  const seen = new Set<string>();
  const unique = grants.filter((g) => (seen.has(g.id) ? false : (seen.add(g.id), true)));
  return { grants: unique, problems: [...servers.problems, ...tokens.problems] };
}
