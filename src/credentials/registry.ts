/**
 * Every credential source, in the order the faces list them: Codex CLI first (the headline), then the other coding
 * agents, then developer tools, then plain files. `readAll` never throws: a source that fails unexpectedly becomes
 * one item saying so, and the others still report.
 */
import { aiderSource, continueSource, cursorSource } from './sources/app-configs';
import { awsSource } from './sources/aws';
import { azureSource } from './sources/azure';
import { claudeSource } from './sources/claude';
import { codexSource } from './sources/codex';
import { copilotSource } from './sources/copilot';
import { dockerSource, podmanSource } from './sources/docker';
import { gcloudSource } from './sources/gcloud';
import { geminiSource } from './sources/gemini';
import { ghSource } from './sources/gh';
import { gitCredentialsSource } from './sources/git-credentials';
import { hubSource } from './sources/hub';
import { huggingfaceSource } from './sources/huggingface';
import { netrcSource } from './sources/netrc';
import { npmSource } from './sources/npm';
import { shellSource } from './sources/shell-env';
import type { CredentialSource, LocalCredential, SourceContext } from './types';

export { createContext } from './context';

export const SOURCES: readonly CredentialSource[] = [
  codexSource,
  claudeSource,
  geminiSource,
  copilotSource,
  cursorSource,
  continueSource,
  aiderSource,
  ghSource,
  npmSource,
  dockerSource,
  podmanSource,
  awsSource,
  gcloudSource,
  azureSource,
  huggingfaceSource,
  netrcSource,
  gitCredentialsSource,
  hubSource,
  shellSource,
];

/** The same list under the name the inventory uses. */
export const credentialSources = SOURCES;

export const SOURCE_IDS: readonly string[] = SOURCES.map((s) => s.id);

export function sourceById(id: string): CredentialSource | undefined {
  return SOURCES.find((s) => s.id === id);
}

export async function readSource(source: CredentialSource, ctx: SourceContext): Promise<LocalCredential[]> {
  try {
    return await source.read(ctx);
  } catch (err) {
    // A bug or an unforeseen filesystem state in one module must not hide the rest of the inventory.
    return [
      {
        id: `${source.id}:error`,
        sourceId: source.id,
        tool: source.tool,
        kind: 'source',
        label: `${source.tool} could not be checked`,
        state: 'unknown',
        location: { type: 'unknown', note: 'reading failed' },
        details: {},
        problems: [{ code: 'read-failed', severity: 'warning', message: `${source.tool}: reading failed (${(err as Error)?.name ?? 'error'}); other sources are unaffected` }],
      },
    ];
  }
}

export async function readAll(ctx: SourceContext, ids?: readonly string[]): Promise<LocalCredential[]> {
  const chosen = ids && ids.length ? SOURCES.filter((s) => ids.includes(s.id)) : SOURCES;
  const results = await Promise.all(chosen.map((s) => readSource(s, ctx)));
  return results.flat();
}
