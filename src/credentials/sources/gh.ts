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
  for (const c of logins) {
    const host = typeof c.details.hostArgument === 'string' ? c.details.hostArgument : undefined;
    const user = typeof c.details.userArgument === 'string' ? c.details.userArgument : undefined;
    if (!host || !user) {
      if (c.details.host) notCovered.push(`The account ${c.details.user} on ${c.details.host} has a name that looks like a secret, so it is neither passed to gh nor looked up in the keychain: remove it with \`gh auth logout\` yourself.`);
      continue;
    }
    if (bin) steps.push({ kind: 'run', command: 'gh', args: ['auth', 'logout', '--hostname', host, '--user', user], env: { HOME: ctx.home, GH_CONFIG_DIR: dir }, revokesServerSide: false, description: `forget ${user} on ${host} (hosts.yml and keychain)` });
    steps.push({ kind: 'delete-keychain', service: GH.keychainService(host), account: user, description: `the token of ${user} on ${host}`, fallback: bin ? true : undefined });
    if (c.details.active) steps.push({ kind: 'delete-keychain', service: GH.keychainService(host), account: '', description: `the active-account token on ${host}`, fallback: bin ? true : undefined });
  }
  const broken = logins.find((c) => c.id === 'gh:hosts');
  // hosts.yml is deleted only when it was understood and every account in it is being logged out; a file that could
  // not be parsed may hold settings and accounts nobody asked about.
  if (broken) notCovered.push(openItYourself(broken, 'the accounts you want gone (or run `gh auth logout`)'));
  else if (everyAccount && logins.length) steps.push({ kind: 'delete-file', path: join(dir, GH.hosts), root: dir, description: 'hosts.yml (only accounts being logged out are in it)', fallback: bin ? true : undefined });
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
