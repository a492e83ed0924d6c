/**
 * Gemini CLI (reference §3): the Google login in ~/.gemini/oauth_creds.json (or the OS keychain with
 * GEMINI_FORCE_ENCRYPTED_FILE_STORAGE), the encrypted fallback file, MCP OAuth tokens, a Gemini API key in the
 * keychain or in ~/.gemini/.env. Its logout is a slash command only, so revoking is the file and keychain steps.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { assignmentParser, assignmentsSchema, isSecretAssignment } from '../env-lines';
import { readJson, readWith, statFile } from '../fs-read';
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

  const mcpPath = join(dir, GEMINI.mcpTokens);
  const mcp = await readJson(mcpPath, mcpTokensSchema);
  if (mcp.status === 'unreadable' || mcp.status === 'malformed') items.push(brokenItem(SOURCE, 'gemini:mcp', 'MCP OAuth tokens', mcp));
  if (mcp.status === 'ok') {
    const isArray = Array.isArray(mcp.data);
    const entries = Array.isArray(mcp.data) ? mcp.data.map((v, i) => [String(i), v] as const) : Object.entries(mcp.data);
    for (const [key, value] of entries) {
      const parsed = mcpEntrySchema.safeParse(value);
      const rawName = (parsed.success ? parsed.data.serverName : undefined) ?? key;
      const name = safeText(rawName, 60) ?? '?';
      const expiresAt = parsed.success ? isoFromEpoch(parsed.data.token?.expiresAt ?? undefined) : undefined;
      // Gemini CLI keeps an array: an element is found again by its serverName (an index moves when another goes).
      const byName = isArray && parsed.success && parsed.data.serverName !== undefined;
      const address: Record<string, string> = byName ? { pointer: '', selectKey: 'serverName', selectValue: redactName(rawName) } : { pointer: toPointer([key]) };
      items.push(
        item(SOURCE, {
          id: `gemini:mcp:${redactName(rawName)}`,
          kind: 'MCP OAuth token',
          label: `MCP OAuth token — ${name}`,
          state: parsed.success ? 'present' : 'malformed',
          location: { type: 'file', path: mcpPath, entry: byName ? `serverName=${address.selectValue}` : address.pointer! },
          storage: 'file',
          expiresAt,
          details: { server: name, ...address },
          problems: [...permissionProblems(mcp.facts, ctx), ...expiryProblem(expiresAt, ctx, `The access token for ${name}`)],
        }),
      );
    }
  }

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

async function revokePlan(credentials: LocalCredential[], ctx: SourceContext): Promise<RevokePlan> {
  const dir = geminiDir(ctx);
  const logins = credentials.filter((c) => c.isLogin);
  const chosen = logins.length ? logins : credentials.filter((c) => c.id.startsWith('gemini:mcp'));
  const steps: RevokeStep[] = [];
  const pages: RevokeStep[] = [];
  const seenFiles = new Set<string>();
  const notUnderstood: string[] = [];
  for (const c of chosen) {
    if (c.location.type === 'keychain') steps.push({ kind: 'delete-keychain', service: c.location.service, account: c.location.account, description: c.kind });
    else if (c.location.type === 'env' && c.location.path) steps.push({ kind: 'delete-entry', path: c.location.path, entry: String(c.details.entry ?? c.location.variable), format: 'line', root: dir, description: `the ${c.location.variable} line; the rest of .env stays` });
    else if (c.location.type === 'file' && typeof c.details.pointer === 'string') {
      const select = typeof c.details.selectKey === 'string' ? { key: c.details.selectKey, value: String(c.details.selectValue) } : undefined;
      steps.push({ kind: 'delete-entry', path: c.location.path, entry: c.details.pointer, format: 'json-key', ...(select ? { select } : {}), root: dir, description: `the tokens of MCP server "${c.details.server}"; other servers' tokens stay` });
    } else if (c.id === 'gemini:mcp') {
      // Every MCP server's tokens are in it: not deleted whole because one could not be read.
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
      ...(logins.length ? ['It does not remove MCP OAuth tokens (mcp-oauth-tokens.json): `keysweep revoke gemini:mcp:<server>`.'] : []),
      'It does not remove GEMINI_API_KEY / GOOGLE_API_KEY exported in your shell or project .env files (see the "shell" source).',
    ],
  };
}

export const geminiSource: CredentialSource = { id: SOURCE.id, tool: SOURCE.tool, read, revokePlan };
