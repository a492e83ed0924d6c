/**
 * The only two ways a secret is ever turned into text that leaves the engine: a masked form that keeps the
 * provider prefix and the last few characters (enough to recognise a key on a provider's page), and a fingerprint.
 */
import { createHash } from 'node:crypto';

/** At least this many characters stay hidden, whatever the prefix and tail. */
const MIN_HIDDEN = 12;
/** A known prefix is shown only when it is this short: longer "prefixes" would be part of the secret. */
const MAX_PREFIX = 16;

/**
 * `prefix` is the provider's fixed prefix when the caller knows it (the engine passes the rule keyword the secret
 * starts with: `sk-proj-`, `ghp_`, `AKIA`); without it only the tail is shown, since a guessed prefix could be
 * random characters of the secret.
 */
export function mask(secret: string, prefix = ''): string {
  const value = secret.replace(/\s+/g, '');
  const length = value.length;
  const tailLength = length >= 20 ? 4 : length >= 14 ? 2 : 0;
  const known = prefix && value.startsWith(prefix) && prefix.length <= MAX_PREFIX ? prefix : '';
  const shownPrefix = length - known.length - tailLength >= MIN_HIDDEN ? known : '';
  if (!shownPrefix && tailLength === 0) return '****';
  return `${sanitize(shownPrefix)}…${sanitize(value.slice(length - tailLength))}`;
}

/** Keeps masks printable on one line whatever the secret contained. */
function sanitize(text: string): string {
  return text.replace(/[^\x21-\x7e]/g, '?');
}

/**
 * Hash of rule id + secret; stable across line moves and files. 16 hex characters (64 bits). Whitespace is left out
 * so a multi-line secret (a PEM block) has one fingerprint in LF and CRLF checkouts alike.
 */
export function fingerprint(ruleId: string, secret: string): string {
  return createHash('sha256').update(ruleId).update('\0').update(secret.replace(/\s+/g, '')).digest('hex').slice(0, 16);
}
