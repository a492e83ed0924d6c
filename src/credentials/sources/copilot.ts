/**
 * GitHub Copilot CLI (reference §4): the OAuth token is in the OS keychain ("copilot-cli"), or — when the user
 * accepted plain-text storage — in `<home>/config.json` (home: `COPILOT_HOME`, else ~/.copilot). Copilot CLI 1.0.x
 * writes that file as JSONC (it opens with a `//` comment) with one member per login,
 * `authTokens["<host>:<login>"].token`; any other GitHub token the engine finds in it counts too. Also the editor
 * plugins' ~/.config/github-copilot/{apps,hosts}.json.
 *
 * MCP OAuth tokens are in `<home>/mcp-oauth-config/`. Neither the docs nor issue 9's reference give that folder's
 * layout; a third-party reader of it describes `<hash>.json` (serverUrl, clientId…) beside `<hash>.tokens.json`
 * (accessToken, refreshToken, expiresAt). Such a token file is reported per server and removed whole (it is that
 * server's record, nothing else); any other file in the folder is scanned with the engine, and reported (masked,
 * never deleted) when it holds a key.
 * Its logout is a slash command only.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { toPointer } from '../entry-edit';
import { listDir, readJson, readText, readWith } from '../fs-read';
import { parseJsonc } from '../jsonc';
import { brokenItem, isoFromEpoch, item, KNOWN_PREFIXES, maskSecret, permissionProblems, plaintextProblem, safeText, expiryProblem, type SourceInfo } from '../item';
import { redactName } from '../redact-text';
import { PAGES } from '../pages';
import { findSecrets } from '../secret-scan';
import type { CredentialSource, LocalCredential, RevokePlan, RevokeStep, SourceContext } from '../types';

// ---- where Copilot keeps things ----------------------------------------------------------------------------
export const COPILOT = {
  dir: '.copilot',
  config: 'config.json',
  keychainService: 'copilot-cli',
  mcpOAuthDir: 'mcp-oauth-config',
  editorFiles: ['apps.json', 'hosts.json'],
};

const SOURCE: SourceInfo = { id: 'copilot', tool: 'Copilot CLI' };

const anyJson = z.unknown();
const configSchema = z.looseObject({ authTokens: z.record(z.string(), z.looseObject({ token: z.string().optional() })).optional() });
const mcpTokensSchema = z.looseObject({ accessToken: z.string().optional(), refreshToken: z.string().optional(), expiresAt: z.number().optional(), scope: z.string().optional() });
const mcpMetaSchema = z.looseObject({ serverUrl: z.string().optional() });
const editorSchema = z.record(z.string(), z.unknown());
const editorEntrySchema = z.looseObject({ user: z.string().optional(), oauth_token: z.string().optional() });

/** Copilot CLI's own folder: `COPILOT_HOME` when set (the CLI honours it), else ~/.copilot. */
export function copilotHome(ctx: Pick<SourceContext, 'env' | 'home'>): string {
  return ctx.env.COPILOT_HOME || join(ctx.home, COPILOT.dir);
}

/** `"<host>:<login>"`: GitHub logins hold no colon, a host can (`http://127.0.0.1:8080`). */
function splitLoginKey(key: string): { host: string; login?: string } {
  const at = key.lastIndexOf(':');
  return at > 0 ? { host: key.slice(0, at), login: key.slice(at + 1) } : { host: key };
}

function editorDir(ctx: Pick<SourceContext, 'env' | 'home' | 'platform'>): string {
  if (ctx.platform === 'win32' && ctx.env.LOCALAPPDATA) return join(ctx.env.LOCALAPPDATA, 'github-copilot');
  return join(ctx.env.XDG_CONFIG_HOME || join(ctx.home, '.config'), 'github-copilot');
}

/** GitHub tokens anywhere in a JSON document, with the JSON Pointer of each. */
function githubTokens(node: unknown, path: string[] = []): Array<{ pointer: string[]; value: string }> {
  if (typeof node === 'string') {
    const hit = findSecrets(node, '').find((f) => f.provider === 'GitHub');
    return hit ? [{ pointer: path, value: node }] : [];
  }
  if (node && typeof node === 'object') return Object.entries(node).flatMap(([k, v]) => githubTokens(v, [...path, k]));
  return [];
}

