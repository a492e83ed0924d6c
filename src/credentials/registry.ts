/**
 * Every credential source, in the order the faces list them: Codex CLI first (the headline), then the other coding
 * agents, then developer tools, then plain files. `readAll` never throws: a source that fails unexpectedly becomes
 * one item saying so, and the others still report.
 */
import { aiderSource, continueSource, cursorSource } from './app-configs';
import { awsSource } from './aws';
import { azureSource } from './azure';
import { claudeSource } from './claude';
import { codexSource } from './codex';
import { copilotSource } from './copilot';
import { dockerSource, podmanSource } from './docker';
import { gcloudSource } from './gcloud';
import { geminiSource } from './gemini';
import { ghSource } from './gh';
import { gitCredentialsSource } from './git-credentials';
import { hubSource } from './hub';
import { huggingfaceSource } from './huggingface';
import { netrcSource } from './netrc';
import { npmSource } from './npm';
import { shellSource } from './shell-env';
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
