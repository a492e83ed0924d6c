/**
 * GitHub CLI (reference §4): hosts.yml lists the accounts per host; the token is in the OS keychain ("gh:<host>",
 * accounts "" and "<user>") unless stored insecurely in hosts.yml. `gh auth logout` only forgets locally.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { readWith } from '../fs-read';
import { brokenItem, item, maskSecret, openItYourself, permissionProblems, plaintextProblem, safeText, type SourceInfo } from '../item';
import { argumentFromFile, redactName } from '../redact-text';
import { PAGES } from '../pages';
import type { CredentialProblem, CredentialSource, LocalCredential, RevokePlan, RevokeStep, SourceContext } from '../types';
import { parseYamlLite } from '../yaml-lite';

// ---- where gh keeps things ---------------------------------------------------------------------------------
export const GH = {
  configDirEnv: 'GH_CONFIG_DIR',
  hosts: 'hosts.yml',
  keychainService: (host: string) => `gh:${host}`,
};

const SOURCE: SourceInfo = { id: 'gh', tool: 'GitHub CLI' };

const userSchema = z.looseObject({ oauth_token: z.string().nullable().optional() }).nullable();
const hostSchema = z
  .looseObject({
    users: z.record(z.string(), userSchema).nullable().optional(),
    user: z.string().nullable().optional(),
    oauth_token: z.string().nullable().optional(),
    git_protocol: z.string().nullable().optional(),
  })
  .nullable();
export const hostsSchema = z.record(z.string(), hostSchema).nullable();

/** `gh auth logout --user` arrived with multi-account support in gh 2.40.0; older gh exits 1 on "unknown flag". */
export const GH_LOGOUT_USER_SINCE: readonly [number, number, number] = [2, 40, 0];