/** One item per MCP server token file in `<home>/mcp-oauth-config/`, and one per other file the engine finds keys in. */
async function mcpOAuthItems(ctx: SourceContext): Promise<LocalCredential[]> {
  const dir = join(copilotHome(ctx), COPILOT.mcpOAuthDir);
  const listing = await listDir(dir);
  if (listing.status === 'absent') return [];
  if (listing.status !== 'ok') return [brokenItem(SOURCE, 'copilot:mcp', 'MCP OAuth tokens (mcp-oauth-config)', listing)];
  const items: LocalCredential[] = [];
  const tokenFiles = new Set(listing.names.filter((n) => n.endsWith('.tokens.json')));
  for (const name of listing.names) {
    const path = join(dir, name);
    if (tokenFiles.has(name)) {
      const r = await readJson(path, mcpTokensSchema);
      if (r.status === 'unreadable' || r.status === 'malformed') items.push(brokenItem(SOURCE, `copilot:mcp:${redactName(name)}`, 'MCP OAuth token', r));
      if (r.status !== 'ok') continue;
      const value = r.data.accessToken ?? r.data.refreshToken;
      if (value) {
        const meta = await readJson(join(dir, `${name.slice(0, -'.tokens.json'.length)}.json`), mcpMetaSchema);
        const server = (meta.status === 'ok' ? safeText(meta.data.serverUrl, 120) : undefined) ?? safeText(redactName(name), 80) ?? '?';
        const expiresAt = isoFromEpoch(r.data.expiresAt);
        items.push(
          item(SOURCE, {
            id: `copilot:mcp:${redactName(name)}`,
            kind: 'MCP OAuth token',
            label: `MCP OAuth token — ${server}`,
            location: { type: 'file', path },
            storage: 'file (plain text)',
            masked: maskSecret(value, KNOWN_PREFIXES),
            expiresAt,
            scopes: r.data.scope?.trim() ? r.data.scope.trim().split(/\s+/).map((x) => safeText(x, 60) ?? '?') : undefined,
            modifiedAt: r.facts.modifiedAt,
            details: { server, refreshToken: Boolean(r.data.refreshToken), deleteFile: true },
            problems: [...permissionProblems(r.facts, ctx), ...expiryProblem(expiresAt, ctx, `The access token for ${server}`)],
          }),
        );
        continue;
      }
    }
    // A layout this reader does not know: the engine decides whether the file holds a key.
    const text = await readText(path, { allowEmpty: true });
    if (text.status !== 'ok') continue;
    const found = findSecrets(text.text, path);
    if (!found.length) continue;
    const masks = [...new Set(found.map((f) => f.masked))];
    items.push(
      item(SOURCE, {
        id: `copilot:mcp:${redactName(name)}`,
        kind: 'MCP OAuth file',
        label: `MCP OAuth file — ${safeText(redactName(name), 80) ?? '?'} (${masks.length} key${masks.length === 1 ? '' : 's'})`,
        location: { type: 'file', path },
        storage: 'file (plain text)',
        masked: masks.join(', '),
        modifiedAt: text.facts.modifiedAt,
        details: { keysFound: masks.length, layout: 'unknown' },
        problems: [
          ...permissionProblems(text.facts, ctx),
          { code: 'unknown-layout', severity: 'info', message: `${path}: a file of Copilot CLI's MCP OAuth cache in a layout Keysweep does not know; found by scanning it. Remove it with Copilot CLI, or yourself.` },
        ],
      }),
    );
  }
  return items;
}

