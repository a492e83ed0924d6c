/**
 * The built-in rule set, as data. Order matters: when two findings overlap, the rule listed first wins, so
 * provider-specific families come first, then credential files, and the generic rules last.
 */
import type { RuleSpec } from '../engine/types';
import { aiRules } from './ai';
import { cloudRules } from './cloud';
import { codehostsRules } from './codehosts';
import { filesRules } from './files';
import { genericRules } from './generic';
import { openaiRules } from './openai';
import { privateKeyRules } from './privatekeys';
import { registriesRules } from './registries';
import { saasRules } from './saas';

export const builtinRules: readonly RuleSpec[] = [
  ...openaiRules,
  ...aiRules,
  ...codehostsRules,
  ...registriesRules,
  ...cloudRules,
  ...saasRules,
  ...privateKeyRules,
  ...filesRules,
  ...genericRules,
];

export function ruleById(id: string): RuleSpec | undefined {
  return builtinRules.find((r) => r.id === id);
}