/** "gh version 2.23.0 (2023-02-08)" (Debian: "2.23.0+dfsg1-1"); anything else is unknown. */
export function parseGhVersion(output: string): [number, number, number] | undefined {
  const m = /^gh version (\d{1,4})\.(\d{1,4})\.(\d{1,6})\b/m.exec(output);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

function atLeast(version: readonly number[], since: readonly number[]): boolean {
  for (let i = 0; i < since.length; i++) if ((version[i] ?? 0) !== since[i]) return (version[i] ?? 0) > since[i]!;
  return true;
}

/** The installed gh's version through the context's exec (no shell); undefined when it cannot be told. */
export async function installedGhVersion(bin: string, ctx: SourceContext): Promise<[number, number, number] | undefined> {
  if (!ctx.exec) return undefined;
  const r = await ctx.exec(bin, ['--version'], { env: { ...ctx.env, HOME: ctx.home }, timeoutMs: 10_000 });
  return 'error' in r || r.code !== 0 ? undefined : parseGhVersion(r.stdout);
}

export function ghConfigDir(ctx: Pick<SourceContext, 'env' | 'home' | 'platform'>): string {
  if (ctx.env[GH.configDirEnv]) return ctx.env[GH.configDirEnv]!;
  if (ctx.env.XDG_CONFIG_HOME) return join(ctx.env.XDG_CONFIG_HOME, 'gh');
  if (ctx.platform === 'win32' && ctx.env.APPDATA) return join(ctx.env.APPDATA, 'GitHub CLI');
  return join(ctx.home, '.config', 'gh');
}

async function read(ctx: SourceContext): Promise<LocalCredential[]> {
  const path = join(ghConfigDir(ctx), GH.hosts);
  const hosts = await readWith(path, parseYamlLite, hostsSchema, { allowEmpty: true });
  if (hosts.status === 'absent') return [];
  if (hosts.status !== 'ok') return [brokenItem(SOURCE, 'gh:hosts', 'OAuth tokens (hosts.yml)', hosts, { isLogin: true })];
  const items: LocalCredential[] = [];
  for (const [rawHost, block] of Object.entries(hosts.data ?? {})) {
    if (!block) continue;
    const host = safeText(rawHost, 100) ?? '?';
    const active = block.user ?? undefined;
    const users = new Set([...Object.keys(block.users ?? {}), ...(active ? [active] : [])]);
    for (const rawUser of users) {
      const user = safeText(rawUser, 60) ?? '?';
      const token = block.users?.[rawUser]?.oauth_token ?? (rawUser === active ? block.oauth_token : undefined) ?? undefined;
      const service = GH.keychainService(rawHost);
      const inKeychain = token ? 'absent' : await ctx.keychain.has(service, rawUser);
      const problems: CredentialProblem[] = [];
      let masked: string | undefined;
      if (token) {
        masked = maskSecret(token);
        problems.push(plaintextProblem(path, masked, 'gh stored it insecurely (--insecure-storage or no keychain)'), ...permissionProblems(hosts.facts, ctx));
      } else if (inKeychain === 'absent') {
        problems.push({ code: 'token-missing', severity: 'info', message: `hosts.yml lists ${user} on ${host}, but no token was found in hosts.yml or the keychain` });
      }
      items.push(
        item(SOURCE, {
          id: `gh:${redactName(rawHost)}:${redactName(rawUser)}`,
          kind: 'OAuth token',
          label: `OAuth token — ${user} on ${host}${rawUser === active ? ' (active)' : ''}`,
          isLogin: true,
          location: token || inKeychain !== 'present' ? { type: 'file', path, entry: `${redactName(rawHost)} / ${redactName(rawUser)}` } : { type: 'keychain', service: redactName(service), account: redactName(rawUser) },
          storage: token ? 'hosts.yml (plain text)' : inKeychain === 'present' ? 'keyring' : inKeychain === 'unknown' ? 'keyring (not verified: keychain not reachable)' : 'none found',
          account: { name: user },
          masked,
          modifiedAt: hosts.facts.modifiedAt,
          details: {
            host,
            user,
            // Passed to `gh auth logout` and the keychain only when they hold nothing to hide.
            hostArgument: argumentFromFile(rawHost),
            userArgument: argumentFromFile(rawUser),
            active: rawUser === active,
            keychain: inKeychain,
            gitProtocol: safeText(block.git_protocol ?? undefined, 20) ?? null,
          },
          problems,
        }),
      );
    }
  }
  return items;
}

async function revokePlan(credentials: LocalCredential[], ctx: SourceContext): Promise<RevokePlan> {
  const dir = ghConfigDir(ctx);
  const bin = await ctx.which('gh');
  const steps: RevokeStep[] = [];
  const logins = credentials.filter((c) => c.isLogin);
  const all = await read(ctx);
  const everyAccount = all.filter((c) => c.isLogin).every((c) => logins.some((l) => l.id === c.id));
  const notCovered: string[] = [];
  // Only a gh that knows `--user` can log out one of several accounts on a host; an older one (or one whose version
  // cannot be read) logs out the host's only account with plain `--hostname`.
  const version = bin ? await installedGhVersion(bin, ctx) : undefined;
  const knowsUser = version !== undefined && atLeast(version, GH_LOGOUT_USER_SINCE);
  const accountsOn = (host: unknown) => all.filter((c) => c.isLogin && c.details.host === host).length;
  let ranForEvery = logins.length > 0;
  for (const c of logins) {
    const host = typeof c.details.hostArgument === 'string' ? c.details.hostArgument : undefined;
    const user = typeof c.details.userArgument === 'string' ? c.details.userArgument : undefined;
    if (!host || !user) {
      if (c.details.host) notCovered.push(`The account ${c.details.user} on ${c.details.host} has a name that looks like a secret, so it is neither passed to gh nor looked up in the keychain: remove it with \`gh auth logout\` yourself.`);
      ranForEvery = false;
      continue;
    }
    const args = knowsUser ? ['auth', 'logout', '--hostname', host, '--user', user] : accountsOn(c.details.host) === 1 ? ['auth', 'logout', '--hostname', host] : undefined;
    const run = Boolean(bin && args);
    if (run) steps.push({ kind: 'run', command: 'gh', args: args!, env: { HOME: ctx.home, GH_CONFIG_DIR: dir }, revokesServerSide: false, description: `forget ${user} on ${host} (hosts.yml and keychain)` });
    else ranForEvery = false;
    if (bin && !args) {
      const shown = version ? `gh ${version.join('.')}` : 'The installed gh (its version could not be read)';
      notCovered.push(`${shown} cannot log out one of several accounts on ${host} (\`--user\` needs gh ${GH_LOGOUT_USER_SINCE.join('.')}): Keysweep removes ${user}'s keychain item itself; a token for ${user} written into hosts.yml stays there — remove the \`${user}:\` block under \`users:\` by hand, or update gh.`);
    }
    // `fallback` only after this account's own logout: never skipped because another account's logout worked.
    steps.push({ kind: 'delete-keychain', service: GH.keychainService(host), account: user, description: `the token of ${user} on ${host}`, fallback: run ? true : undefined });
    if (c.details.active) steps.push({ kind: 'delete-keychain', service: GH.keychainService(host), account: '', description: `the active-account token on ${host}`, fallback: run ? true : undefined });
  }
  const broken = logins.find((c) => c.id === 'gh:hosts');
  // hosts.yml is deleted only when it was understood and every account in it is being logged out; a file that could
  // not be parsed may hold settings and accounts nobody asked about.
  if (broken) notCovered.push(openItYourself(broken, 'the accounts you want gone (or run `gh auth logout`)'));
  else if (everyAccount && logins.length) steps.push({ kind: 'delete-file', path: join(dir, GH.hosts), root: dir, description: 'hosts.yml (only accounts being logged out are in it)', fallback: ranForEvery ? true : undefined });
  return {
    sourceId: SOURCE.id,
    credentialIds: logins.map((c) => c.id),
    steps: [...steps, { kind: 'open-url', url: PAGES.githubCliApp, description: 'revoke the GitHub CLI app: tokens stay valid on GitHub until then' }],
    doesNotCover: [
      ...notCovered,
      '`gh auth logout` does not invalidate the token on GitHub (gh says so): revoke "GitHub CLI" at github.com/settings/applications.',
      ...(bin || everyAccount ? [] : ['Without gh installed, hosts.yml is not edited while it lists other accounts: remove those lines by hand.']),
      'It does not unset GH_TOKEN / GITHUB_TOKEN in your environment.',
    ],
  };
}

export const ghSource: CredentialSource = { id: SOURCE.id, tool: SOURCE.tool, read, revokePlan };
