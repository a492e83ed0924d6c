/**
 * Gemini CLI (reference §3): the Google login in ~/.gemini/oauth_creds.json (or the OS keychain with
 * GEMINI_FORCE_ENCRYPTED_FILE_STORAGE), the encrypted fallback file, MCP OAuth tokens, a Gemini API key in the
 * keychain or in ~/.gemini/.env. Its logout is a slash command only, so revoking is the file and keychain steps.
 *
 * Seen running Gemini CLI 0.61.0 (issue 9): MCP tokens go to the keychain under "gemini-cli-oauth" with the server
 * name as account (probed for each server the user settings and the token file name), and A2A agents' tokens go to
 * `a2a-oauth-tokens.json` beside `mcp-oauth-tokens.json` — read with the same reader (an array of
 * `{serverName, token}`, or a map); its exact layout is not in the reference.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { assignmentParser, assignmentsSchema, isSecretAssignment } from '../env-lines';
import { readJson, readWith, statFile } from '../fs-read';
import { parseJsonc } from '../jsonc';
import { toPointer } from '../entry-edit';
import { brokenItem, expiryProblem, isoFromEpoch, item, KNOWN_PREFIXES, maskSecret, openItYourself, permissionProblems, plaintextProblem, safeText, type SourceInfo } from '../item';
import { redactName } from '../redact-text';
import { decodeJwtClaims } from '../jwt';
import { PAGES } from '../pages';
import type { CredentialSource, LocalCredential, RevokePlan, RevokeStep, SourceContext } from '../types';

// ---- where Gemini CLI keeps things -------------------------------------------------------------------------
export const GEMINI = {
  homeEnv: 'GEMINI_CLI_HOME',
  dir: '.gemini',
  oauth: 'oauth_creds.json',
  accounts: 'google_accounts.json',
  mcpTokens: 'mcp-oauth-tokens.json',
  a2aTokens: 'a2a-oauth-tokens.json',
  settings: 'settings.json',
  /** MCP OAuth tokens in the keychain: this service, the server name as account (Gemini CLI 0.61.0). */
  mcpKeychainService: 'gemini-cli-oauth',
  encrypted: 'gemini-credentials.json',
  env: '.env',
  keychain: [
    { service: 'gemini-cli-oauth', account: 'main-account', id: 'gemini:keychain-oauth', kind: 'Google login in OS keychain' },
    { service: 'gemini-cli-api-key', account: 'default-api-key', id: 'gemini:keychain-api-key', kind: 'Gemini API key in OS keychain' },
  ],
} as const;

const SOURCE: SourceInfo = { id: 'gemini', tool: 'Gemini CLI' };

const oauthSchema = z.looseObject({
  access_token: z.string().nullable().optional(),
  refresh_token: z.string().nullable().optional(),
  scope: z.string().nullable().optional(),
  id_token: z.string().nullable().optional(),
  expiry_date: z.number().nullable().optional(),
});
const accountsSchema = z.looseObject({ active: z.string().nullable().optional(), old: z.array(z.string()).optional() });
const mcpTokensSchema = z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())]);
const mcpEntrySchema = z.looseObject({
  serverName: z.string().optional(),
  token: z.looseObject({ accessToken: z.string().optional(), expiresAt: z.number().nullable().optional() }).optional(),
});
const settingsSchema = z.looseObject({ mcpServers: z.record(z.string(), z.unknown()).optional() });

/** The token files that share one layout: an array of `{serverName, token}` (a map in older builds). */
const TOKEN_FILES = [
  { file: GEMINI.mcpTokens, id: 'gemini:mcp', kind: 'MCP OAuth token', what: 'MCP server' },
  { file: GEMINI.a2aTokens, id: 'gemini:a2a', kind: 'A2A agent OAuth token', what: 'A2A agent' },
] as const;

export function geminiDir(ctx: Pick<SourceContext, 'env' | 'home'>): string {
  return join(ctx.env[GEMINI.homeEnv] || ctx.home, GEMINI.dir);
}

