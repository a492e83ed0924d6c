/**
 * The incident-response runbook (DESIGN.md): five rows, each expanded from what this machine and workspace hold,
 * each step with its action and a done / not-done / not-applicable state. Pure: inputs in, checklist out.
 */
import type { LocalCredential } from '../credentials/types';
import { catalogEntry } from '../grants/catalog';
import type { ReviewState } from '../grants/review-state';
import type { Grant } from '../grants/types';
import { commandLine } from './command-line';

export type StepState = 'done' | 'not-done' | 'not-applicable';

export type StepAction =
  | { kind: 'open-url'; url: string }
  /** `keysweep revoke <sourceId>` / the sidebar's revoke flow. */
  | { kind: 'revoke'; sourceId: string }
  /** A command only the user can run (e.g. `codex mcp logout github`). */
  | { kind: 'run'; command: string };

export interface RunbookStep {
  /** Stable id; marking it reviewed (`keysweep review <id>`) marks a manual step done. */
  id: string;
  title: string;
  /** Facts behind the step: masked values, paths, counts. Never a secret. */
  details: string[];
  action?: StepAction;
  state: StepState;
}

export interface RunbookRow {
  number: 1 | 2 | 3 | 4 | 5;
  title: string;
  steps: RunbookStep[];
}

export interface RunbookFinding {
  provider: string;
  ruleId: string;
  description: string;
  path: string;
  line: number;
  masked: string;
  fingerprint: string;
  gitStatus: string;
  revokeUrl: string;
}

export interface RunbookInput {
  now: Date;
  /** Manual steps count as done when reviewed at or after this instant (the incident's start). */
  since: Date;
  credentials: LocalCredential[];
  grants: Grant[];
  findings: RunbookFinding[];
  reviews: ReviewState;
}

export interface Runbook {
  generatedAt: string;
  since: string;
  rows: RunbookRow[];
}

export const DEFAULT_INCIDENT_WINDOW_DAYS = 7;

function reviewedSince(input: RunbookInput, id: string): boolean {
  const at = input.reviews.reviews[id];
  return at !== undefined && Date.parse(at) >= input.since.getTime();
}

/** A step the user does on a web page: done once they mark it reviewed during this incident. */
function pageStep(input: RunbookInput, id: string, title: string, url: string, details: string[] = []): RunbookStep {
  return { id, title, details, action: { kind: 'open-url', url }, state: reviewedSince(input, id) ? 'done' : 'not-done' };
}

function catalogStep(input: RunbookInput, catalogId: string, title?: string): RunbookStep {
  const entry = catalogEntry(catalogId);
  if (!entry) throw new Error(`unknown catalog entry ${catalogId}`);
  return pageStep(input, catalogId, title ?? entry.title, entry.url, [entry.lookFor]);
}

const isCodexLogin = (c: LocalCredential) => c.sourceId === 'codex' && c.isLogin === true;
const isCodexMcp = (c: LocalCredential) => c.sourceId === 'codex' && !c.isLogin && /mcp/i.test(c.kind);
/** History, transcripts and logs carry a `keysFound` count from the engine. */
const isCodexTranscript = (c: LocalCredential) => c.sourceId === 'codex' && !c.isLogin && typeof c.details.keysFound === 'number';

function describeCredential(c: LocalCredential): string {
  const where = c.location.type === 'file' ? c.location.path : c.location.type === 'keychain' ? `keychain "${c.location.service}"` : c.location.type === 'env' ? `$${c.location.variable}` : 'unknown location';
  return `${c.label}${c.masked ? ` (${c.masked})` : ''} — ${where}`;
}

function row1(input: RunbookInput): RunbookRow {
  return {
    number: 1,
    title: 'ChatGPT first-party sessions',
    steps: [catalogStep(input, 'chatgpt-active-sessions', 'Open ChatGPT Settings > Security > Active sessions and sign out devices you do not recognise')],
  };
}

