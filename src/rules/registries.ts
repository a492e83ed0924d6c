import type { RuleSpec } from '../engine/types';

export const registriesRules: RuleSpec[] = [];