async function read(ctx: SourceContext): Promise<LocalCredential[]> {
  const dir = geminiDir(ctx);
  const items: LocalCredential[] = [];
  const accounts = await readJson(join(dir, GEMINI.accounts), accountsSchema);
  if (accounts.status === 'unreadable' || accounts.status === 'malformed') items.push(brokenItem(SOURCE, 'gemini:accounts', 'account list', accounts));
  const active = accounts.status === 'ok' ? safeText(accounts.data.active ?? undefined, 120) : undefined;

  const oauthPath = join(dir, GEMINI.oauth);
  const oauth = await readJson(oauthPath, oauthSchema);
  if (oauth.status === 'unreadable' || oauth.status === 'malformed') {
    const broken = brokenItem(SOURCE, 'gemini:oauth', 'Google OAuth login', oauth, { isLogin: true });
    broken.problems.push(...permissionProblems(oauth.facts, ctx));
    items.push(broken);
  }
  if (oauth.status === 'ok') {
    const expiresAt = isoFromEpoch(oauth.data.expiry_date ?? undefined);
    const email = active ?? safeText(decodeJwtClaims(oauth.data.id_token)?.email, 120);
    items.push(
      item(SOURCE, {
        id: 'gemini:oauth',
        kind: 'Google OAuth login',
        isLogin: true,
        location: { type: 'file', path: oauthPath },
        storage: 'file',
        account: email ? { email } : undefined,
        masked: oauth.data.access_token ? maskSecret(oauth.data.access_token, KNOWN_PREFIXES) : undefined,
        expiresAt,
        modifiedAt: oauth.facts.modifiedAt,
        scopes: oauth.data.scope?.split(/\s+/).filter(Boolean).map((s) => safeText(s, 100) ?? '?'),
        details: { refreshTokenStored: Boolean(oauth.data.refresh_token) },
        problems: [...permissionProblems(oauth.facts, ctx), ...expiryProblem(expiresAt, ctx, 'The access token')],
      }),
    );
  }

  const encryptedPath = join(dir, GEMINI.encrypted);
  const encrypted = await statFile(encryptedPath);
  if (encrypted.status === 'ok') {
    items.push(item(SOURCE, { id: 'gemini:encrypted', kind: 'credentials (encrypted file)', isLogin: true, location: { type: 'file', path: encryptedPath }, storage: 'encrypted file', modifiedAt: encrypted.facts.modifiedAt }));
  } else if (encrypted.status !== 'absent') items.push(brokenItem(SOURCE, 'gemini:encrypted', 'credentials (encrypted file)', encrypted, { isLogin: true }));

  for (const k of GEMINI.keychain) {
    if ((await ctx.keychain.has(k.service, k.account)) === 'present') {
      items.push(item(SOURCE, { id: k.id, kind: k.kind, isLogin: true, location: { type: 'keychain', service: k.service, account: k.account }, storage: 'keychain' }));
    }
  }

  const serverNames = new Set<string>();
  for (const spec of TOKEN_FILES) items.push(...(await tokenFileItems(join(dir, spec.file), spec, ctx, spec.id === 'gemini:mcp' ? serverNames : undefined)));
  items.push(...(await keychainMcpItems(dir, serverNames, ctx)));

  const envPath = join(dir, GEMINI.env);
  const env = await readWith(envPath, assignmentParser('sh'), assignmentsSchema, { allowEmpty: true, lossy: true });
  if (env.status === 'unreadable' || env.status === 'malformed') items.push(brokenItem(SOURCE, 'gemini:env', 'API key in .gemini/.env', env));
  if (env.status === 'ok') {
    for (const a of env.data) {
      const s = isSecretAssignment(a, envPath);
      if (!s.secret) continue;
      const masked = s.masked ?? maskSecret(a.value, KNOWN_PREFIXES);
      items.push(
        item(SOURCE, {
          id: `gemini:env:${redactName(a.name)}`,
          kind: 'API key in .gemini/.env',
          label: `${safeText(a.name, 60)} in .gemini/.env`,
          isLogin: true,
          location: { type: 'env', variable: redactName(a.name), path: envPath },
          masked,
          modifiedAt: env.facts.modifiedAt,
          details: { line: a.line, entry: a.key, revokeUrl: s.revokeUrl ?? null },
          problems: [...permissionProblems(env.facts, ctx), plaintextProblem(`${envPath} line ${a.line}`, masked)],
        }),
      );
    }
  }
  return items;
}

async function tokenFileItems(path: string, spec: (typeof TOKEN_FILES)[number], ctx: SourceContext, names?: Set<string>): Promise<LocalCredential[]> {
  const items: LocalCredential[] = [];
  const tokens = await readJson(path, mcpTokensSchema);
  if (tokens.status === 'unreadable' || tokens.status === 'malformed') items.push(brokenItem(SOURCE, spec.id, `${spec.kind}s`, tokens));
  if (tokens.status !== 'ok') return items;
  const isArray = Array.isArray(tokens.data);
  const entries = Array.isArray(tokens.data) ? tokens.data.map((v, i) => [String(i), v] as const) : Object.entries(tokens.data);
  for (const [key, value] of entries) {
    const parsed = mcpEntrySchema.safeParse(value);
    const rawName = (parsed.success ? parsed.data.serverName : undefined) ?? key;
    if (!isArray || parsed.success) names?.add(rawName);
    const name = safeText(rawName, 60) ?? '?';
    const expiresAt = parsed.success ? isoFromEpoch(parsed.data.token?.expiresAt ?? undefined) : undefined;
    // Gemini CLI keeps an array: an element is found again by its serverName (an index moves when another goes).
    const byName = isArray && parsed.success && parsed.data.serverName !== undefined;
    const address: Record<string, string> = byName ? { pointer: '', selectKey: 'serverName', selectValue: redactName(rawName) } : { pointer: toPointer([key]) };
    items.push(
      item(SOURCE, {
        id: `${spec.id}:${redactName(rawName)}`,
        kind: spec.kind,
        label: `${spec.kind} — ${name}`,
        state: parsed.success ? 'present' : 'malformed',
        location: { type: 'file', path, entry: byName ? `serverName=${address.selectValue}` : address.pointer! },
        storage: 'file',
        expiresAt,
        details: { server: name, what: spec.what, ...address },
        problems: [...permissionProblems(tokens.facts, ctx), ...expiryProblem(expiresAt, ctx, `The access token for ${name}`)],
      }),
    );
  }
  return items;
}

