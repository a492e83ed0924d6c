import type { RuleSpec } from '../engine/types';

export const genericRules: RuleSpec[] = [];
