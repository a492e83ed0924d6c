/** Credentials and plan steps as lines for people (the CLI's text output). Masked values only, by construction. */
import { pointerSegments } from './entry-edit';
import type { LocalCredential, RevokeStep } from './types';

export function age(iso: string | undefined, now: Date): string | undefined {
  if (!iso) return undefined;
  const ms = now.getTime() - Date.parse(iso);
  if (Number.isNaN(ms)) return undefined;
  const abs = Math.abs(ms);
  const minutes = Math.round(abs / 60_000);
  const hours = Math.round(abs / 3_600_000);
  const days = Math.round(abs / 86_400_000);
  const span =
    minutes < 1 ? 'less than a minute' : minutes < 60 ? plural(minutes, 'minute') : hours < 48 ? plural(hours, 'hour') : days < 60 ? plural(days, 'day') : days < 730 ? plural(Math.round(days / 30), 'month') : plural(Math.round(days / 365), 'year');
  return ms < 0 ? `in ${span}` : `${span} ago`;
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

export function whereText(c: LocalCredential): string {
  switch (c.location.type) {
    case 'file':
      return c.location.entry ? `${c.location.path} [${c.location.entry}]` : c.location.path;
    case 'keychain':
      return `keychain "${c.location.service}"${c.location.account !== undefined ? ` / "${c.location.account}"` : ''}`;
    case 'env':
      return `$${c.location.variable}${c.location.path ? ` in ${c.location.path}` : ''}`;
    default:
      return c.location.note;
  }
}

/** Facts on one line: account, refresh age, expiry, storage, masked value. */
export function factsText(c: LocalCredential, now: Date): string {
  const parts: string[] = [];
  if (c.state !== 'present') parts.push(c.state);
  if (c.account?.email) parts.push(c.account.email);
  if (c.account?.name && c.account.name !== c.account.email) parts.push(c.account.name);
  if (c.account?.plan) parts.push(`plan ${c.account.plan}`);
  if (c.account?.id) parts.push(`account ${c.account.id}`);
  if (c.masked) parts.push(c.masked);
  if (c.lastRefresh) parts.push(`refreshed ${age(c.lastRefresh, now)}`);
  if (c.expiresAt) parts.push(Date.parse(c.expiresAt) <= now.getTime() ? `expired ${age(c.expiresAt, now)}` : `expires ${age(c.expiresAt, now)}`);
  if (c.storage) parts.push(`storage: ${c.storage}`);
  if (!c.lastRefresh && c.modifiedAt) parts.push(`modified ${age(c.modifiedAt, now)}`);
  return parts.join(' · ');
}

export function credentialLines(c: LocalCredential, now: Date): string[] {
  const lines = [`  ${c.label}`, `      ${whereText(c)}`];
  const facts = factsText(c, now);
  if (facts) lines.push(`      ${facts}`);
  for (const p of c.problems) lines.push(`      ${p.severity === 'error' ? '✗' : p.severity === 'warning' ? '!' : 'i'} ${p.message}`);
  return lines;
}

export function stepText(step: RevokeStep): string {
  const tail = 'fallback' in step && step.fallback ? ' (only if the logout above fails)' : '';
  switch (step.kind) {
    case 'run':
      return `run \`${[step.command, ...step.args].join(' ')}\` — ${step.description}${tail}`;
    case 'delete-file':
      return `delete ${step.path} — ${step.description}${tail}`;
    case 'delete-entry':
      return `remove "${entryText(step)}" from ${step.path} — ${step.description}${tail}`;
    case 'delete-keychain':
      return `delete keychain item "${step.service}"${step.account !== undefined ? ` / "${step.account}"` : ''} — ${step.description}${tail}`;
    case 'open-url':
      return `open ${step.url} — ${step.description}`;
  }
}

/** An entry as people read it: a JSON Pointer as its keys ("auths › ghcr.io"), an array element by its name. */
function entryText(step: Extract<RevokeStep, { kind: 'delete-entry' }>): string {
  if (step.format !== 'json-key') return step.entry;
  let keys: string;
  try {
    keys = pointerSegments(step.entry).join(' › ');
  } catch {
    keys = step.entry;
  }
  if (!step.select) return keys;
  return `${step.select.key}=${step.select.value}${keys ? ` in ${keys}` : ''}`;
}

/** "Codex CLI: not logged in" when a source has had a login and none is left. */
export function loginSummary(tool: string, items: readonly LocalCredential[]): string | undefined {
  const logins = items.filter((c) => c.isLogin);
  if (logins.length === 0) return `${tool}: not logged in`;
  if (logins.every((c) => c.state === 'unknown')) return `${tool}: login unknown (the keychain could not be asked)`;
  return undefined;
}
