/**
 * Codex's MCP OAuth tokens (codex-rs/rmcp-client/src/oauth.rs): the file fallback $CODEX_HOME/.credentials.json — a
 * map of "<server>|<hash>" to the stored tokens — and the keychain service "Codex MCP Credentials", account
 * "<server>|<16 hex of sha256 of {"type":"http","url":URL,"headers":{}}>". One item per server.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { toPointer } from '../entry-edit';
import { readJson } from '../fs-read';
import { brokenItem, expiryProblem, isoFromEpoch, item, permissionProblems, safeText, type SourceInfo } from '../item';
import { argumentFromFile, redactName } from '../redact-text';
import type { LocalCredential, SourceContext } from '../types';

export const MCP_KEYCHAIN_SERVICE = 'Codex MCP Credentials';

const entrySchema = z.looseObject({
  server_name: z.string().optional(),
  server_url: z.string().optional(),
  client_id: z.string().optional(),
  access_token: z.string().optional(),
  refresh_token: z.string().nullable().optional(),
  expires_at: z.number().nullable().optional(),
  scopes: z.array(z.string()).nullable().optional(),
});

export const mcpCredentialsSchema = z.record(z.string(), z.unknown());

export function mcpKeychainAccount(name: string, url: string): string {
  const key = JSON.stringify({ type: 'http', url, headers: {} });
  return `${name}|${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
}

/** The server name in a stored key "<server>|<hash>". */
export function serverNameOfKey(key: string): string {
  const bar = key.lastIndexOf('|');
  return bar > 0 ? key.slice(0, bar) : key;
}

export async function codexMcpItems(
  source: SourceInfo,
  credentialsPath: string,
  servers: Array<{ name: string; url?: string }>,
  storeMode: string,
  ctx: SourceContext,
): Promise<LocalCredential[]> {
  const items: LocalCredential[] = [];
  const read = await readJson(credentialsPath, mcpCredentialsSchema);
  if (read.status === 'unreadable' || read.status === 'malformed') items.push(brokenItem(source, 'codex:mcp', 'MCP OAuth tokens', read));
  if (read.status === 'ok') {
    const perms = permissionProblems(read.facts, ctx);
    for (const [key, value] of Object.entries(read.data)) {
      const rawName = serverNameOfKey(key);
      const name = safeText(rawName, 60) ?? '?';
      // Addressed by an RFC 6901 pointer, always: a key that starts with "/" is a name, never a path.
      const pointer = toPointer([key]);
      const ids = { server: name, serverArgument: argumentFromFile(rawName), pointer };
      const parsed = entrySchema.safeParse(value);
      if (!parsed.success) {
        items.push(
          item(source, {
            id: `codex:mcp:${redactName(rawName)}`,
            kind: 'MCP OAuth token',
            label: `MCP OAuth token — ${name} (not understood)`,
            state: 'malformed',
            location: { type: 'file', path: credentialsPath, entry: pointer },
            storage: 'file',
            details: ids,
            problems: [{ code: 'unexpected-shape', severity: 'warning', message: `${credentialsPath}: the entry for ${name} has an unexpected shape` }],
          }),
        );
        continue;
      }
      const e = parsed.data;
      const expiresAt = isoFromEpoch(e.expires_at ?? undefined);
      items.push(
        item(source, {
          id: `codex:mcp:${redactName(rawName)}`,
          kind: 'MCP OAuth token',
          label: `MCP OAuth token — ${name}`,
          location: { type: 'file', path: credentialsPath, entry: pointer },
          storage: 'file',
          expiresAt,
          modifiedAt: read.facts.modifiedAt,
          scopes: e.scopes?.map((s) => safeText(s, 80) ?? '?'),
          details: {
            ...ids,
            serverUrl: safeText(e.server_url, 200) ?? null,
            refreshTokenStored: Boolean(e.refresh_token),
            entry: safeText(key, 120) ?? null,
          },
          problems: [...perms, ...expiryProblem(expiresAt, ctx, `The access token for ${name}`)],
        }),
      );
    }
  }
  const fromFile = new Set(items.map((i) => i.id));
  for (const server of servers) {
    if (!server.url || fromFile.has(`codex:mcp:${redactName(server.name)}`)) continue;
    const account = mcpKeychainAccount(server.name, server.url);
    const answer = await ctx.keychain.has(MCP_KEYCHAIN_SERVICE, account);
    // With the default store ("auto") an unknown answer is noise for every configured server; say it only when the
    // config insists on the keychain.
    if (answer === 'absent' || (answer === 'unknown' && storeMode !== 'keyring')) continue;
    const name = safeText(server.name, 60) ?? '?';
    const serverArgument = argumentFromFile(server.name);
    items.push(
      item(source, {
        id: `codex:mcp:${redactName(server.name)}`,
        kind: 'MCP OAuth token',
        label: `MCP OAuth token — ${name}${answer === 'unknown' ? ' (keychain not reachable)' : ''}`,
        state: answer === 'present' ? 'present' : 'unknown',
        // The account embeds the server name: shown (and deleted) only when that name holds nothing to hide.
        location: { type: 'keychain', service: MCP_KEYCHAIN_SERVICE, account: serverArgument ? account : redactName(account) },
        storage: 'keyring',
        details: { server: name, serverArgument, serverUrl: safeText(server.url, 200) ?? null },
      }),
    );
  }
  return items;
}
