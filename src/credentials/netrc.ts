/**
 * ~/.netrc (reference §5; `_netrc` on Windows, $NETRC for curl/git/requests): `machine HOST login USER password
 * SECRET` entries, read by git, curl and many CLIs. No logout: the entry is removed, the token revoked at its host.
 */
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { readWith } from './fs-read';
import { brokenItem, item, KNOWN_PREFIXES, maskSecret, permissionProblems, safeText, type SourceInfo } from './item';
import { pageForHost } from './pages';
import type { CredentialSource, LocalCredential, RevokePlan, RevokeStep, SourceContext } from './types';

// ---- where it lives ----------------------------------------------------------------------------------------
export const NETRC = { env: 'NETRC', unix: '.netrc', windows: '_netrc' };

const SOURCE: SourceInfo = { id: 'netrc', tool: '.netrc' };

export interface NetrcEntry {
  machine: string;
  login?: string;
  password?: string;
  account?: string;
}

/** Tokens, `#` comment lines and `macdef` bodies (up to a blank line) skipped. Undefined when a keyword lacks its value. */
export function parseNetrc(text: string): { ok: true; entries: NetrcEntry[] } | { ok: false; line: number } {
  const entries: NetrcEntry[] = [];
  const lines = text.split(/\r?\n/);
  let current: NetrcEntry | undefined;
  let pending: { key: string; line: number } | undefined;
  let inMacro = false;
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    if (inMacro) {
      if (line.trim() === '') inMacro = false;
      continue;
    }
    if (line.trim().startsWith('#')) continue;
    for (const m of line.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)) {
      const token = m[1] ?? m[2]!;
      if (pending) {
        if (pending.key === 'machine') {
          current = { machine: token };
          entries.push(current);
        } else if (pending.key === 'macdef') {
          inMacro = true;
        } else if (current) {
          (current as unknown as Record<string, string>)[pending.key] = token;
        }
        pending = undefined;
        if (inMacro) break;
        continue;
      }
      if (token === 'default') {
        current = { machine: 'default' };
        entries.push(current);
      } else if (['machine', 'login', 'password', 'account', 'macdef'].includes(token)) {
        pending = { key: token, line: n + 1 };
      }
    }
  }
  if (pending) return { ok: false, line: pending.line };
  return { ok: true, entries };
}

const entriesSchema = z.array(z.object({ machine: z.string(), login: z.string().optional(), password: z.string().optional(), account: z.string().optional() }));

function netrcParser(text: string): { ok: true; value: NetrcEntry[] } | { ok: false; line: number; what: 'netrc' } {
  const r = parseNetrc(text);
  return r.ok ? { ok: true, value: r.entries } : { ok: false, line: r.line, what: 'netrc' };
}

export function netrcPath(ctx: Pick<SourceContext, 'env' | 'home' | 'platform'>): string {
  return ctx.env[NETRC.env] || join(ctx.home, ctx.platform === 'win32' ? NETRC.windows : NETRC.unix);
}

async function read(ctx: SourceContext): Promise<LocalCredential[]> {
  const path = netrcPath(ctx);
  const r = await readWith(path, netrcParser, entriesSchema, { allowEmpty: true });
  if (r.status === 'absent') return [];
  if (r.status !== 'ok') return [brokenItem(SOURCE, 'netrc:file', 'passwords and tokens', r, { isLogin: true })];
  const perms = permissionProblems(r.facts, ctx);
  return r.data
    .filter((e) => e.password)
    .map((e) => {
      const machine = safeText(e.machine, 100) ?? '?';
      const login = safeText(e.login, 60);
      return item(SOURCE, {
        id: `netrc:${machine}${login ? `:${login}` : ''}`,
        kind: 'password or token',
        label: `password or token — ${login ? `${login}@` : ''}${machine}`,
        isLogin: true,
        location: { type: 'file', path, entry: machine === 'default' ? 'default' : `machine ${machine}` },
        storage: 'file (plain text)',
        account: login ? { name: login } : undefined,
        masked: maskSecret(e.password!, KNOWN_PREFIXES),
        modifiedAt: r.facts.modifiedAt,
        details: { machine: e.machine },
        problems: perms,
      });
    });
}

async function revokePlan(credentials: LocalCredential[], ctx: SourceContext): Promise<RevokePlan> {
  const path = netrcPath(ctx);
  const chosen = credentials.filter((c) => c.isLogin);
  const steps: RevokeStep[] = [];
  const pages: RevokeStep[] = [];
  const machines = new Set<string>();
  for (const c of chosen) {
    const machine = typeof c.details.machine === 'string' ? c.details.machine : undefined;
    if (!machine) {
      steps.push({ kind: 'delete-file', path, root: dirname(path), description: 'the unreadable .netrc' });
      continue;
    }
    if (machines.has(machine)) continue;
    machines.add(machine);
    steps.push({ kind: 'delete-entry', path, entry: machine, format: 'netrc-machine', root: dirname(path), description: `the entry for ${machine}; other machines stay` });
    const page = pageForHost(machine.replace(/^api\./, ''));
    if (page && !pages.some((p) => p.kind === 'open-url' && p.url === page.url)) pages.push({ kind: 'open-url', ...page });
  }
  return {
    sourceId: SOURCE.id,
    credentialIds: chosen.map((c) => c.id),
    steps: [...steps, ...pages],
    doesNotCover: ['Removing an entry does not revoke the password or token at its host: revoke or change it there.'],
  };
}

export const netrcSource: CredentialSource = { id: SOURCE.id, tool: SOURCE.tool, read, revokePlan };
