/**
 * ~/.netrc (reference §5; `_netrc` on Windows, $NETRC for curl/git/requests): `machine HOST login USER password
 * SECRET` entries, read by git, curl and many CLIs. No logout: the entry is removed, the token revoked at its host.
 */
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { netrcEntryName } from '../entry-edit';
import { readWith } from '../fs-read';
import { brokenItem, item, maskSecret, openItYourself, permissionProblems, safeText, type SourceInfo } from '../item';
import { netrcMeaning, parseNetrcSyntax } from '../netrc-syntax';
import { pageForHost } from '../pages';
import { redactName, userAndSecret } from '../redact-text';
import type { CredentialProblem, CredentialSource, LocalCredential, RevokePlan, RevokeStep, SourceContext } from '../types';

// ---- where it lives ----------------------------------------------------------------------------------------
export const NETRC = { env: 'NETRC', unix: '.netrc', windows: '_netrc' };

const SOURCE: SourceInfo = { id: 'netrc', tool: '.netrc' };

export interface NetrcEntry {
  machine: string;
  login?: string;
  password?: string;
  account?: string;
}

/** The entries as the tools read them (netrc-syntax.ts, shared with the editor). Undefined when a keyword lacks its value. */
export function parseNetrc(text: string): { ok: true; entries: NetrcEntry[] } | { ok: false; line: number } {
  const r = parseNetrcSyntax(text);
  return r.ok ? { ok: true, entries: netrcMeaning(r.entries).map(({ isDefault: _d, ...e }) => e) } : r;
}

const entriesSchema = z.array(
  z.object({ machine: z.string(), isDefault: z.boolean(), login: z.string().optional(), password: z.string().optional(), account: z.string().optional(), start: z.number(), end: z.number() }),
);

function netrcParser(text: string) {
  const r = parseNetrcSyntax(text);
  return r.ok ? ({ ok: true, value: r.entries } as const) : ({ ok: false, line: r.line, what: 'netrc' } as const);
}

export function netrcPath(ctx: Pick<SourceContext, 'env' | 'home' | 'platform'>): string {
  return ctx.env[NETRC.env] || join(ctx.home, ctx.platform === 'win32' ? NETRC.windows : NETRC.unix);
}

async function read(ctx: SourceContext): Promise<LocalCredential[]> {
  const path = netrcPath(ctx);
  const r = await readWith(path, netrcParser, entriesSchema, { allowEmpty: true, lossy: true });
  if (r.status === 'absent') return [];
  if (r.status !== 'ok') return [brokenItem(SOURCE, 'netrc:file', 'passwords and tokens', r, { isLogin: true })];
  const perms = permissionProblems(r.facts, ctx);
  return r.data.flatMap((e) => {
    const { secret, userIsSecret } = userAndSecret(e.login, e.password);
    if (!secret) return [];
    const machine = safeText(e.machine, 100) ?? '?';
    // The token in the login slot (`login <token> password x-oauth-basic`) is the secret: masked, never a name.
    const shownLogin = e.login === undefined ? undefined : userIsSecret ? maskSecret(e.login) : safeText(e.login, 60);
    const idLogin = e.login === undefined ? undefined : userIsSecret ? maskSecret(e.login) : redactName(e.login);
    const entry = netrcEntryName(e.machine, e.isDefault);
    const problems: CredentialProblem[] = [...perms];
    if (userIsSecret) problems.push({ code: 'token-in-user-name', severity: 'info', message: `the ${machine} entry in ${path} holds its token as the login name (${maskSecret(secret)})` });
    return [
      item(SOURCE, {
        id: `netrc:${e.isDefault ? 'default' : redactName(e.machine)}${idLogin ? `:${idLogin}` : ''}`,
        kind: 'password or token',
        label: `password or token — ${shownLogin ? `${shownLogin}@` : ''}${machine}`,
        isLogin: true,
        location: { type: 'file', path, entry },
        storage: 'file (plain text)',
        account: shownLogin && !userIsSecret ? { name: shownLogin } : undefined,
        masked: maskSecret(secret),
        modifiedAt: r.facts.modifiedAt,
        details: { machine, entry, ...(r.invalidBytes ? { nonUtf8Bytes: r.invalidBytes } : {}) },
        problems,
      }),
    ];
  });
}

async function revokePlan(credentials: LocalCredential[], ctx: SourceContext): Promise<RevokePlan> {
  const path = netrcPath(ctx);
  const chosen = credentials.filter((c) => c.isLogin);
  const steps: RevokeStep[] = [];
  const pages: RevokeStep[] = [];
  const notUnderstood: string[] = [];
  const entries = new Set<string>();
  for (const c of chosen) {
    const entry = typeof c.details.entry === 'string' ? c.details.entry : undefined;
    if (!entry) {
      // Never deleted whole: it is shared by git, curl and every other tool that reads it.
      notUnderstood.push(openItYourself(c, 'the machine entries you want gone'));
      continue;
    }
    if (entries.has(entry)) continue;
    entries.add(entry);
    const machine = String(c.details.machine);
    steps.push({ kind: 'delete-entry', path, entry, format: 'netrc-machine', root: dirname(path), description: `the entry for ${machine}; other machines stay` });
    const page = pageForHost(machine.replace(/^api\./, ''));
    if (page && !pages.some((p) => p.kind === 'open-url' && p.url === page.url)) pages.push({ kind: 'open-url', ...page });
  }
  return {
    sourceId: SOURCE.id,
    credentialIds: chosen.map((c) => c.id),
    steps: [...steps, ...pages],
    doesNotCover: [...notUnderstood, 'Removing an entry does not revoke the password or token at its host: revoke or change it there.'],
  };
}

export const netrcSource: CredentialSource = { id: SOURCE.id, tool: SOURCE.tool, read, revokePlan };
