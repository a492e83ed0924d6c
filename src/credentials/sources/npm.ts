/**
 * npm (reference §5): auth lines in the user config (~/.npmrc or $NPM_CONFIG_USERCONFIG) — per registry
 * `//host/path/:_authToken=`, `:_auth=`, `:_password=`, or bare `_authToken=`. `npm logout` invalidates the token
 * on the registry and removes the line, so it is preferred; the fallback removes just that line.
 */
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { expandHomePrefix } from '../context';
import { readWith } from '../fs-read';
import { brokenItem, isReference, item, maskSecret, openItYourself, permissionProblems, plaintextProblem, safeText, type SourceInfo } from '../item';
import { argumentFromFile, redactName } from '../redact-text';
import { PAGES } from '../pages';
import type { CredentialSource, LocalCredential, RevokePlan, RevokeStep, SourceContext } from '../types';

// ---- where npm keeps things --------------------------------------------------------------------------------
export const NPM = {
  userConfigEnv: ['NPM_CONFIG_USERCONFIG', 'npm_config_userconfig'],
  file: '.npmrc',
  authKeys: { _authToken: 'registry token', _auth: 'registry login (base64 user:password)', _password: 'registry password' } as Record<string, string>,
};

const SOURCE: SourceInfo = { id: 'npm', tool: 'npm' };

const authLinesSchema = z.object({
  auth: z.array(z.object({ scope: z.string(), field: z.enum(['_authToken', '_auth', '_password']), value: z.string(), line: z.number().int().positive() })),
  /** `registry=` and `@scope:registry=` values: they say which scheme a `//host/path/:` key is reached over. */
  registries: z.array(z.string()),
});