function row2(input: RunbookInput): RunbookRow {
  const steps: RunbookStep[] = [catalogStep(input, 'openai-api-keys', 'Review API Platform sessions and API keys; delete keys that may be exposed')];
  const byProvider = new Map<string, RunbookFinding[]>();
  for (const f of input.findings) byProvider.set(f.provider, [...(byProvider.get(f.provider) ?? []), f]);
  for (const [provider, findings] of [...byProvider].sort(([a], [b]) => a.localeCompare(b))) {
    const id = `revoke-workspace-keys:${provider.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
    steps.push(
      pageStep(
        input,
        id,
        `Revoke the ${provider} key${findings.length === 1 ? '' : 's'} found in the workspace, then remove ${findings.length === 1 ? 'it' : 'them'} from the files`,
        findings[0]!.revokeUrl,
        findings.map((f) => `${f.masked} in ${f.path}:${f.line} (${f.gitStatus}) — ${f.description}`),
      ),
    );
  }
  if (byProvider.size === 0) {
    steps.push({ id: 'revoke-workspace-keys', title: 'Revoke keys found in the workspace', details: ['No keys found in the workspace.'], state: 'not-applicable' });
  }
  return { number: 2, title: 'API Platform', steps };
}

function row3(input: RunbookInput): RunbookRow {
  const codex = input.credentials.filter((c) => c.sourceId === 'codex');
  const logins = codex.filter(isCodexLogin).filter((c) => c.state !== 'unknown');
  const mcp = codex.filter(isCodexMcp);
  const transcripts = codex.filter(isCodexTranscript);
  const codexSeen = codex.length > 0;
  const steps: RunbookStep[] = [
    {
      id: 'codex-logout',
      // `codex logout` is best effort: it reports success even when the revoke request fails or the machine is offline.
      title: 'Log out of Codex CLI (`codex logout` asks OpenAI to revoke the ChatGPT refresh token but cannot confirm it) and remove its local credentials (file, keychain)',
      details: logins.length ? logins.map(describeCredential) : [codexSeen ? 'No Codex CLI login remains on this machine.' : 'Codex CLI is not set up on this machine.'],
      action: { kind: 'revoke', sourceId: 'codex' },
      state: !codexSeen ? 'not-applicable' : logins.length ? 'not-done' : 'done',
    },
  ];
  for (const token of mcp) {
    const name = token.id.split(':').slice(2).join(':') || token.label;
    // The server's name is put in a command only when it holds nothing to hide; else the revoke flow removes it.
    const argument = typeof token.details.serverArgument === 'string' ? token.details.serverArgument : undefined;
    const line = argument ? commandLine(['codex', 'mcp', 'logout', argument]) : undefined;
    steps.push({
      id: `codex-mcp-logout:${name}`,
      title: `Log out of the MCP server "${name}" (\`codex logout\` does not remove MCP tokens)`,
      details: [describeCredential(token)],
      action: line ? { kind: 'run', command: line } : { kind: 'revoke', sourceId: token.id },
      state: 'not-done',
    });
  }
  const apiKeys = logins.filter((c) => c.masked);
  steps.push(
    apiKeys.length
      ? pageStep(input, 'codex-api-keys', 'Delete the API keys Codex CLI used or created (a logout does not delete keys on the server)', 'https://platform.openai.com/api-keys', apiKeys.map(describeCredential))
      : { id: 'codex-api-keys', title: 'Delete the API keys Codex CLI used or created', details: ['No API key is stored by Codex CLI on this machine.'], state: reviewedSince(input, 'codex-api-keys') ? 'done' : 'not-applicable' },
  );
  const withKeys = transcripts.filter((t) => Number(t.details.keysFound ?? 0) > 0);
  if (withKeys.length) {
    steps.push({
      id: 'codex-transcripts',
      title: 'Revoke the keys pasted into Codex transcripts and history, then delete or redact those files',
      details: withKeys.map((t) => `${describeCredential(t)}: ${t.details.keysFound} key(s) found`),
      state: reviewedSince(input, 'codex-transcripts') ? 'done' : 'not-done',
    });
  }
  const otherAgents = input.credentials.filter((c) => c.sourceId !== 'codex' && ['claude', 'gemini', 'copilot'].includes(c.sourceId) && c.state === 'present');
  if (otherAgents.length) {
    steps.push({
      id: 'other-agents-logout',
      title: 'Log out of the other coding agents that hold credentials here',
      details: otherAgents.map(describeCredential),
      state: 'not-done',
    });
  }
  return { number: 3, title: 'Codex CLI on this machine', steps };
}

function row4(input: RunbookInput): RunbookRow {
  const steps: RunbookStep[] = [];
  // Codex CLI's own grants (its ChatGPT login, its MCP tokens) are steps of row 3 already.
  for (const g of input.grants.filter((x) => x.client !== 'Codex CLI')) {
    const run = g.revokeSteps.find((s) => s.kind === 'run');
    const url = g.revokeSteps.find((s) => s.kind === 'open-url');
    const line = run && run.kind === 'run' ? commandLine([run.command, ...run.args]) : undefined;
    steps.push({
      id: `grant:${g.id}`,
      title: g.kind === 'mcp-server' ? `Revoke ${g.client}'s grant to the MCP server "${g.name}"${g.url ? ` (${g.url})` : ''}` : `Revoke the ${g.name} OAuth grant at ${g.service}`,
      details: [
        `token stored: ${g.store}${g.path ? ` (${g.path})` : ''}`,
        ...g.plaintextSecrets.map((s) => `plain-text secret ${s.masked} at ${s.where}`),
        ...g.problems.map((p) => p.message),
      ],
      action: line ? { kind: 'run', command: line } : url && url.kind === 'open-url' ? { kind: 'open-url', url: url.url } : undefined,
      state: reviewedSince(input, `grant:${g.id}`) ? 'done' : 'not-done',
    });
  }
  for (const id of ['chatgpt-apps', 'chatgpt-workspace-apps', 'github-app-authorizations', 'github-oauth-apps', 'google-connections', 'microsoft-consents', 'atlassian-connected-apps', 'slack-apps']) {
    steps.push(catalogStep(input, id));
  }
  return { number: 4, title: 'Connected apps', steps };
}

function row5(input: RunbookInput): RunbookRow {
  return {
    number: 5,
    title: 'Afterwards',
    steps: [
      pageStep(input, 'compliance-review', 'Review Codex activity through the Compliance API (Enterprise workspaces)', 'https://chatgpt.com/admin'),
      pageStep(input, 'codex-rbac', 'Restrict who can use Codex with role-based access control (workspace admins)', 'https://chatgpt.com/admin'),
    ],
  };
}

export function buildRunbook(input: RunbookInput): Runbook {
  return {
    generatedAt: input.now.toISOString(),
    since: input.since.toISOString(),
    rows: [row1(input), row2(input), row3(input), row4(input), row5(input)],
  };
}

export function runbookProgress(runbook: Runbook): { done: number; open: number; notApplicable: number } {
  const steps = runbook.rows.flatMap((r) => r.steps);
  return {
    done: steps.filter((s) => s.state === 'done').length,
    open: steps.filter((s) => s.state === 'not-done').length,
    notApplicable: steps.filter((s) => s.state === 'not-applicable').length,
  };
}
