/**
 * Claude Code (reference §2; closed source, read defensively): the claude.ai OAuth login in
 * `.credentials.json` (Linux, Windows) or the macOS Keychain, MCP OAuth tokens beside it, an API key in
 * `~/.claude.json`, secrets in `settings.json` env, and the transcripts under `projects/`.
 *
 * Seen running Claude Code 2.1.x (issue 9): every config write copies `~/.claude.json` to
 * `<config dir>/backups/.claude.json.backup.<ms>`, `primaryApiKey` included, so each backup holding a key is reported
 * too; and `claude auth logout` deletes the whole `.credentials.json`, MCP servers' tokens included.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import { toPointer } from '../entry-edit';
import { listDir, readJson } from '../fs-read';
import { brokenItem, expiryProblem, isoFromEpoch, isReference, item, KNOWN_PREFIXES, maskSecret, openItYourself, permissionProblems, plaintextProblem, safeText, SECRET_NAME, type SourceInfo } from '../item';
import { redactName } from '../redact-text';
import { PAGES } from '../pages';
import { transcriptItem } from '../transcripts';
import type { CredentialProblem, CredentialSource, LocalCredential, RevokePlan, RevokeStep, SourceContext } from '../types';

// ---- where Claude Code keeps things ------------------------------------------------------------------------
export const CLAUDE = {
  configDirEnv: 'CLAUDE_CONFIG_DIR',
  defaultDir: '.claude',
  credentials: '.credentials.json',
  /** In the home directory — or in CLAUDE_CONFIG_DIR when that is set. */
  globalConfig: '.claude.json',
  settings: 'settings.json',
  /** `<dir>/backups/.claude.json.backup.<ms>`: Claude Code's copies of the global config, written on every change. */
  backups: 'backups',
  backupName: /^\.claude\.json\.backup\.\d+$/,
  keychainService: 'Claude Code-credentials',
  transcripts: [
    { id: 'claude:history', kind: 'prompt history', name: 'history.jsonl', type: 'file' },
    { id: 'claude:transcripts', kind: 'session transcripts', name: 'projects', type: 'dir' },
  ],
} as const;

const SOURCE: SourceInfo = { id: 'claude', tool: 'Claude Code' };
/** ~/.claude.json also holds per-project history and grows; it is still read whole. */
const GLOBAL_CONFIG_MAX = 32 * 1024 * 1024;

const oauthSchema = z.looseObject({
  accessToken: z.string().optional(),
  refreshToken: z.string().nullable().optional(),
  expiresAt: z.number().nullable().optional(),
  scopes: z.array(z.string()).nullable().optional(),
  subscriptionType: z.string().nullable().optional(),
});
const mcpTokenSchema = z.looseObject({
  serverName: z.string().optional(),
  serverUrl: z.string().optional(),
  accessToken: z.string().optional(),
  expiresAt: z.number().nullable().optional(),
});
const credentialsSchema = z.looseObject({
  claudeAiOauth: oauthSchema.nullable().optional(),
  mcpOAuth: z.record(z.string(), z.unknown()).nullable().optional(),
});
const globalConfigSchema = z.looseObject({
  oauthAccount: z
    .looseObject({ emailAddress: z.string().optional(), organizationName: z.string().nullable().optional(), displayName: z.string().nullable().optional(), billingType: z.string().nullable().optional() })
    .nullable()
    .optional(),
  primaryApiKey: z.string().nullable().optional(),
});
const settingsSchema = z.looseObject({ env: z.record(z.string(), z.unknown()).optional() });

export function claudePaths(ctx: Pick<SourceContext, 'env' | 'home'>): { dir: string; globalConfig: string; custom: boolean } {
  const custom = ctx.env[CLAUDE.configDirEnv];
  const dir = custom || join(ctx.home, CLAUDE.defaultDir);
  return { dir, globalConfig: custom ? join(custom, CLAUDE.globalConfig) : join(ctx.home, CLAUDE.globalConfig), custom: Boolean(custom) };
}

/** "Claude Code-credentials", or "-<8 hex of sha256(config dir)>" with CLAUDE_CONFIG_DIR (reverse engineered). */
export function claudeKeychainService(ctx: Pick<SourceContext, 'env' | 'home'>): string {
  const custom = ctx.env[CLAUDE.configDirEnv];
  return custom ? `${CLAUDE.keychainService}-${createHash('sha256').update(custom).digest('hex').slice(0, 8)}` : CLAUDE.keychainService;
}

