/**
 * MCP OAuth tokens the clients keep in files: Codex `.credentials.json`, Claude Code `.credentials.json` (`mcpOAuth`),
 * Gemini CLI `mcp-oauth-tokens.json`. Only metadata leaves this module (server, expiry, scopes, where); token values
 * are never returned.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { toPointer } from '../credentials/entry-edit';
import type { CredentialProblem } from '../credentials/types';
import { codexHome, type McpLocations } from './mcp-servers';
import { readConfig } from './read-config';

export interface McpTokenRecord {
  client: 'Codex CLI' | 'Claude Code' | 'Gemini CLI';
  serverName: string;
  serverUrl?: string;
  /** ISO 8601. */
  expiresAt?: string;
  scopes?: string[];
  path: string;
  /** JSON Pointer (RFC 6901) of the entry inside the file, for a delete-entry step. */
  entry: string;
}

/** Expiry fields come in ms or s since the epoch, or as ISO strings, depending on the writer. */
export function toIso(value: unknown): string | undefined {
  if (typeof value === 'string') return Number.isNaN(Date.parse(value)) ? undefined : new Date(value).toISOString();
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return undefined;
  const ms = value < 1e11 ? value * 1000 : value;
  return new Date(ms).toISOString();
}

/** RFC 6901, each key redacted (a key can be a secret): the same addressing as the revoke executor's. */
export function jsonPointer(...segments: string[]): string {
  return toPointer(segments);
}

function scopesOf(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.filter((s): s is string => typeof s === 'string');
  if (typeof value === 'string' && value.trim()) return value.trim().split(/\s+/);
  return undefined;
}

const codexEntry = z.looseObject({
  server_name: z.string().optional(),
  server_url: z.string().optional(),
  expires_at: z.unknown().optional(),
  scopes: z.unknown().optional(),
});
const codexFile = z.record(z.string(), codexEntry);

const claudeEntry = z.looseObject({ serverName: z.string().optional(), serverUrl: z.string().optional(), expiresAt: z.unknown().optional(), scopes: z.unknown().optional(), scope: z.unknown().optional() });
const claudeFile = z.looseObject({ mcpOAuth: z.record(z.string(), claudeEntry).optional() });

const geminiEntry = z.looseObject({
  serverName: z.string().optional(),
  serverUrl: z.string().optional(),
  token: z.looseObject({ expiresAt: z.unknown().optional(), scope: z.unknown().optional() }).optional(),
  expiresAt: z.unknown().optional(),
});
const geminiFile = z.union([z.array(geminiEntry), z.record(z.string(), geminiEntry)]);

export interface McpTokensRead {
  tokens: McpTokenRecord[];
  problems: Array<{ client: string; path: string; problem: CredentialProblem }>;
}

export async function readMcpTokens(loc: McpLocations): Promise<McpTokensRead> {
  const out: McpTokensRead = { tokens: [], problems: [] };
  const codexPath = join(codexHome(loc), '.credentials.json');
  const codex = await readConfig(codexPath, 'json', codexFile);
  if (codex.state === 'ok') {
    for (const [key, e] of Object.entries(codex.data)) {
      out.tokens.push({ client: 'Codex CLI', serverName: e.server_name ?? key.split('|')[0]!, serverUrl: e.server_url, expiresAt: toIso(e.expires_at), scopes: scopesOf(e.scopes), path: codexPath, entry: jsonPointer(key) });
    }
  } else if (codex.state === 'problem') out.problems.push({ client: 'Codex CLI', path: codexPath, problem: codex.problem });

  const claudePath = join(loc.env.CLAUDE_CONFIG_DIR || join(loc.home, '.claude'), '.credentials.json');
  const claude = await readConfig(claudePath, 'json', claudeFile);
  if (claude.state === 'ok') {
    for (const [key, e] of Object.entries(claude.data.mcpOAuth ?? {})) {
      out.tokens.push({ client: 'Claude Code', serverName: e.serverName ?? key.split('|')[0]!, serverUrl: e.serverUrl, expiresAt: toIso(e.expiresAt), scopes: scopesOf(e.scopes ?? e.scope), path: claudePath, entry: jsonPointer('mcpOAuth', key) });
    }
  } else if (claude.state === 'problem') out.problems.push({ client: 'Claude Code', path: claudePath, problem: claude.problem });

  const geminiPath = join(loc.env.GEMINI_CLI_HOME || loc.home, '.gemini', 'mcp-oauth-tokens.json');
  const gemini = await readConfig(geminiPath, 'json', geminiFile);
  if (gemini.state === 'ok') {
    const entries: Array<[string, z.infer<typeof geminiEntry>]> = Array.isArray(gemini.data) ? gemini.data.map((e, i) => [String(i), e]) : Object.entries(gemini.data);
    for (const [key, e] of entries) {
      out.tokens.push({ client: 'Gemini CLI', serverName: e.serverName ?? key, serverUrl: e.serverUrl, expiresAt: toIso(e.token?.expiresAt ?? e.expiresAt), scopes: scopesOf(e.token?.scope), path: geminiPath, entry: jsonPointer(key) });
    }
  } else if (gemini.state === 'problem') out.problems.push({ client: 'Gemini CLI', path: geminiPath, problem: gemini.problem });
  return out;
}