const unquote = (value: string) => value.replace(/^["']|["']$/g, '');

/** npm's ini reader accepts any line, so there is no syntax error: only lines that carry auth or not. */
function authLines(text: string): { ok: true; value: z.infer<typeof authLinesSchema> } {
  const out: z.infer<typeof authLinesSchema> = { auth: [], registries: [] };
  text.split(/\r?\n/).forEach((line, i) => {
    const m = /^\s*((?:\/\/[^=\s]*?:)?)(_authToken|_auth|_password)\s*=\s*(.*?)\s*$/.exec(line);
    if (m) out.auth.push({ scope: m[1]!, field: m[2] as '_authToken', value: unquote(m[3]!), line: i + 1 });
    const r = /^\s*(?:@[^=\s:]+:)?registry\s*=\s*(.*?)\s*$/.exec(line);
    if (r) out.registries.push(unquote(r[1]!));
  });
  return { ok: true, value: out };
}

/** npm's "nerf dart" of a registry URL (`//host[:port]/path/`), the prefix of its auth keys; undefined if not a URL. */
export function nerfDart(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
    const rel = new URL('.', `${parsed.protocol}//${parsed.host}${parsed.pathname}`);
    return `//${rel.host}${rel.pathname}`;
  } catch {
    return undefined;
  }
}

/**
 * The registry URL for an auth key's `//host/path/` prefix: with the scheme a `registry=` / `@scope:registry=` line of
 * the same file gives it (an `http:` registry must be logged out over http: npm hangs trying https), else https.
 */
export function registryUrlFor(scope: string, registries: readonly string[]): string {
  const named = registries.find((url) => nerfDart(url) === scope);
  const scheme = named?.startsWith('http:') ? 'http:' : 'https:';
  return `${scheme}${scope}`;
}

/** npm's public registry; any other host is a private one that may be unreachable from here. */
const PUBLIC_REGISTRY = 'registry.npmjs.org';
/** A private registry that does not answer must not hold the revoke up for a minute. */
export const PRIVATE_LOGOUT_TIMEOUT_MS = 15_000;

/** npm (11.x, @npmcli/config parse-field) resolves a leading `~/` of a path setting against the home; a bare `~` not. */
export function npmrcPath(ctx: Pick<SourceContext, 'env' | 'home' | 'platform'>): string {
  for (const name of NPM.userConfigEnv) {
    const value = ctx.env[name];
    if (value) return value === '~' ? value : expandHomePrefix(value, ctx);
  }
  return join(ctx.home, NPM.file);
}

async function read(ctx: SourceContext): Promise<LocalCredential[]> {
  const path = npmrcPath(ctx);
  // Lenient: one Latin-1 byte in a comment must not hide every token in the file (nor get it deleted).
  const r = await readWith(path, authLines, authLinesSchema, { allowEmpty: true, lossy: true });
  if (r.status === 'absent') return [];
  if (r.status !== 'ok') return [brokenItem(SOURCE, 'npm:npmrc', 'registry credentials (.npmrc)', r, { isLogin: true })];
  const items: LocalCredential[] = [];
  const encoding = r.invalidBytes
    ? [{ code: 'not-utf8', severity: 'info' as const, message: `${path} has ${r.invalidBytes} byte${r.invalidBytes === 1 ? '' : 's'} that are not UTF-8 (read as \uFFFD); an edit leaves them as they are` }]
    : [];
  for (const a of r.data.auth) {
    const scope = a.scope ? a.scope.slice(0, -1) : '';
    const key = `${a.scope}${a.field}`;
    const reference = isReference(a.value);
    const host = scope ? safeText(scope.replace(/^\/\//, '').split('/')[0]!, 100) ?? '?' : 'default registry';
    const masked = reference ? undefined : maskSecret(a.value);
    items.push(
      item(SOURCE, {
        id: `npm:${scope ? redactName(scope.replace(/^\/\//, '')) : 'default'}${a.field === '_authToken' ? '' : `:${a.field}`}`,
        kind: `${NPM.authKeys[a.field]}${reference ? ` (from ${safeText(a.value, 60)})` : ''}`,
        label: `${NPM.authKeys[a.field]} — ${host}`,
        isLogin: true,
        location: { type: 'file', path, entry: redactName(key) },
        storage: reference ? 'environment variable' : 'file (plain text)',
        masked,
        modifiedAt: r.facts.modifiedAt,
        details: { registry: scope ? argumentFromFile(registryUrlFor(scope, r.data.registries)) : null, host, line: a.line, key: redactName(key) },
        problems: reference ? [...encoding] : [...permissionProblems(r.facts, ctx), plaintextProblem(`${path} line ${a.line}`, masked!), ...encoding],
      }),
    );
  }
  return items;
}

async function revokePlan(credentials: LocalCredential[], ctx: SourceContext): Promise<RevokePlan> {
  const path = npmrcPath(ctx);
  const bin = await ctx.which('npm');
  const steps: RevokeStep[] = [];
  const notUnderstood: string[] = [];
  const unconfirmed: string[] = [];
  const chosen = credentials.filter((c) => c.isLogin);
  for (const c of chosen) {
    const key = typeof c.details.key === 'string' ? c.details.key : undefined;
    if (!key) {
      // Never deleted whole: registries, proxies, scopes and every other token live in it.
      notUnderstood.push(openItYourself(c, 'the _authToken / _auth / _password lines you want gone'));
      continue;
    }
    const registry = typeof c.details.registry === 'string' ? c.details.registry : undefined;
    // A scoped registry whose name could not be passed safely to npm is edited here instead.
    const scoped = key.startsWith('//');
    const ranLogout = Boolean(bin && key.endsWith('_authToken') && (!scoped || registry));
    const isPublic = c.details.host === PUBLIC_REGISTRY;
    if (ranLogout) {
      steps.push({
        kind: 'run',
        command: 'npm',
        args: ['logout', ...(registry ? [`--registry=${registry}`] : []), `--userconfig=${path}`],
        env: { HOME: ctx.home },
        revokesServerSide: true,
        description: `invalidate the token at ${c.details.host} and remove it from .npmrc`,
        ...(isPublic ? {} : { timeoutMs: PRIVATE_LOGOUT_TIMEOUT_MS }),
      });
      if (!isPublic) unconfirmed.push(String(c.details.host));
    }
    const fallbackNote = ranLogout ? ' (the token is then NOT invalidated at the registry)' : '';
    steps.push({ kind: 'delete-entry', path, entry: key, format: 'line', root: dirname(path), description: `the ${key} line; the rest of .npmrc stays${fallbackNote}`, fallback: ranLogout ? true : undefined });
  }
  const pages: RevokeStep[] = chosen.some((c) => c.details.host === 'registry.npmjs.org')
    ? [{ kind: 'open-url', url: PAGES.npmTokens, description: 'check the token is gone from your npm access tokens' }]
    : [];
  return {
    sourceId: SOURCE.id,
    credentialIds: chosen.map((c) => c.id),
    steps: [...steps, ...pages],
    doesNotCover: [
      ...notUnderstood,
      ...(unconfirmed.length
        ? [`If \`npm logout\` cannot reach ${[...new Set(unconfirmed)].join(', ')} (it is given ${PRIVATE_LOGOUT_TIMEOUT_MS / 1000} s), only the line is removed and the token stays valid there: the result says so; then revoke it in that registry.`]
        : []),
      ...(bin ? [] : ['npm is not installed, so the token is only removed from .npmrc, not invalidated at the registry: revoke it in your access tokens.']),
      'It does not touch project .npmrc files or CI secrets holding the same token.',
    ],
  };
}

export const npmSource: CredentialSource = { id: SOURCE.id, tool: SOURCE.tool, read, revokePlan };
