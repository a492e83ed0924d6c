/**
 * Azure CLI (reference §6): ~/.azure (or $AZURE_CONFIG_DIR) — the MSAL token cache (plain JSON on Linux,
 * encrypted .bin elsewhere), the legacy accessTokens.json, service principal secrets, and azureProfile.json for
 * the signed-in user names. `az account clear` signs out every account locally.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { readJson, statFile } from '../fs-read';
import { brokenItem, item, permissionProblems, safeText, type SourceInfo } from '../item';
import { PAGES } from '../pages';
import type { CredentialProblem, CredentialSource, LocalCredential, RevokePlan, RevokeStep, SourceContext } from '../types';

// ---- where az keeps things ---------------------------------------------------------------------------------
export const AZURE = {
  configDirEnv: 'AZURE_CONFIG_DIR',
  dir: '.azure',
  msalJson: 'msal_token_cache.json',
  msalBin: 'msal_token_cache.bin',
  legacyTokens: 'accessTokens.json',
  servicePrincipals: 'service_principal_entries.json',
  profile: 'azureProfile.json',
};

const SOURCE: SourceInfo = { id: 'azure', tool: 'Azure CLI' };

const section = z.record(z.string(), z.unknown()).optional();
const msalSchema = z.looseObject({ Account: section, AccessToken: section, RefreshToken: section, IdToken: section });
const profileSchema = z.looseObject({ subscriptions: z.array(z.looseObject({ user: z.looseObject({ name: z.string().optional() }).optional() })).optional() });
const arraySchema = z.array(z.unknown());

export function azureDir(ctx: Pick<SourceContext, 'env' | 'home'>): string {
  return ctx.env[AZURE.configDirEnv] || join(ctx.home, AZURE.dir);
}

async function userNames(dir: string): Promise<string[]> {
  const r = await readJson(join(dir, AZURE.profile), profileSchema);
  if (r.status !== 'ok') return [];
  return [...new Set((r.data.subscriptions ?? []).flatMap((s) => (s.user?.name ? [safeText(s.user.name, 120) ?? '?'] : [])))];
}

async function read(ctx: SourceContext): Promise<LocalCredential[]> {
  const dir = azureDir(ctx);
  const items: LocalCredential[] = [];
  const users = await userNames(dir);
  const account = users.length ? { email: users.join(', ') } : undefined;

  const msalPath = join(dir, AZURE.msalJson);
  const msal = await readJson(msalPath, msalSchema);
  if (msal.status === 'unreadable' || msal.status === 'malformed') items.push(brokenItem(SOURCE, 'azure:token-cache', 'token cache', msal, { isLogin: true }));
  if (msal.status === 'ok') {
    const refresh = Object.keys(msal.data.RefreshToken ?? {}).length;
    const access = Object.keys(msal.data.AccessToken ?? {}).length;
    const problems: CredentialProblem[] = [...permissionProblems(msal.facts, ctx)];
    if (refresh) problems.push({ code: 'plaintext-secret', severity: 'info', message: `${refresh} refresh token${refresh === 1 ? '' : 's'} stored unencrypted in ${msalPath} (how the Azure CLI works on Linux)` });
    items.push(
      item(SOURCE, {
        id: 'azure:token-cache',
        kind: 'token cache (plain text)',
        isLogin: true,
        location: { type: 'file', path: msalPath },
        storage: 'file (plain text)',
        account,
        modifiedAt: msal.facts.modifiedAt,
        details: { refreshTokens: refresh, accessTokens: access, accounts: Object.keys(msal.data.Account ?? {}).length },
        problems,
      }),
    );
  }
  const bin = await statFile(join(dir, AZURE.msalBin));
  if (bin.status === 'ok') items.push(item(SOURCE, { id: 'azure:token-cache-encrypted', kind: 'token cache (encrypted)', isLogin: true, location: { type: 'file', path: bin.facts.path }, storage: 'file (encrypted)', account, modifiedAt: bin.facts.modifiedAt }));
  else if (bin.status !== 'absent') items.push(brokenItem(SOURCE, 'azure:token-cache-encrypted', 'token cache (encrypted)', bin, { isLogin: true }));

  for (const [file, id, kind, note] of [
    [AZURE.legacyTokens, 'azure:legacy-tokens', 'legacy token cache (plain text)', 'left by Azure CLI before 2.30, which no longer reads it: delete it'],
    [AZURE.servicePrincipals, 'azure:service-principals', 'service principal secrets', 'service principal secrets or certificate paths in plain text'],
  ] as const) {
    const path = join(dir, file);
    const r = await readJson(path, arraySchema);
    if (r.status === 'absent') continue;
    if (r.status !== 'ok') {
      items.push(brokenItem(SOURCE, id, kind, r, { isLogin: true }));
      continue;
    }
    if (r.data.length === 0) continue;
    items.push(
      item(SOURCE, {
        id,
        kind,
        label: `${kind} — ${r.data.length} entr${r.data.length === 1 ? 'y' : 'ies'}`,
        isLogin: true,
        location: { type: 'file', path },
        storage: 'file (plain text)',
        modifiedAt: r.facts.modifiedAt,
        details: { entries: r.data.length },
        problems: [...permissionProblems(r.facts, ctx), { code: 'plaintext-secret', severity: 'warning', message: `${path}: ${note}` }],
      }),
    );
  }
  return items;
}

async function revokePlan(credentials: LocalCredential[], ctx: SourceContext): Promise<RevokePlan> {
  const dir = azureDir(ctx);
  const bin = await ctx.which('az');
  const chosen = credentials.filter((c) => c.isLogin);
  const steps: RevokeStep[] = [];
  if (bin) steps.push({ kind: 'run', command: 'az', args: ['account', 'clear'], env: { HOME: ctx.home, AZURE_CONFIG_DIR: dir }, revokesServerSide: false, description: 'sign out every account and service principal, clearing the token cache' });
  for (const c of chosen) {
    if (c.location.type !== 'file') continue;
    // az no longer reads accessTokens.json, so its logout leaves it behind.
    const covered = Boolean(bin) && c.id !== 'azure:legacy-tokens';
    steps.push({ kind: 'delete-file', path: c.location.path, root: dir, description: c.kind, fallback: covered || undefined });
  }
  return {
    sourceId: SOURCE.id,
    credentialIds: chosen.map((c) => c.id),
    steps: [
      ...steps,
      { kind: 'open-url', url: PAGES.microsoftMyAccount, description: 'work or school account: sign out of sessions you do not recognise' },
      { kind: 'open-url', url: PAGES.microsoftConsents, description: 'personal Microsoft account: review app consents' },
    ],
    doesNotCover: ['Signing out of the Azure CLI does not revoke refresh tokens at Microsoft; service principal secrets stay valid until rotated in Entra ID.'],
  };
}

export const azureSource: CredentialSource = { id: SOURCE.id, tool: SOURCE.tool, read, revokePlan };