/** MCP tokens in the keychain: one probe per server Gemini CLI knows of (settings.json, the token file). */
async function keychainMcpItems(dir: string, names: Set<string>, ctx: SourceContext): Promise<LocalCredential[]> {
  const settings = await readWith(join(dir, GEMINI.settings), parseJsonc, settingsSchema);
  if (settings.status === 'ok') for (const name of Object.keys(settings.data.mcpServers ?? {})) names.add(name);
  const loginAccount = GEMINI.keychain[0].account;
  const items: LocalCredential[] = [];
  for (const server of [...names].sort()) {
    if (server === loginAccount || (await ctx.keychain.has(GEMINI.mcpKeychainService, server)) !== 'present') continue;
    const name = safeText(server, 60) ?? '?';
    items.push(
      item(SOURCE, {
        id: `gemini:keychain-mcp:${redactName(server)}`,
        kind: 'MCP OAuth token in OS keychain',
        label: `MCP OAuth token in OS keychain — ${name}`,
        location: { type: 'keychain', service: GEMINI.mcpKeychainService, account: server },
        storage: 'keychain',
        details: { server: name, what: 'MCP server' },
      }),
    );
  }
  return items;
}

async function revokePlan(credentials: LocalCredential[], ctx: SourceContext): Promise<RevokePlan> {
  const dir = geminiDir(ctx);
  const logins = credentials.filter((c) => c.isLogin);
  const isServerToken = (c: LocalCredential) => /^gemini:(mcp|a2a|keychain-mcp)(:|$)/.test(c.id);
  const chosen = logins.length ? logins : credentials.filter(isServerToken);
  const steps: RevokeStep[] = [];
  const pages: RevokeStep[] = [];
  const seenFiles = new Set<string>();
  const notUnderstood: string[] = [];
  for (const c of chosen) {
    if (c.location.type === 'keychain') steps.push({ kind: 'delete-keychain', service: c.location.service, account: c.location.account, description: c.details.server ? `${c.kind} of ${c.details.what} "${c.details.server}"` : c.kind });
    else if (c.location.type === 'env' && c.location.path) steps.push({ kind: 'delete-entry', path: c.location.path, entry: String(c.details.entry ?? c.location.variable), format: 'line', root: dir, description: `the ${c.location.variable} line; the rest of .env stays` });
    else if (c.location.type === 'file' && typeof c.details.pointer === 'string') {
      const select = typeof c.details.selectKey === 'string' ? { key: c.details.selectKey, value: String(c.details.selectValue) } : undefined;
      steps.push({ kind: 'delete-entry', path: c.location.path, entry: c.details.pointer, format: 'json-key', ...(select ? { select } : {}), root: dir, description: `the tokens of ${c.details.what} "${c.details.server}"; the others' tokens stay` });
    } else if (c.id === 'gemini:mcp' || c.id === 'gemini:a2a') {
      // Every server's tokens are in it: not deleted whole because one could not be read.
      notUnderstood.push(openItYourself(c, "the servers' entries you want gone"));
    } else if (c.location.type === 'file' && !seenFiles.has(c.location.path)) {
      // oauth_creds.json and the encrypted file hold the Google login and nothing else: deleted whole, even broken.
      seenFiles.add(c.location.path);
      steps.push({ kind: 'delete-file', path: c.location.path, root: dir, description: c.kind });
    }
  }
  if (chosen.some((c) => c.id === 'gemini:oauth' || c.id === 'gemini:keychain-oauth' || c.id === 'gemini:encrypted')) {
    pages.push({ kind: 'open-url', url: PAGES.googleConnections, description: "remove Gemini CLI's access to your Google Account" });
  }
  if (chosen.some((c) => c.id.includes('api-key') || c.id.startsWith('gemini:env'))) pages.push({ kind: 'open-url', url: PAGES.googleAiStudioKeys, description: 'delete the Gemini API key' });
  return {
    sourceId: SOURCE.id,
    credentialIds: chosen.map((c) => c.id),
    steps: [...steps, ...pages],
    doesNotCover: [
      ...notUnderstood,
      "Gemini CLI's own sign-out (/auth signout) is a slash command inside the CLI; these steps do what it does, and like it they do not revoke the Google token at Google.",
      ...(logins.length
        ? ['It does not remove MCP or A2A OAuth tokens (mcp-oauth-tokens.json, a2a-oauth-tokens.json, keychain "gemini-cli-oauth"/<server>): `keysweep revoke gemini:mcp:<server>`, `gemini:a2a:<agent>`, `gemini:keychain-mcp:<server>`.']
        : []),
      'It does not remove GEMINI_API_KEY / GOOGLE_API_KEY exported in your shell or project .env files (see the "shell" source).',
    ],
  };
}

export const geminiSource: CredentialSource = { id: SOURCE.id, tool: SOURCE.tool, read, revokePlan };