async function read(ctx: SourceContext): Promise<LocalCredential[]> {
  const { dir, globalConfig } = claudePaths(ctx);
  const items: LocalCredential[] = [];
  const global = await readJson(globalConfig, globalConfigSchema, { maxBytes: GLOBAL_CONFIG_MAX });
  if (global.status === 'unreadable' || global.status === 'malformed') items.push(brokenItem(SOURCE, 'claude:config', 'global configuration', global));
  const account = global.status === 'ok' ? global.data.oauthAccount ?? undefined : undefined;
  const who = account ? { email: safeText(account.emailAddress, 120), name: safeText(account.organizationName ?? account.displayName, 80) } : undefined;

  const credPath = join(dir, CLAUDE.credentials);
  const creds = await readJson(credPath, credentialsSchema);
  if (creds.status === 'unreadable' || creds.status === 'malformed') {
    const broken = brokenItem(SOURCE, 'claude:oauth', 'claude.ai login', creds, { isLogin: true });
    broken.problems.push(...permissionProblems(creds.facts, ctx));
    items.push(broken);
  }
  if (creds.status === 'ok') {
    const perms = permissionProblems(creds.facts, ctx);
    const oauth = creds.data.claudeAiOauth;
    if (oauth) {
      const expiresAt = isoFromEpoch(oauth.expiresAt ?? undefined);
      const plan = safeText(oauth.subscriptionType ?? undefined, 40);
      items.push(
        item(SOURCE, {
          id: 'claude:oauth',
          kind: 'claude.ai login',
          isLogin: true,
          location: { type: 'file', path: credPath, entry: 'claudeAiOauth' },
          storage: 'file',
          account: who || plan ? { ...who, plan } : undefined,
          masked: oauth.accessToken ? maskSecret(oauth.accessToken, KNOWN_PREFIXES) : undefined,
          expiresAt,
          modifiedAt: creds.facts.modifiedAt,
          scopes: oauth.scopes?.map((s) => safeText(s, 60) ?? '?'),
          details: { refreshTokenStored: Boolean(oauth.refreshToken) },
          problems: [...perms, ...expiryProblem(expiresAt, ctx, 'The access token')],
        }),
      );
    }
    for (const [key, value] of Object.entries(creds.data.mcpOAuth ?? {})) {
      const parsed = mcpTokenSchema.safeParse(value);
      const rawName = (parsed.success ? parsed.data.serverName : undefined) ?? key.split('|')[0]!;
      const name = safeText(rawName, 60) ?? '?';
      const expiresAt = parsed.success ? isoFromEpoch(parsed.data.expiresAt ?? undefined) : undefined;
      const pointer = toPointer(['mcpOAuth', key]);
      items.push(
        item(SOURCE, {
          id: `claude:mcp:${redactName(rawName)}`,
          kind: 'MCP OAuth token',
          label: `MCP OAuth token — ${name}`,
          state: parsed.success ? 'present' : 'malformed',
          location: { type: 'file', path: credPath, entry: pointer },
          storage: 'file',
          expiresAt,
          details: { server: name, serverUrl: parsed.success ? safeText(parsed.data.serverUrl, 200) ?? null : null, pointer },
          problems: [...perms, ...expiryProblem(expiresAt, ctx, `The access token for ${name}`), ...(parsed.success ? [] : [{ code: 'unexpected-shape', severity: 'warning' as const, message: `${credPath}: the MCP entry ${name} has an unexpected shape` }])],
        }),
      );
    }
  }

  if (ctx.platform === 'darwin') {
    const service = claudeKeychainService(ctx);
    const answer = await ctx.keychain.has(service, ctx.env.USER);
    if (answer === 'present') {
      items.push(
        item(SOURCE, {
          id: 'claude:keychain',
          kind: 'claude.ai login in macOS Keychain',
          isLogin: true,
          location: { type: 'keychain', service, account: ctx.env.USER },
          storage: 'keychain',
          account: who,
        }),
      );
    }
  }

  if (global.status === 'ok' && global.data.primaryApiKey) {
    const masked = maskSecret(global.data.primaryApiKey, KNOWN_PREFIXES);
    items.push(
      item(SOURCE, {
        id: 'claude:api-key',
        kind: 'Anthropic API key',
        isLogin: true,
        location: { type: 'file', path: globalConfig, entry: 'primaryApiKey' },
        storage: 'file',
        masked,
        modifiedAt: global.facts.modifiedAt,
        problems: [...permissionProblems(global.facts, ctx), plaintextProblem(globalConfig, masked)],
      }),
    );
  }

  items.push(...(await backupKeys(dir, ctx)));

  const settingsPath = join(dir, CLAUDE.settings);
  const settings = await readJson(settingsPath, settingsSchema);
  if (settings.status === 'unreadable' || settings.status === 'malformed') items.push(brokenItem(SOURCE, 'claude:settings', 'settings', settings));
  if (settings.status === 'ok') {
    const secrets = Object.entries(settings.data.env ?? {}).filter(([k, v]) => typeof v === 'string' && SECRET_NAME.test(k) && v.length >= 8 && !isReference(v)) as Array<[string, string]>;
    if (secrets.length) {
      const problems: CredentialProblem[] = secrets.map(([k, v]) => plaintextProblem(`${settingsPath} env.${safeText(k, 60)}`, maskSecret(v, KNOWN_PREFIXES)));
      items.push(
        item(SOURCE, {
          id: 'claude:settings-env',
          kind: 'secrets in settings',
          label: `secrets in settings.json env — ${secrets.map(([k]) => safeText(k, 40)).join(', ')}`,
          location: { type: 'file', path: settingsPath },
          masked: maskSecret(secrets[0]![1], KNOWN_PREFIXES),
          details: { variables: secrets.map(([k]) => safeText(k, 40)).join(', ') },
          problems: [...permissionProblems(settings.facts, ctx), ...problems],
        }),
      );
    }
  }

  for (const t of CLAUDE.transcripts) {
    const transcript = await transcriptItem(SOURCE, { id: t.id, kind: t.kind, path: join(dir, t.name), type: t.type }, ctx);
    if (transcript) items.push(transcript);
  }
  return items;
}

