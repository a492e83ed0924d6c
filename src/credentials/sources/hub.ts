/** The archived `hub` CLI (reference §5): ~/.config/hub, YAML, host -> [{user, oauth_token, protocol}]. No logout. */
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { readWith } from '../fs-read';
import { brokenItem, item, maskSecret, openItYourself, permissionProblems, plaintextProblem, safeText, type SourceInfo } from '../item';
import { redactName } from '../redact-text';
import { PAGES } from '../pages';
import type { CredentialSource, LocalCredential, RevokePlan, SourceContext } from '../types';
import { parseYamlLite } from '../yaml-lite';

// ---- where hub keeps things --------------------------------------------------------------------------------
export const HUB = { configEnv: 'HUB_CONFIG', file: 'hub' };

const SOURCE: SourceInfo = { id: 'hub', tool: 'hub' };

const entrySchema = z.looseObject({ user: z.string().nullable().optional(), oauth_token: z.string().nullable().optional(), protocol: z.string().nullable().optional() });
const hubSchema = z.record(z.string(), z.array(entrySchema).nullable()).nullable();

export function hubConfigPath(ctx: Pick<SourceContext, 'env' | 'home'>): string {
  return ctx.env[HUB.configEnv] || join(ctx.env.XDG_CONFIG_HOME || join(ctx.home, '.config'), HUB.file);
}

async function read(ctx: SourceContext): Promise<LocalCredential[]> {
  const path = hubConfigPath(ctx);
  const config = await readWith(path, parseYamlLite, hubSchema, { allowEmpty: true });
  if (config.status === 'absent') return [];
  if (config.status !== 'ok') return [brokenItem(SOURCE, 'hub:config', 'OAuth token', config, { isLogin: true })];
  const items: LocalCredential[] = [];
  for (const [rawHost, entries] of Object.entries(config.data ?? {})) {
    for (const e of entries ?? []) {
      if (!e.oauth_token) continue;
      const host = safeText(rawHost, 100) ?? '?';
      const user = safeText(e.user ?? undefined, 60) ?? '?';
      const masked = maskSecret(e.oauth_token);
      items.push(
        item(SOURCE, {
          id: `hub:${redactName(rawHost)}:${redactName(e.user ?? '?')}`,
          kind: 'OAuth token',
          label: `OAuth token — ${user} on ${host}`,
          isLogin: true,
          location: { type: 'file', path, entry: `${redactName(rawHost)} / ${redactName(e.user ?? '?')}` },
          storage: 'file (plain text)',
          account: { name: user },
          masked,
          modifiedAt: config.facts.modifiedAt,
          details: { host, user },
          problems: [...permissionProblems(config.facts, ctx), plaintextProblem(path, masked, 'hub is archived: revoke the token if you no longer use it')],
        }),
      );
    }
  }
  return items;
}

async function revokePlan(credentials: LocalCredential[], ctx: SourceContext): Promise<RevokePlan> {
  const path = hubConfigPath(ctx);
  // hub's file holds only hosts, users, tokens and protocols: wholly its login, deleted whole — but only when it was
  // understood. One that could not be parsed is left for the user to look at.
  const broken = credentials.find((c) => c.state !== 'present');
  return {
    sourceId: SOURCE.id,
    credentialIds: credentials.map((c) => c.id),
    steps: [
      ...(broken ? [] : [{ kind: 'delete-file' as const, path, root: dirname(path), description: "hub's configuration (it holds only hosts, users and tokens)" }]),
      { kind: 'open-url', url: PAGES.githubOAuthApps, description: 'revoke hub (or the personal access token) at GitHub' },
    ],
    doesNotCover: [...(broken ? [openItYourself(broken, 'the hosts whose tokens you want gone')] : []), 'Deleting the file does not invalidate the token on GitHub.', 'It does not unset GITHUB_TOKEN in your environment.'],
  };
}

export const hubSource: CredentialSource = { id: SOURCE.id, tool: SOURCE.tool, read, revokePlan };
