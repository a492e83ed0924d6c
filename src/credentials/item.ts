/**
 * Building LocalCredential items the same way in every source: defaults, the "present but broken" item, the
 * permission check, and the text hygiene that keeps a file's contents (or terminal escapes) out of any output.
 */
import type { FileFacts, ReadFailure } from './fs-read';
import { redactKnown, redactText } from './redact-text';
import type { CredentialLocation, CredentialProblem, LocalCredential, SourceContext } from './types';

export { KNOWN_PREFIXES, maskSecret } from './redact-text';

export interface SourceInfo {
  id: string;
  tool: string;
}

export type ItemInit = Omit<LocalCredential, 'sourceId' | 'tool' | 'details' | 'problems' | 'state' | 'label'> &
  Partial<Pick<LocalCredential, 'details' | 'problems' | 'state' | 'label'>>;

export function item(source: SourceInfo, init: ItemInit): LocalCredential {
  const { id, kind, label, state, location, details, problems, ...rest } = init;
  // Key order is the JSON output's order: identity first, then facts, then details and problems.
  return scrub({
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
  });
}

/**
 * The safety net under every item: whatever text a source built, anything the engine or a provider prefix
 * recognises as a secret is masked before the item leaves. File text was redacted where it was inserted (safeText,
 * redactName); this catches the place that forgot. Paths are left as they are (they name files, they are not file
 * text, and a changed path would point at nothing).
 */
function scrub(c: LocalCredential): LocalCredential {
  const text = (v: string) => redactKnown(v);
  const location: CredentialLocation =
    c.location.type === 'file'
      ? { ...c.location, ...(c.location.entry !== undefined ? { entry: text(c.location.entry) } : {}) }
      : c.location.type === 'keychain'
        ? { ...c.location, service: text(c.location.service), ...(c.location.account !== undefined ? { account: text(c.location.account) } : {}) }
        : c.location.type === 'env'
          ? { ...c.location, variable: text(c.location.variable) }
          : { ...c.location, note: text(c.location.note) };
  const details: LocalCredential['details'] = {};
  for (const [k, v] of Object.entries(c.details)) details[k] = typeof v === 'string' ? text(v) : v;
  return {
    ...c,
    id: text(c.id),
    kind: text(c.kind),
    label: text(c.label),
    location,
    ...(c.storage !== undefined ? { storage: text(c.storage) } : {}),
    ...(c.account ? { account: Object.fromEntries(Object.entries(c.account).map(([k, v]) => [k, v === undefined ? v : text(v)])) } : {}),
    ...(c.scopes ? { scopes: c.scopes.map(text) } : {}),
    details,
    problems: c.problems.map((p) => ({ ...p, message: text(p.message) })),
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

/**
 * The plan line for a shared file that could not be read or parsed (a broken item): it is never deleted whole —
 * other settings and other tools' entries live in it — so the user is told where it is and what to remove.
 */
export function openItYourself(c: LocalCredential, what: string): string {
  const path = c.location.type === 'file' ? c.location.path : c.id;
  const why = typeof c.details.problem === 'string' ? ` (${c.details.problem})` : '';
  return `Not changed: ${path} could not be understood${why}, and Keysweep never deletes a shared file it cannot parse. Open it and remove ${what} yourself.`;
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
 * Text taken from a file (an email, a plan, a server name) made safe to show: anything that looks like a secret
 * masked (a token in the user-name slot, a key used as a name), no control or bidi characters (terminal escapes),
 * bounded length. For display only: ids and entry addresses use `redactName`, which never shortens. Never use it on
 * the secret itself — that goes through `maskSecret`.
 */
export function safeText(value: unknown, max = 80): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = redactText(String(value))
    .replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g, '?')
    .trim();
  if (!text) return undefined;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

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
