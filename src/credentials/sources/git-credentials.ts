/**
 * git's plain-text credential store (reference §5): ~/.git-credentials and $XDG_CONFIG_HOME/git/credentials, one
 * `https://user:token@host` per line. Each line is removed by its URL without the password; other lines stay.
 */
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { lineEntry } from '../entry-edit';
import { readWith } from '../fs-read';
import { brokenItem, item, maskSecret, openItYourself, permissionProblems, safeText, type SourceInfo } from '../item';
import { pageForHost } from '../pages';
import { redactName, userAndSecret } from '../redact-text';
import type { CredentialProblem, CredentialSource, LocalCredential, RevokePlan, RevokeStep, SourceContext } from '../types';

// ---- where git keeps them ----------------------------------------------------------------------------------
export const GIT_CREDENTIALS = { home: '.git-credentials', xdg: join('git', 'credentials') };

const SOURCE: SourceInfo = { id: 'git-credentials', tool: '.git-credentials' };

export function gitCredentialPaths(ctx: Pick<SourceContext, 'env' | 'home'>): string[] {
  return [join(ctx.home, GIT_CREDENTIALS.home), join(ctx.env.XDG_CONFIG_HOME || join(ctx.home, '.config'), GIT_CREDENTIALS.xdg)];
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

const storeSchema = z.object({
  entries: z.array(z.object({ user: z.string(), password: z.string().optional(), host: z.string(), path: z.string(), entry: z.string(), line: z.number().int().positive() })),
  unparsed: z.number().int().min(0),
});

/**
 * git skips lines it cannot use; so do we, counting them. A line with a token as its user name (GitHub's
 * `https://<token>:x-oauth-basic@github.com`, or no password at all) is a credential too: the user name is the secret.
 */
function parseStore(text: string): { ok: true; value: z.infer<typeof storeSchema> } {
  const value: z.infer<typeof storeSchema> = { entries: [], unparsed: 0 };
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    const m = /^([a-z][a-z0-9+.-]*):\/\/([^:@/\s]*)(?::([^@/\s]*))?@([^/\s]+)(\/\S*)?$/i.exec(line.trim());
    const user = m ? decode(m[2]!) : '';
    const password = m?.[3] === undefined ? undefined : decode(m[3]);
    if (!m || !userAndSecret(user, password).secret) {
      value.unparsed++;
      return;
    }
    value.entries.push({ user, password, host: m[4]!, path: m[5] ?? '', entry: lineEntry(line)!, line: i + 1 });
  });
  return { ok: true, value };
}

async function readFile(path: string, fileId: string, ctx: SourceContext): Promise<LocalCredential[]> {
  const r = await readWith(path, parseStore, storeSchema, { allowEmpty: true, lossy: true });
  if (r.status === 'absent') return [];
  if (r.status !== 'ok') return [brokenItem(SOURCE, `git-credentials:${fileId}`, 'stored passwords and tokens', r, { isLogin: true })];
  const { entries, unparsed } = r.data;
  const items: LocalCredential[] = entries.map((e) => {
    const { secret, userIsSecret } = userAndSecret(e.user, e.password);
    // The token in the user-name slot is the secret: masked, never shown as a name.
    const user = e.user ? (userIsSecret ? maskSecret(e.user) : safeText(e.user, 60)) : undefined;
    const idUser = e.user ? (userIsSecret ? maskSecret(e.user) : redactName(e.user)) : undefined;
    const host = safeText(e.host, 100) ?? '?';
    const problems: CredentialProblem[] = permissionProblems(r.facts, ctx);
    if (userIsSecret) problems.push({ code: 'token-in-user-name', severity: 'info', message: `${path} line ${e.line} holds its token as the user name (${maskSecret(secret!)})` });
    return item(SOURCE, {
      id: `git-credentials:${idUser ? `${idUser}@` : ''}${redactName(e.host)}${e.path ? redactName(e.path) : ''}`,
      kind: 'password or token',
      label: `password or token — ${user ? `${user}@` : ''}${host}`,
      isLogin: true,
      location: { type: 'file', path, entry: e.entry },
      storage: 'file (plain text)',
      account: user && !userIsSecret ? { name: user } : undefined,
      masked: maskSecret(secret!),
      modifiedAt: r.facts.modifiedAt,
      details: { host, entry: e.entry, line: e.line, ...(r.invalidBytes ? { nonUtf8Bytes: r.invalidBytes } : {}) },
      problems,
    });
  });
  if (unparsed && items.length === 0) {
    return [brokenItem(SOURCE, `git-credentials:${fileId}`, 'stored passwords and tokens', { status: 'malformed', path, code: 'malformed-lines', message: `${path} has ${unparsed} line${unparsed === 1 ? '' : 's'} that are not credential URLs`, facts: r.facts }, { isLogin: true })];
  }
  if (unparsed) {
    const note: CredentialProblem = { code: 'malformed-lines', severity: 'info', message: `${path} also has ${unparsed} line${unparsed === 1 ? '' : 's'} git cannot use` };
    items[0]!.problems.push(note);
  }
  return items;
}

async function read(ctx: SourceContext): Promise<LocalCredential[]> {
  const out: LocalCredential[] = [];
  const [home, xdg] = gitCredentialPaths(ctx);
  out.push(...(await readFile(home!, 'file', ctx)), ...(await readFile(xdg!, 'xdg-file', ctx)));
  return out;
}

async function revokePlan(credentials: LocalCredential[]): Promise<RevokePlan> {
  const chosen = credentials.filter((c) => c.isLogin);
  const steps: RevokeStep[] = [];
  const pages: RevokeStep[] = [];
  const notUnderstood: string[] = [];
  for (const c of chosen) {
    if (c.location.type !== 'file') continue;
    if (typeof c.details.entry === 'string') steps.push({ kind: 'delete-entry', path: c.location.path, entry: c.details.entry, format: 'line', root: dirname(c.location.path), description: 'that line; the other lines stay' });
    // Never deleted whole: other hosts' credentials may be in it.
    else notUnderstood.push(openItYourself(c, 'the lines of the credentials you want gone'));
    const page = typeof c.details.host === 'string' ? pageForHost(c.details.host) : undefined;
    if (page && !pages.some((p) => p.kind === 'open-url' && p.url === page.url)) pages.push({ kind: 'open-url', ...page });
  }
  return {
    sourceId: SOURCE.id,
    credentialIds: chosen.map((c) => c.id),
    steps: [...steps, ...pages],
    doesNotCover: [
      ...notUnderstood,
      'Removing the line does not revoke the token at its host.',
      'Other credential helpers (osxkeychain, manager, libsecret) may hold a copy: `git credential reject` asks them all to forget it.',
    ],
  };
}

export const gitCredentialsSource: CredentialSource = { id: SOURCE.id, tool: SOURCE.tool, read, revokePlan };