/** Each backup of ~/.claude.json that still holds an API key: the key is on disk even when the config has none. */
async function backupKeys(dir: string, ctx: SourceContext): Promise<LocalCredential[]> {
  const folder = join(dir, CLAUDE.backups);
  const listing = await listDir(folder);
  if (listing.status !== 'ok') return [];
  const items: LocalCredential[] = [];
  for (const name of listing.names.filter((n) => CLAUDE.backupName.test(n))) {
    const path = join(folder, name);
    const backup = await readJson(path, globalConfigSchema, { maxBytes: GLOBAL_CONFIG_MAX });
    if (backup.status === 'unreadable' || backup.status === 'malformed') items.push(brokenItem(SOURCE, `claude:backup:${name}`, 'backup of ~/.claude.json', backup));
    if (backup.status !== 'ok' || !backup.data.primaryApiKey) continue;
    const masked = maskSecret(backup.data.primaryApiKey, KNOWN_PREFIXES);
    items.push(
      item(SOURCE, {
        id: `claude:backup:${name}`,
        kind: 'Anthropic API key (config backup)',
        label: `Anthropic API key in a backup of ~/.claude.json — ${name}`,
        location: { type: 'file', path, entry: 'primaryApiKey' },
        storage: 'file',
        masked,
        modifiedAt: backup.facts.modifiedAt,
        details: { backup: name },
        problems: [...permissionProblems(backup.facts, ctx), plaintextProblem(path, masked, 'Claude Code copies ~/.claude.json here on every change')],
      }),
    );
  }
  return items;
}