async function read(ctx: SourceContext): Promise<LocalCredential[]> {
  const items: LocalCredential[] = [];
  const configPath = join(copilotHome(ctx), COPILOT.config);
  const config = await readWith(configPath, parseJsonc, anyJson);
  if (config.status === 'unreadable' || config.status === 'malformed') items.push(brokenItem(SOURCE, 'copilot:config', 'OAuth token (config.json)', config));
  if (config.status === 'ok') {
    const logins = configSchema.safeParse(config.data);
    const authTokens = logins.success ? (logins.data.authTokens ?? {}) : {};
    for (const [key, entry] of Object.entries(authTokens)) {
      if (!entry.token) continue;
      const masked = maskSecret(entry.token, KNOWN_PREFIXES);
      const { host, login } = splitLoginKey(key);
      items.push(
        item(SOURCE, {
          id: `copilot:config:authTokens.${redactName(key)}`,
          kind: 'OAuth token (plain text)',
          label: `OAuth token (plain text) — ${safeText(login, 60) ?? '?'} on ${safeText(host, 80) ?? '?'}`,
          isLogin: true,
          location: { type: 'file', path: configPath, entry: `authTokens.${redactName(key)}` },
          storage: 'file (plain text)',
          account: login ? { name: safeText(login, 60) } : undefined,
          masked,
          modifiedAt: config.facts.modifiedAt,
          // The whole login member goes: a `{ }` left without its token would still name the account.
          details: { host: safeText(host, 80) ?? '?', pointer: toPointer(['authTokens', key]) },
          problems: [...permissionProblems(config.facts, ctx), plaintextProblem(configPath, masked, 'the keychain was unavailable when you logged in')],
        }),
      );
    }
    for (const t of githubTokens(config.data).filter((t) => !(t.pointer[0] === 'authTokens' && t.pointer[1] !== undefined && authTokens[t.pointer[1]]?.token))) {
      const masked = maskSecret(t.value, KNOWN_PREFIXES);
      const where = t.pointer.map((p) => safeText(p, 40)).join('.');
      items.push(
        item(SOURCE, {
          id: `copilot:config:${t.pointer.map(redactName).join('.')}`,
          kind: 'OAuth token (plain text)',
          isLogin: true,
          location: { type: 'file', path: configPath, entry: where },
          storage: 'file (plain text)',
          masked,
          modifiedAt: config.facts.modifiedAt,
          details: { pointer: toPointer(t.pointer) },
          problems: [...permissionProblems(config.facts, ctx), plaintextProblem(configPath, masked, 'the keychain was unavailable when you logged in')],
        }),
      );
    }
  }
  if ((await ctx.keychain.has(COPILOT.keychainService)) === 'present') {
    items.push(item(SOURCE, { id: 'copilot:keychain', kind: 'OAuth token in OS keychain', isLogin: true, location: { type: 'keychain', service: COPILOT.keychainService }, storage: 'keychain' }));
  }
  items.push(...(await mcpOAuthItems(ctx)));
  for (const file of COPILOT.editorFiles) {
    const path = join(editorDir(ctx), file);
    const r = await readJson(path, editorSchema);
    if (r.status === 'unreadable' || r.status === 'malformed') items.push(brokenItem(SOURCE, `copilot:editor:${file}`, 'editor plugin OAuth tokens', r));
    if (r.status !== 'ok') continue;
    for (const [key, value] of Object.entries(r.data)) {
      const e = editorEntrySchema.safeParse(value);
      if (!e.success || !e.data.oauth_token) continue;
      const masked = maskSecret(e.data.oauth_token, KNOWN_PREFIXES);
      const name = safeText(key, 80) ?? '?';
      items.push(
        item(SOURCE, {
          id: `copilot:editor:${redactName(key)}`,
          kind: 'editor plugin OAuth token',
          label: `editor plugin OAuth token — ${name}`,
          isLogin: true,
          location: { type: 'file', path, entry: redactName(key) },
          storage: 'file (plain text)',
          account: e.data.user ? { name: safeText(e.data.user, 60) } : undefined,
          masked,
          modifiedAt: r.facts.modifiedAt,
          details: { key: name, pointer: toPointer([key]) },
          problems: permissionProblems(r.facts, ctx),
        }),
      );
    }
  }
  return items;
}

async function revokePlan(credentials: LocalCredential[], ctx: SourceContext): Promise<RevokePlan> {
  const steps: RevokeStep[] = [];
  const logins = credentials.filter((c) => c.isLogin);
  // `revoke copilot` ends the login; MCP tokens go when named (`revoke copilot:mcp:<file>`) or when they are all there is.
  const chosen = logins.length ? logins : credentials.filter((c) => c.id.startsWith('copilot:mcp:'));
  for (const c of chosen) {
    if (c.location.type === 'file' && c.details.deleteFile === true) {
      steps.push({ kind: 'delete-file', path: c.location.path, root: copilotHome(ctx), description: `the MCP OAuth token file of ${c.details.server}; other servers' files stay` });
      continue;
    }
    if (c.location.type === 'keychain') steps.push({ kind: 'delete-keychain', service: c.location.service, description: 'the Copilot CLI token in the OS keychain' });
    else if (c.location.type === 'file' && typeof c.details.pointer === 'string') {
      steps.push({ kind: 'delete-entry', path: c.location.path, entry: c.details.pointer, format: 'json-key', root: ctx.home, description: 'the token; the rest of the file stays' });
    }
  }
  return {
    sourceId: SOURCE.id,
    credentialIds: chosen.map((c) => c.id),
    steps: [...steps, { kind: 'open-url', url: PAGES.githubOAuthApps, description: 'revoke GitHub Copilot CLI at GitHub: the token stays valid until then' }],
    doesNotCover: [
      "Copilot CLI's /logout (and these steps) remove the local token but do not revoke it on GitHub.",
      'It does not unset COPILOT_GITHUB_TOKEN / GH_TOKEN / GITHUB_TOKEN, and Copilot CLI falls back to `gh auth token`: see the "gh" source.',
      ...(logins.length && credentials.some((c) => c.id.startsWith('copilot:mcp:')) ? ['It does not remove MCP OAuth tokens (mcp-oauth-config): `keysweep revoke copilot:mcp:<file>`.'] : []),
      ...(chosen.some((c) => c.kind === 'MCP OAuth file') ? ['MCP OAuth files in a layout Keysweep does not know are not deleted: remove them with Copilot CLI, or yourself.'] : []),
    ],
  };
}

export const copilotSource: CredentialSource = { id: SOURCE.id, tool: SOURCE.tool, read, revokePlan };
