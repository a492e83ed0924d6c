/**
 * Hugging Face (reference §5): the token file ($HF_TOKEN_PATH, else $HF_HOME/token), the named-token store
 * `stored_tokens` (INI) beside it, and the legacy ~/.huggingface/token. `hf auth logout` deletes them locally only.
 */
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { expandHomePrefix } from '../context';
import { readWith } from '../fs-read';
import { parseIni } from '../ini';
import { brokenItem, item, maskSecret, permissionProblems, safeText, type SourceInfo } from '../item';
import { redactName } from '../redact-text';
import { PAGES } from '../pages';
import type { CredentialSource, LocalCredential, RevokePlan, RevokeStep, SourceContext } from '../types';

// ---- where huggingface_hub keeps things --------------------------------------------------------------------
export const HF = { homeEnv: 'HF_HOME', tokenPathEnv: 'HF_TOKEN_PATH', token: 'token', stored: 'stored_tokens', legacy: join('.huggingface', 'token') };

const SOURCE: SourceInfo = { id: 'huggingface', tool: 'Hugging Face' };
const iniSchema = z.record(z.string(), z.record(z.string(), z.string()));

/** One token on one line, as huggingface_hub writes it. */
function tokenLine(text: string): { ok: true; value: string } | { ok: false; line: number; what: 'token file' } {
  const lines = text.trim().split(/\r?\n/);
  return lines.length === 1 && !/\s/.test(lines[0]!) ? { ok: true, value: lines[0]! } : { ok: false, line: Math.min(lines.length, 2), what: 'token file' };
}

/** huggingface_hub (1.x, 2.0) runs HF_HOME (XDG_CACHE_HOME included) and HF_TOKEN_PATH through `expanduser`. */
export function hfPaths(ctx: Pick<SourceContext, 'env' | 'home' | 'platform'>): { home: string; token: string; stored: string; legacy: string } {
  const home = expandHomePrefix(ctx.env[HF.homeEnv] || join(ctx.env.XDG_CACHE_HOME || join(ctx.home, '.cache'), 'huggingface'), ctx);
  const token = ctx.env[HF.tokenPathEnv] ? expandHomePrefix(ctx.env[HF.tokenPathEnv]!, ctx) : join(home, HF.token);
  return { home, token, stored: join(dirname(token), HF.stored), legacy: join(ctx.home, HF.legacy) };
}

async function tokenFileItem(id: string, kind: string, path: string, ctx: SourceContext): Promise<LocalCredential | undefined> {
  const r = await readWith(path, tokenLine, z.string().regex(/^\S+$/));
  if (r.status === 'absent') return undefined;
  if (r.status !== 'ok') return brokenItem(SOURCE, id, kind, r, { isLogin: true });
  const token = r.data;
  return item(SOURCE, {
    id,
    kind,
    isLogin: true,
    location: { type: 'file', path },
    storage: 'file (plain text)',
    masked: maskSecret(token),
    modifiedAt: r.facts.modifiedAt,
    problems: permissionProblems(r.facts, ctx),
  });
}

async function read(ctx: SourceContext): Promise<LocalCredential[]> {
  const paths = hfPaths(ctx);
  const items: LocalCredential[] = [];
  const main = await tokenFileItem('huggingface:token', 'access token', paths.token, ctx);
  if (main) items.push(main);
  const stored = await readWith(paths.stored, parseIni, iniSchema, { allowEmpty: true });
  if (stored.status === 'unreadable' || stored.status === 'malformed') items.push(brokenItem(SOURCE, 'huggingface:stored', 'stored access tokens', stored, { isLogin: true }));
  if (stored.status === 'ok') {
    for (const [name, values] of Object.entries(stored.data)) {
      if (!values.hf_token) continue;
      const label = safeText(name, 60) ?? '?';
      items.push(
        item(SOURCE, {
          id: `huggingface:stored:${redactName(name)}`,
          kind: 'stored access token',
          label: `stored access token — ${label}`,
          isLogin: true,
          location: { type: 'file', path: paths.stored, entry: redactName(name) },
          storage: 'file (plain text)',
          masked: maskSecret(values.hf_token.trim()),
          modifiedAt: stored.facts.modifiedAt,
          details: { section: redactName(name) },
          problems: permissionProblems(stored.facts, ctx),
        }),
      );
    }
  }
  const legacy = await tokenFileItem('huggingface:legacy-token', 'access token (legacy location)', paths.legacy, ctx);
  if (legacy) items.push(legacy);
  return items;
}

async function revokePlan(credentials: LocalCredential[], ctx: SourceContext): Promise<RevokePlan> {
  const paths = hfPaths(ctx);
  const hf = await ctx.which('hf');
  const cli = hf ? 'hf' : (await ctx.which('huggingface-cli')) ? 'huggingface-cli' : undefined;
  const chosen = credentials.filter((c) => c.isLogin);
  const steps: RevokeStep[] = [];
  if (cli) steps.push({ kind: 'run', command: cli, args: cli === 'hf' ? ['auth', 'logout'] : ['logout'], env: { HOME: ctx.home, HF_HOME: paths.home, HF_TOKEN_PATH: paths.token }, revokesServerSide: false, description: 'log out: deletes the stored tokens' });
  for (const c of chosen) {
    if (c.location.type !== 'file') continue;
    if (c.id.startsWith('huggingface:stored:')) steps.push({ kind: 'delete-entry', path: c.location.path, entry: String(c.details.section), format: 'ini-section', root: dirname(c.location.path), description: `the stored token "${c.details.section}"`, fallback: cli ? true : undefined });
    // The token files and stored_tokens hold Hugging Face tokens and nothing else: deleted whole even when unreadable.
    else steps.push({ kind: 'delete-file', path: c.location.path, root: dirname(c.location.path), description: c.kind, fallback: cli && c.id !== 'huggingface:legacy-token' ? true : undefined });
  }
  return {
    sourceId: SOURCE.id,
    credentialIds: chosen.map((c) => c.id),
    steps: [...steps, { kind: 'open-url', url: PAGES.huggingfaceTokens, description: 'invalidate the tokens at Hugging Face: they stay valid until then' }],
    doesNotCover: ['Logging out does not invalidate tokens on huggingface.co.', 'It does not remove a token the login added to a git credential helper, nor HF_TOKEN in your environment.'],
  };
}

export const huggingfaceSource: CredentialSource = { id: SOURCE.id, tool: SOURCE.tool, read, revokePlan };