async function revokePlan(credentials: LocalCredential[], ctx: SourceContext): Promise<RevokePlan> {
  const { dir } = claudePaths(ctx);
  const bin = await ctx.which('claude');
  const logins = credentials.filter((c) => c.isLogin);
  const mcp = credentials.filter((c) => c.id.startsWith('claude:mcp:'));
  const backups = credentials.filter((c) => c.id.startsWith('claude:backup:') && c.state === 'present' && c.location.type === 'file');
  const mcpNames = mcp.map((c) => c.details.server).join(', ');
  const steps: RevokeStep[] = [];
  const pages: RevokeStep[] = [];
  const doesNotCover: string[] = [];
  const env = { HOME: ctx.home };
  let ended: LocalCredential[] = [];
  if (logins.length) {
    ended = logins;
    // Claude Code 2.1.x's logout deletes the whole .credentials.json: the MCP servers' tokens in it go too.
    if (bin) {
      steps.push({
        kind: 'run',
        command: 'claude',
        args: ['auth', 'logout'],
        env,
        revokesServerSide: false,
        description: `log out: deletes the whole .credentials.json — the claude.ai login${mcp.length ? ` and the OAuth tokens of every MCP server in it (${mcpNames})` : ' and any MCP OAuth tokens in it'}`,
      });
      ended = [...logins, ...mcp];
    }
    for (const c of logins) {
      const fallback = bin ? true : undefined;
      if (c.location.type === 'keychain') steps.push({ kind: 'delete-keychain', service: c.location.service, account: c.location.account, description: 'the claude.ai login in the macOS Keychain', fallback });
      else if (c.id === 'claude:api-key' && c.location.type === 'file') steps.push({ kind: 'delete-entry', path: c.location.path, entry: '/primaryApiKey', format: 'json-key', root: ctx.home, description: 'the API key stored in ~/.claude.json; the rest of the file stays', fallback });
      else if (c.location.type === 'file' && c.state === 'present') steps.push({ kind: 'delete-entry', path: c.location.path, entry: '/claudeAiOauth', format: 'json-key', root: dir, description: 'the claude.ai tokens; MCP tokens in the same file stay', fallback });
      // Never deleted whole: MCP servers' tokens share the file with the login.
      else if (c.location.type === 'file') doesNotCover.push(openItYourself(c, 'the "claudeAiOauth" entry'));
    }
    pages.push({ kind: 'open-url', url: PAGES.claudeAccount, description: 'claude.ai Settings > Account: log out of all devices if the login may have been copied' });
    if (logins.some((c) => c.id === 'claude:api-key')) pages.push({ kind: 'open-url', url: PAGES.anthropicApiKeys, description: 'delete the API key in the Claude Console' });
    doesNotCover.push('Logging out of Claude Code is not documented to revoke the token at Anthropic: use claude.ai Settings > Account > "Log out of all devices".');
    doesNotCover.push('It does not delete API keys in the Claude Console, nor a CLAUDE_CODE_OAUTH_TOKEN / ANTHROPIC_API_KEY you exported.');
    if (bin) doesNotCover.push(`It does not keep MCP OAuth tokens${mcp.length ? ` (${mcpNames})` : ''}: \`claude auth logout\` deletes them with the login; you will sign in to those servers again.`);
    else doesNotCover.push(`It does not remove MCP OAuth tokens${mcp.length ? ` (${mcpNames})` : ''}: \`claude mcp logout <server>\` or \`keysweep revoke claude:mcp:<server>\`.`);
  } else if (mcp.length) {
    ended = mcp;
    for (const c of mcp) {
      if (c.location.type !== 'file') continue;
      steps.push({ kind: 'delete-entry', path: c.location.path, entry: String(c.details.pointer), format: 'json-key', root: dir, description: `the tokens of MCP server "${c.details.server}"; the rest of the file stays` });
    }
    doesNotCover.push("Removing an MCP server's tokens does not revoke them at the server's provider (see `keysweep grants`).");
  }
  // After any logout step: Claude Code may write one more backup while logging out.
  for (const c of backups) {
    if (c.location.type !== 'file') continue;
    steps.push({ kind: 'delete-entry', path: c.location.path, entry: '/primaryApiKey', format: 'json-key', root: dir, description: `the API key in Claude Code's backup ${c.details.backup}; the rest of the backup stays` });
  }
  ended = [...ended, ...backups];
  if (backups.length && !pages.some((p) => p.kind === 'open-url' && p.url === PAGES.anthropicApiKeys)) pages.push({ kind: 'open-url', url: PAGES.anthropicApiKeys, description: 'delete the API key in the Claude Console: copies of it were on disk' });
  if (credentials.some((c) => c.details.keysFound !== undefined)) doesNotCover.push('It keeps history.jsonl and the transcripts under projects/: delete or redact them yourself if keys were found there.');
  if (credentials.some((c) => c.id === 'claude:settings-env')) doesNotCover.push('It does not edit settings.json: move the keys in its "env" block elsewhere and revoke them at their providers.');
  return { sourceId: SOURCE.id, credentialIds: ended.map((c) => c.id), steps: [...steps, ...pages], doesNotCover };
}

export const claudeSource: CredentialSource = { id: SOURCE.id, tool: SOURCE.tool, read, revokePlan };
