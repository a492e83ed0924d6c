import type { RuleSpec } from '../engine/types';

export const aiRules: RuleSpec[] = [];
