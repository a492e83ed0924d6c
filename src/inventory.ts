/**
 * What this machine holds, for every face (CLI, sidebar, runbook): the credential sources' items and the grants,
 * plus the revoke plumbing the faces share. Pure of VS Code.
 */
import type { Grant } from './grants/types';
import { readGrants, type GrantsRead } from './grants/grants';
import { createContext, credentialSources, readSource } from './credentials/registry';
import { executePlan, type StepOutcome } from './credentials/revoke';
import type { CredentialSource, KeychainProbe, LocalCredential, RevokePlan, SourceContext } from './credentials/types';

export type { StepOutcome };

export interface InventoryOptions {
  home: string;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  now: Date;
  /** Source ids to read; empty or absent = all. */
  sources?: readonly string[];
  workspaceFolders?: readonly string[];
  /** Tests pass a fake; otherwise the platform's probe. */
  keychain?: KeychainProbe;
}

export interface Inventory {
  credentials: LocalCredential[];
  grants: Grant[];
  grantProblems: GrantsRead['problems'];
  /** Sources that failed outright (a bug, never a user's broken file: those are items with a problem). */
  errors: string[];
  /** Source ids in registry order (Codex first). */
  toolOrder: string[];
}

export const SOURCE_IDS: readonly string[] = credentialSources.map((s) => s.id);

export function sourceName(id: string): string {
  return credentialSources.find((s) => s.id === id)?.tool ?? id;
}

function contextFor(o: InventoryOptions): SourceContext {
  return createContext({ home: o.home, env: o.env, platform: o.platform, now: o.now, keychain: o.keychain });
}

function selected(o: InventoryOptions): CredentialSource[] {
  return o.sources?.length ? credentialSources.filter((s) => o.sources!.includes(s.id)) : [...credentialSources];
}

export async function loadInventory(o: InventoryOptions): Promise<Inventory> {
  const ctx = contextFor(o);
  const errors: string[] = [];
  const credentials: LocalCredential[] = [];
  for (const items of await Promise.all(selected(o).map((source) => readSource(source, ctx)))) credentials.push(...items);
  let grants: GrantsRead = { grants: [], problems: [] };
  try {
    grants = await readGrants({ home: o.home, env: o.env, platform: o.platform, workspaceFolders: [...(o.workspaceFolders ?? [])], now: o.now, keychain: ctx.keychain, credentials });
  } catch (err) {
    errors.push(`grants: ${(err as Error).message}`);
  }
  return { credentials, grants: grants.grants, grantProblems: grants.problems, errors, toolOrder: credentialSources.map((s) => s.id) };
}

export async function planRevoke(sourceId: string, o: InventoryOptions, credentialIds?: readonly string[]): Promise<RevokePlan> {
  const source = credentialSources.find((s) => s.id === sourceId);
  if (!source) throw new Error(`unknown source "${sourceId}"; sources: ${SOURCE_IDS.join(', ')}`);
  const ctx = contextFor(o);
  const all = await source.read(ctx);
  const chosen = credentialIds ? all.filter((c) => credentialIds.includes(c.id)) : all;
  return source.revokePlan(chosen, ctx);
}

export async function carryOutPlan(plan: RevokePlan, o: InventoryOptions, log: (line: string) => void): Promise<StepOutcome[]> {
  return executePlan(plan, contextFor(o), { log });
}
