/**
 * Building LocalCredential items the same way in every source: defaults, the "present but broken" item, the
 * permission check, and the text hygiene that keeps a file's contents (or terminal escapes) out of any output.
 */
import { mask } from '../engine/redact';
import type { FileFacts, ReadFailure } from './fs-read';
import type { CredentialProblem, LocalCredential, SourceContext } from './types';

export interface SourceInfo {
  id: string;
  tool: string;
}

export type ItemInit = Omit<LocalCredential, 'sourceId' | 'tool' | 'details' | 'problems' | 'state' | 'label'> &
  Partial<Pick<LocalCredential, 'details' | 'problems' | 'state' | 'label'>>;

export function item(source: SourceInfo, init: ItemInit): LocalCredential {
  const { id, kind, label, state, location, details, problems, ...rest } = init;
  // Key order is the JSON output's order: identity first, then facts, then details and problems.
  return {
    id,
    sourceId: source.id,
    tool: source.tool,
    kind,
    label: label ?? describe(kind, init.account),
    state: state ?? 'present',
    location,
    ...rest,
    details: details ?? {},
    problems: problems ?? [],
  };
}

function describe(kind: string, account: LocalCredential['account']): string {
  const who = [account?.email ?? account?.name, account?.plan].filter(Boolean).join(', ');
  return who ? `${kind} (${who})` : kind;
}

/** A file that is there but could not be read or understood: an item that says so, never nothing. */
export function brokenItem(source: SourceInfo, id: string, kind: string, failure: ReadFailure, extra: Partial<LocalCredential> = {}): LocalCredential {
  const path = failure.path;
  return item(source, {
    id,
    kind,
    label: `${kind} — ${failure.status === 'malformed' ? 'not understood' : 'cannot be read'}`,
    state: failure.status,
    location: { type: 'file', path },
    modifiedAt: failure.facts?.modifiedAt,
    details: { problem: failure.code },
    problems: [{ code: failure.code, severity: failure.code === 'dangling-symlink' ? 'info' : 'warning', message: failure.message }],
    ...extra,
  });
}

/** Group- or world-readable credential files: anyone else on the machine can copy the secret. */
export function permissionProblems(facts: FileFacts | undefined, ctx: Pick<SourceContext, 'platform'>): CredentialProblem[] {
  if (!facts || ctx.platform === 'win32') return [];
  const mode = `0${(facts.mode & 0o777).toString(8).padStart(3, '0')}`;
  if (facts.mode & 0o004) {
    return [{ code: 'world-readable', severity: 'error', message: `${facts.path} is readable by every user on this machine (mode ${mode}); run: chmod 600 "${facts.path}"` }];
  }
  if (facts.mode & 0o040) {
    return [{ code: 'group-readable', severity: 'warning', message: `${facts.path} is readable by its group (mode ${mode}); run: chmod 600 "${facts.path}"` }];
  }
  return [];
}

export function fileMode(facts: FileFacts | undefined): string | undefined {
  return facts ? `0${facts.mode.toString(8).padStart(3, '0')}` : undefined;
}

/**
 * Text taken from a file (an email, a plan, a server name) made safe to print: no control characters (terminal
 * escapes), bounded length. Never use it on secrets — those only ever go through `maskSecret`.
 */
export function safeText(value: unknown, max = 80): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value).replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '?').trim();
  if (!text) return undefined;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A stored secret as the faces may show it. Known prefixes are shown only when the value really starts with them. */
export function maskSecret(value: string, prefixes: readonly string[] = []): string {
  const prefix = prefixes.find((p) => value.startsWith(p)) ?? '';
  return mask(value, prefix);
}

/** Common provider prefixes, so a masked value still says what it is. */
export const KNOWN_PREFIXES = [
  'sk-proj-',
  'sk-svcacct-',
  'sk-admin-',
  'sk-ant-api03-',
  'sk-ant-oat01-',
  'sk-ant-ort01-',
  'sk-ant-admin01-',
  'sk-',
  'github_pat_',
  'ghp_',
  'gho_',
  'ghu_',
  'ghs_',
  'ghr_',
  'npm_',
  'hf_',
  'glpat-',
  'xoxb-',
  'xoxp-',
  'AKIA',
  'ASIA',
  'AIza',
  'ya29.',
  '1//',
  'dckr_pat_',
] as const;

export function isoFromEpoch(value: unknown): string | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return undefined;
  // Seconds or milliseconds: tools use both. 1e11 s is year 5138; 1e11 ms is 1973.
  const ms = value < 1e11 ? value * 1000 : value;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export function isoFromString(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

export function expiryProblem(expiresAt: string | undefined, ctx: Pick<SourceContext, 'now'>, what: string, severity: CredentialProblem['severity'] = 'info'): CredentialProblem[] {
  if (!expiresAt || Date.parse(expiresAt) > ctx.now.getTime()) return [];
  return [{ code: 'expired', severity, message: `${what} expired ${expiresAt.slice(0, 10)}` }];
}

export function plaintextProblem(where: string, masked: string, note = ''): CredentialProblem {
  return { code: 'plaintext-secret', severity: 'warning', message: `${where} holds a secret in plain text (${masked})${note ? `; ${note}` : ''}` };
}

/** Environment references (`${NPM_TOKEN}`, `$KEY`, `op://…`) are not secrets. */
export function isReference(value: string): boolean {
  const v = value.trim();
  return /^\$\{[^}]+\}$|^\$[A-Za-z_][A-Za-z0-9_]*$|^\{\{.*\}\}$|^\$\{\{.*\}\}$|^env:|^op:\/\/|^\$\(.*\)$|^`.*`$/.test(v) || v.includes('${');
}

/** Names that say "this is a secret" in config files and environment variables. */
export const SECRET_NAME = /token|secret|passw(or)?d|api[_-]?key|access[_-]?key|credential|private[_-]?key|bearer|authorization|^_?auth$|_auth$/i;
