/**
 * Codex's config.toml, for what it says about credentials: where logins are stored
 * (`cli_auth_credentials_store`, `mcp_oauth_credentials_store`, `[features] secret_auth_storage`), the MCP servers
 * (their keychain accounts need the URL), and secrets written into it (bearer tokens, headers, server env).
 */
import { z } from 'zod';
import { fingerprint, mask } from '../../engine/redact';
import { readToml, type DataRead } from '../fs-read';
import { isReference, safeText, SECRET_NAME } from '../item';
import { findSecrets } from '../secret-scan';

export const AUTH_STORES = ['file', 'keyring', 'auto', 'ephemeral'] as const;
export const MCP_STORES = ['auto', 'file', 'keyring'] as const;

const table = z.record(z.string(), z.unknown());

const mcpServerSchema = z.looseObject({
  url: z.string().optional(),
  command: z.string().optional(),
});

export const codexConfigSchema = z.looseObject({
  cli_auth_credentials_store: z.unknown().optional(),
  mcp_oauth_credentials_store: z.unknown().optional(),
  features: table.optional(),
  mcp_servers: z.record(z.string(), z.unknown()).optional(),
  model_providers: z.record(z.string(), z.unknown()).optional(),
});

export type CodexConfig = z.infer<typeof codexConfigSchema>;

export interface StoreMode {
  /** One of the known modes, or "unknown". */
  mode: string;
  /** As written, when not a known mode (shown so the user can see what Codex will reject or treat differently). */
  raw?: string;
  /** True when the key is absent and the default applies. */
  isDefault: boolean;
}

function storeMode(value: unknown, known: readonly string[], fallback: string): StoreMode {
  if (value === undefined) return { mode: fallback, isDefault: true };
  if (typeof value === 'string' && known.includes(value)) return { mode: value, isDefault: false };
  return { mode: 'unknown', raw: safeText(String(value), 40), isDefault: false };
}

export function authStore(config: CodexConfig | undefined): StoreMode {
  return storeMode(config?.cli_auth_credentials_store, AUTH_STORES, 'file');
}

export function mcpStore(config: CodexConfig | undefined): StoreMode {
  return storeMode(config?.mcp_oauth_credentials_store, MCP_STORES, 'auto');
}

/** `[features] secret_auth_storage`: on by default in Windows builds only. */
export function secretAuthStorage(config: CodexConfig | undefined, platform: NodeJS.Platform): boolean {
  const value = config?.features?.secret_auth_storage;
  return typeof value === 'boolean' ? value : platform === 'win32';
}

export function mcpServers(config: CodexConfig | undefined): Array<{ name: string; url?: string }> {
  return Object.entries(config?.mcp_servers ?? {}).flatMap(([name, value]) => {
    const parsed = mcpServerSchema.safeParse(value);
    return parsed.success ? [{ name, url: parsed.data.url }] : [{ name }];
  });
}

export interface ConfigSecret {
  /** Key path: "mcp_servers.github.env.GITHUB_TOKEN". */
  where: string;
  masked: string;
  fingerprint: string;
  revokeUrl?: string;
}

/** Keys whose values are secrets by definition, wherever they appear. */
const SECRET_KEYS = new Set(['experimental_bearer_token', 'bearer_token']);
/** Tables whose entries are sent to servers or put in a child's environment. */
const SECRET_TABLES = new Set(['env', 'http_headers', 'headers', 'env_http_headers']);

/** Secrets written into config.toml: named secret fields, secret-looking env/header values, and any key the engine finds. */
export function configSecrets(config: CodexConfig, text: string, path: string): ConfigSecret[] {
  const found = new Map<string, ConfigSecret>();
  const add = (keys: string[], value: string) => {
    const trimmed = value.replace(/^Bearer\s+/i, '').trim();
    if (trimmed.length < 8 || isReference(trimmed)) return;
    // Key names come from the file: a secret used as a server name or a header name is masked here too.
    const where = keys.map((k) => safeText(k, 60) ?? '?').join('.');
    const hits = findSecrets(`${keys[keys.length - 1]}=${trimmed}\n`, path);
    if (hits.length) {
      for (const h of hits) if (!found.has(h.fingerprint)) found.set(h.fingerprint, { where, masked: h.masked, fingerprint: h.fingerprint, revokeUrl: h.revokeUrl });
    } else {
      const fp = fingerprint('codex-config-secret', trimmed);
      if (!found.has(fp)) found.set(fp, { where, masked: mask(trimmed), fingerprint: fp });
    }
  };
  const visit = (node: unknown, path: string[], inSecretTable: boolean) => {
    if (typeof node === 'string') {
      const key = path[path.length - 1] ?? '';
      // env_http_headers maps a header to an env var NAME: only a pasted value (the engine sees a key) counts.
      const envNames = path[path.length - 2] === 'env_http_headers';
      if (SECRET_KEYS.has(key) || (inSecretTable && !envNames && (SECRET_NAME.test(key) || key.toLowerCase() === 'authorization'))) add(path, node);
      else if (inSecretTable && findSecrets(`${key}=${node}\n`, '').length) add(path, node);
      return;
    }
    if (node && typeof node === 'object' && !(node instanceof Date)) {
      for (const [k, v] of Object.entries(node as Record<string, unknown>)) visit(v, [...path, k], inSecretTable || SECRET_TABLES.has(k));
    }
  };
  visit(config, [], false);
  // Anything else the engine recognises (a key pasted into a comment, an unknown field).
  for (const f of findSecrets(text, path)) {
    if (!found.has(f.fingerprint) && ![...found.values()].some((s) => s.masked === f.masked)) {
      found.set(f.fingerprint, { where: `line ${f.line}`, masked: f.masked, fingerprint: f.fingerprint, revokeUrl: f.revokeUrl });
    }
  }
  return [...found.values()];
}

export function readCodexConfig(path: string): Promise<DataRead<CodexConfig>> {
  return readToml(path, codexConfigSchema, { allowEmpty: true });
}
