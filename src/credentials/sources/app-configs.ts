/**
 * Editors and agents whose config files hold API keys in plain text (reference §5): Cursor (MCP config, and its
 * SQLite state database where the login lives), Continue (config.yaml / config.json / .env) and Aider
 * (.aider.conf.yml). Keys are found by the engine and by secret-named fields; each file is one item. Keysweep does
 * not edit these files — moving a key out is the user's change — so a plan is the provider pages and what to do.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { parseJsonText, readText, statFile } from '../fs-read';
import { brokenItem, isReference, item, KNOWN_PREFIXES, maskSecret, permissionProblems, type SourceInfo } from '../item';
import { countKeys, findSecrets } from '../secret-scan';
import type { CredentialProblem, CredentialSource, LocalCredential, RevokePlan, RevokeStep, SourceContext } from '../types';

interface ConfigFile {
  id: string;
  kind: string;
  path: (ctx: SourceContext) => string;
  format: 'json' | 'yaml' | 'env';
}

// ---- where they keep things --------------------------------------------------------------------------------
const configHome = (ctx: SourceContext) => ctx.env.XDG_CONFIG_HOME || join(ctx.home, '.config');

function cursorStateDb(ctx: SourceContext): string {
  const rel = join('Cursor', 'User', 'globalStorage', 'state.vscdb');
  if (ctx.platform === 'darwin') return join(ctx.home, 'Library', 'Application Support', rel);
  if (ctx.platform === 'win32') return join(ctx.env.APPDATA || join(ctx.home, 'AppData', 'Roaming'), rel);
  return join(configHome(ctx), rel);
}

export const CURSOR_FILES: ConfigFile[] = [{ id: 'cursor:mcp', kind: 'API keys in MCP config', path: (ctx) => join(ctx.home, '.cursor', 'mcp.json'), format: 'json' }];
export const CONTINUE_FILES: ConfigFile[] = [
  { id: 'continue:config-yaml', kind: 'API keys in config.yaml', path: (ctx) => join(ctx.home, '.continue', 'config.yaml'), format: 'yaml' },
  { id: 'continue:config-json', kind: 'API keys in config.json', path: (ctx) => join(ctx.home, '.continue', 'config.json'), format: 'json' },
  { id: 'continue:env', kind: 'API keys in .continue/.env', path: (ctx) => join(ctx.home, '.continue', '.env'), format: 'env' },
];
export const AIDER_FILES: ConfigFile[] = [
  { id: 'aider:conf', kind: 'API keys in .aider.conf.yml', path: (ctx) => join(ctx.home, '.aider.conf.yml'), format: 'yaml' },
];

/** `apiKey: value`, `"api_key": "value"`, `openai-api-key: value`, `KEY=value` — a secret-named field with a literal. */
const SECRET_FIELD = /^\s*-?\s*["']?([A-Za-z0-9_.-]*(?:api[_-]?key|apikey|token|secret|password)[A-Za-z0-9_.-]*)["']?\s*[:=]\s*["']?([^"'\s,#}]+)/i;

interface FoundSecret {
  line: number;
  masked: string;
  revokeUrl?: string;
}

export function secretsInConfig(text: string, path: string): FoundSecret[] {
  const found: FoundSecret[] = findSecrets(text, path).map((f) => ({ line: f.line, masked: f.masked, revokeUrl: f.revokeUrl }));
  text.split(/\r?\n/).forEach((line, i) => {
    const m = SECRET_FIELD.exec(line);
    if (!m || found.some((f) => f.line === i + 1)) return;
    const value = m[2]!;
    if (value.length < 8 || isReference(value) || /^\$\{\{/.test(value)) return;
    found.push({ line: i + 1, masked: maskSecret(value, KNOWN_PREFIXES) });
  });
  return found.sort((a, b) => a.line - b.line);
}

async function configItem(source: SourceInfo, file: ConfigFile, ctx: SourceContext): Promise<LocalCredential | undefined> {
  const path = file.path(ctx);
  const r = await readText(path, { allowEmpty: true });
  if (r.status === 'absent') return undefined;
  if (r.status !== 'ok') return brokenItem(source, file.id, file.kind, r);
  const problems: CredentialProblem[] = [];
  if (file.format === 'json' && r.text.trim()) {
    const parsed = parseJsonText(path, r.text, z.unknown(), r.facts);
    if (parsed.status !== 'ok') problems.push({ code: parsed.code, severity: 'warning', message: parsed.message });
  }
  const secrets = secretsInConfig(r.text, path);
  if (secrets.length === 0 && problems.length === 0) return undefined;
  problems.push(...(secrets.length ? permissionProblems(r.facts, ctx) : []));
  for (const s of secrets) problems.push({ code: 'plaintext-secret', severity: 'warning', message: `${path} line ${s.line} holds a key in plain text (${s.masked}); move it to an environment variable or a secret store` });
  return item(source, {
    id: file.id,
    kind: file.kind,
    label: secrets.length ? `${file.kind} — ${secrets.length} found` : `${file.kind} — not understood`,
    state: secrets.length || !problems.length ? 'present' : 'malformed',
    location: { type: 'file', path },
    masked: secrets[0]?.masked,
    modifiedAt: r.facts.modifiedAt,
    details: { keysFound: secrets.length, lines: secrets.map((s) => s.line).join(', '), revokeUrls: [...new Set(secrets.flatMap((s) => (s.revokeUrl ? [s.revokeUrl] : [])))].join(' ') },
    problems,
  });
}

async function cursorStateItem(source: SourceInfo, ctx: SourceContext): Promise<LocalCredential | undefined> {
  const path = cursorStateDb(ctx);
  const st = await statFile(path);
  if (st.status === 'absent') return undefined;
  if (st.status !== 'ok') return brokenItem(source, 'cursor:state', 'editor login and state database', st, { isLogin: true });
  // SQLite keeps text values as plain UTF-8 in its pages: the engine can count keys without opening the database.
  const count = await countKeys(path, false, { perFile: 16 * 1024 * 1024, budget: 16 * 1024 * 1024, allowBinary: true });
  const problems: CredentialProblem[] = [...permissionProblems(st.facts, ctx)];
  if (count.keysFound) problems.push({ code: 'plaintext-secret', severity: 'warning', message: `${count.keysFound} API key${count.keysFound === 1 ? '' : 's'} (${count.providers.join(', ')}) stored in ${path}${count.capped ? ' (first 16 MB scanned)' : ''}` });
  return item(source, {
    id: 'cursor:state',
    kind: 'editor login and state database',
    isLogin: true,
    location: { type: 'file', path },
    storage: 'SQLite (plain text values)',
    modifiedAt: st.facts.modifiedAt,
    details: { bytes: st.facts.size, keysFound: count.keysFound, providers: count.providers.join(', '), scanCapped: count.capped },
    problems,
  });
}

function pagePlan(source: SourceInfo, extraNotes: string[]) {
  return async (credentials: LocalCredential[]): Promise<RevokePlan> => {
    const urls = [...new Set(credentials.flatMap((c) => String(c.details.revokeUrls ?? '').split(' ').filter(Boolean)))];
    const steps: RevokeStep[] = urls.map((url) => ({ kind: 'open-url', url, description: 'revoke the key found in the config at its provider' }));
    return {
      sourceId: source.id,
      credentialIds: [],
      steps,
      doesNotCover: [`Keysweep does not edit ${source.tool}'s configuration: move each key into an environment variable or a secret store, then revoke the old key at its provider.`, ...extraNotes],
    };
  };
}

function configSource(source: SourceInfo, files: ConfigFile[], extra?: (ctx: SourceContext) => Promise<LocalCredential | undefined>, notes: string[] = []): CredentialSource {
  return {
    id: source.id,
    tool: source.tool,
    async read(ctx) {
      const items: LocalCredential[] = [];
      for (const f of files) {
        const i = await configItem(source, f, ctx);
        if (i) items.push(i);
      }
      const more = await extra?.(ctx);
      if (more) items.push(more);
      return items;
    },
    revokePlan: pagePlan(source, notes),
  };
}

const CURSOR: SourceInfo = { id: 'cursor', tool: 'Cursor' };
export const cursorSource = configSource(CURSOR, CURSOR_FILES, (ctx) => cursorStateItem(CURSOR, ctx), [
  "Cursor's login lives in its state database: log out inside Cursor (Settings > Account), which Keysweep cannot do for it.",
]);
export const continueSource = configSource({ id: 'continue', tool: 'Continue' }, CONTINUE_FILES);
export const aiderSource = configSource({ id: 'aider', tool: 'Aider' }, AIDER_FILES, undefined, ['Aider also reads keys from .env files in your home, git root and working folder (see the "shell" source for ~/.env).']);
