/**
 * The only two ways a secret is ever turned into text that leaves the engine: a masked form that keeps the
 * provider prefix and the last few characters (enough to recognise a key on a provider's page), and a fingerprint.
 */
import { createHash } from 'node:crypto';

/** Provider prefixes such as `sk-proj-`, `sk-ant-api03-`, `ghp_`, `github_pat_`, `xoxb-`, `glpat-`. */
const SEPARATED_PREFIX = /^(?:[A-Za-z]{2,10}[0-9]{0,2}[-_]){1,3}/;
/** Prefixes without a separator (AWS access key ids, Google API keys). */
const BARE_PREFIX = /^(?:AKIA|ASIA|ABIA|ACCA|AIza)/;
/** At least this many characters stay hidden, whatever the prefix and tail. */
const MIN_HIDDEN = 12;

export function mask(secret: string): string {
  const value = secret.replace(/\s+/g, '');
  const length = value.length;
  const tailLength = length >= 20 ? 4 : length >= 12 ? 2 : 0;
  const prefix = (SEPARATED_PREFIX.exec(value) ?? BARE_PREFIX.exec(value))?.[0] ?? '';
  const shownPrefix = length - prefix.length - tailLength >= MIN_HIDDEN ? prefix : '';
  if (!shownPrefix && tailLength === 0) return '****';
  return `${sanitize(shownPrefix)}…${sanitize(value.slice(length - tailLength))}`;
}

/** Keeps masks printable on one line whatever the secret contained. */
function sanitize(text: string): string {
  return text.replace(/[^\x21-\x7e]/g, '?');
}

/** Hash of rule id + secret; stable across line moves and files. 16 hex characters (64 bits). */
export function fingerprint(ruleId: string, secret: string): string {
  return createHash('sha256').update(ruleId).update('\0').update(secret).digest('hex').slice(0, 16);
}
