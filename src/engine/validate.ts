/**
 * Precision: what turns a regex match into a finding. Checksums where the format has one, entropy, and the
 * look-alikes that are never secrets (placeholders, masked values, environment references, templated values).
 */
import { hasValidTokenChecksum } from './checksum';
import type { ValidatorName } from './types';

export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** Words and shapes of placeholders and masked values, as people write them in docs, samples and templates. */
const PLACEHOLDER_WORDS =
  /your[-_ ]?(?:api[-_ ]?)?(?:key|token|secret)|placeholder|example|changeme|change[-_]me|redacted|dummy|insert[-_ ]?(?:your|key|token)|replace[-_ ]?(?:me|with)|xxxx|<[^>]*>|\.\.\.|…|\*\*\*|•|\$\{|\{\{|%\(|\$\(|\bnull\b|\bundefined\b/i;
/** Environment lookups and references to a secret store, not values. */
const REFERENCE = /process\.env|os\.environ|os\.getenv|getenv\(|ENV\[|System\.getenv|secrets\.|vault:|op:\/\//i;

/** True when the value is a placeholder, masked, templated or a reference: never a real secret. */
export function isLookalike(value: string): boolean {
  const trimmed = value.trim();
  if (trimmed.length === 0) return true;
  if (PLACEHOLDER_WORDS.test(trimmed) || REFERENCE.test(trimmed)) return true;
  if (isLowDiversity(trimmed)) return true;
  return isSequential(trimmed);
}

/** One character making up most of the value: `aaaaaaaa`, `00000000000`, `sk-00000000…`. */
function isLowDiversity(value: string): boolean {
  const counts = new Map<string, number>();
  let max = 0;
  for (const ch of value) {
    const n = (counts.get(ch) ?? 0) + 1;
    counts.set(ch, n);
    if (n > max) max = n;
  }
  return value.length >= 8 && (max / value.length > 0.6 || counts.size <= 3);
}

const SEQUENCES = ['0123456789', 'abcdefghijklmnopqrstuvwxyz', '0123456789abcdef'];
function isSequential(value: string): boolean {
  const lower = value.toLowerCase();
  return SEQUENCES.some((seq) => lower.includes(seq.slice(0, 8)) && lower.length <= seq.length + 12);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX_ONLY = /^[0-9a-f]+$/i;

/** Hashes and identifiers that generic rules would otherwise mistake for secrets. */
export function isHashOrId(value: string): boolean {
  return UUID.test(value) || (HEX_ONLY.test(value) && [32, 40, 56, 64, 96, 128].includes(value.length));
}

function hasMixedCharset(value: string): boolean {
  let classes = 0;
  if (/[a-z]/.test(value)) classes++;
  if (/[A-Z]/.test(value)) classes++;
  if (/[0-9]/.test(value)) classes++;
  return classes >= 2;
}

const VALIDATORS: Record<ValidatorName, (secret: string) => boolean> = {
  'github-checksum': hasValidTokenChecksum,
  'npm-checksum': hasValidTokenChecksum,
  'not-hex-only': (s) => !isHashOrId(s),
  'mixed-charset': hasMixedCharset,
};

export function passesValidators(secret: string, names: readonly ValidatorName[] | undefined): boolean {
  if (!names) return true;
  return names.every((name) => VALIDATORS[name](secret));
}
